/* The first draft of the workbench and the check before a file is written. Pure functions
   on plain data (run under node in tests/test_draft_model.py); kb.js and kb-editor.js build
   the page from them.

   - firstDraft: each section gets its best-fitting example (the unit type's own first, then
     examples written for every type, 通用; then the one evidencing more of the section's
     duties) composed with the section's framework (compose): the example replaces the
     framework's prose, structural lines (主送, 落款) keep their place, and framework text
     stays only for a duty the example does not cover — one text, not two drafts.
   - nextExample: 换一段, the section's next fitting example.
   - facts / confirmFact / settleFacts: an example's own facts are marked 〖…〗 in the data;
     they stay marked in the draft (kb-draft/1: a paragraph is still a string) until the writer
     confirms one (brackets removed) or rewrites it (its text no longer an example's fact).
   - preflight: what is still unfinished before Word, print or copy: profile fields, unfilled
     【slots】, unconfirmed 〖facts〗 and placeholders, each with its section. */
(function (root, draftModel) {
  "use strict";

  /* The draft's marks, 【slot】 and 〖fact〗, from the draft model (kb.draft), compiled once
     on first use (the first draft itself needs neither). */
  var marks = null;
  function mark(name) {
    if (!marks) {
      var M = draftModel();
      marks = { slot: new RegExp(M.SLOT.source, "g"), fact: new RegExp(M.FACT.source, "g") };
    }
    return marks[name];
  }
  var ALL_TYPES = "通用";
  var YEAR = /((?:19|20)\d\d)年/g;
  /* Profile fields the report cannot go without, when the template declares them. */
  var REQUIRED = ["单位名称", "报告年度"];

  /* An example fits a unit type when written for it, or for every type (通用 or none). */
  function fitness(ex, unitType) {
    var t = ex.unit_type || ALL_TYPES;
    if (unitType && t === unitType) return 0;
    if (t === ALL_TYPES) return 1;
    return unitType ? -1 : 2;
  }

  /* Years an example names other than the report's own: a mismatch ranks it lower. */
  function otherYears(text, year) {
    if (!year) return 0;
    var n = 0, m;
    YEAR.lastIndex = 0;
    while ((m = YEAR.exec(text)) !== null) if (m[1] !== String(year)) n++;
    return n;
  }

  /* The section's examples that fit, best first (unit type, then 通用; fewer other years). */
  function fitting(sec, unitType, year) {
    var ranked = [];
    (sec.examples || []).forEach(function (ex, i) {
      var f = fitness(ex, unitType);
      if (f < 0) return;
      var covers = (ex.obligations || []).filter(function (o) {
        return (sec.obligations || []).indexOf(o) >= 0;
      }).length;
      ranked.push({ ex: ex, key: [f, otherYears(ex.text, year) ? 1 : 0, -covers, i] });
    });
    ranked.sort(function (a, b) {
      for (var k = 0; k < 4; k++) if (a.key[k] !== b.key[k]) return a.key[k] - b.key[k];
      return 0;
    });
    return ranked.map(function (r) { return r.ex; });
  }

  /* A section's paragraphs with the example in place of the skeleton's prose: structural
     skeleton lines (sec.skeleton_frame: short, no duty — 主送, lead-in lines, 落款) keep
     their place; a skeleton paragraph stays after the example only for a duty in unmet (the
     duties the draft still lacks: the report expects them and no chosen example covers them;
     by default the section's duties the example does not cover, ex.covers) — and of it only
     the sentences that show such a duty (sec.skeleton_sentences), so what the example says
     is not said twice; its duties are then taken out of unmet. sec.skeleton_duties and the
     rest are computed at build time. Same rule as macros/views/first_draft.py compose. */
  function compose(sec, ex, unmet) {
    var skeleton = sec.skeleton || [];
    if (!ex) return skeleton.slice();
    var mine = ex.covers || ex.obligations || [];
    if (!unmet) {
      unmet = {};
      (sec.obligations || []).forEach(function (o) { if (mine.indexOf(o) < 0) unmet[o] = true; });
    }
    var duties = sec.skeleton_duties || [], frames = sec.skeleton_frame || [];
    var sentences = sec.skeleton_sentences || [];
    function needed(list) { return list.some(function (o) { return unmet[o] === true; }); }
    var out = [], placed = false;
    skeleton.forEach(function (text, i) {
      var evidences = duties[i] || [];
      if (frames[i]) { out.push(text); return; }
      if (!placed) { out.push(ex.text); placed = true; }
      if (!needed(evidences)) return;
      var parts = sentences[i] || [];
      var kept = parts.filter(function (p) { return needed(p.duties); });
      out.push(!parts.length || kept.length === parts.length ? text
        : kept.map(function (p) { return p.text; }).join("") || text);
      evidences.forEach(function (o) { delete unmet[o]; });
    });
    if (!placed) out.push(ex.text);
    return out;
  }

  /* A whole draft in one step: {sections: [{id, dropped, paragraphs, example}]}. */
  function firstDraft(data, unitType, year) {
    var best = data.sections.map(function (sec) { return fitting(sec, unitType, year)[0]; });
    var unmet = {};
    data.sections.forEach(function (sec) {
      (sec.obligations || []).forEach(function (o) { unmet[o] = true; });
    });
    best.forEach(function (ex) {
      if (ex) (ex.covers || ex.obligations || []).forEach(function (o) { delete unmet[o]; });
    });
    return {
      sections: data.sections.map(function (sec, i) {
        var ex = best[i];
        return ex ? { id: sec.id, dropped: false, paragraphs: compose(sec, ex, unmet),
          example: ex.id } : { id: sec.id, dropped: false, paragraphs: sec.skeleton.slice() };
      })
    };
  }

  /* 换一段: the section's next fitting example after the one it holds, and where it goes.
     {example, index, replace}: replace the paragraph at index (the old example, untouched)
     or insert before it (the old one was edited: the writer's text is kept). null if none. */
  function nextExample(sec, state, unitType, year) {
    var list = fitting(sec, unitType, year);
    if (!list.length) return null;
    var at = -1, old = /** @type {any} */ (null);
    list.forEach(function (ex, i) { if (ex.id === state.example) { at = i; old = ex; } });
    var next = list[(at + 1) % list.length];
    if (old && next.id === old.id) return null;
    var index = old ? state.paragraphs.indexOf(old.text) : -1;
    if (index >= 0) return { example: next, index: index, replace: true };
    return { example: next, index: 0, replace: false };
  }

  /* The 〖…〗 runs of a paragraph: [{start, end, inner}]. */
  function facts(text) {
    var out = [], m, fact = mark("fact");
    fact.lastIndex = 0;
    while ((m = fact.exec(String(text))) !== null) {
      out.push({ start: m.index, end: m.index + m[0].length, inner: m[1] });
    }
    return out;
  }

  function unwrap(text, f) {
    return text.slice(0, f.start) + f.inner + text.slice(f.end);
  }

  /* The paragraph with its n-th marked fact confirmed (brackets removed). */
  function confirmFact(text, n) {
    var f = facts(text)[n];
    return f ? unwrap(text, f) : text;
  }

  /* Every marked fact of the template's examples: {inner: true}. */
  function exampleFacts(data) {
    var known = {};
    data.sections.forEach(function (sec) {
      (sec.examples || []).forEach(function (ex) {
        facts(ex.text).forEach(function (f) { known[f.inner] = true; });
      });
    });
    return known;
  }

  /* After the writer edited a paragraph: a marked fact whose text is no longer an example's
     is the writer's own now, and loses its brackets. */
  function settleFacts(text, known) {
    var list = facts(text);
    for (var i = list.length - 1; i >= 0; i--) {
      if (!known[list[i].inner]) text = unwrap(text, list[i]);
    }
    return text;
  }

  /* The checker's placeholder patterns (data/checker.yml via the page data): {patterns:
     [regex source], keep: [set names that contain an either/or form on purpose]}. */
  function placeholderPattern(spec) {
    var parts = ((spec && spec.patterns) || []).filter(Boolean);
    return parts.length ? { re: new RegExp(parts.join("|"), "g"), keep: spec.keep || [] } : null;
  }

  /* The text with the kept set names blanked out (same length, so positions hold). */
  function masked(text, keep) {
    keep.forEach(function (name) {
      text = text.split(name).join(new Array(name.length + 1).join(" "));
    });
    return text;
  }

  function snippet(text, start, end) {
    var a = Math.max(0, start - 8), b = Math.min(text.length, end + 8);
    return (a > 0 ? "…" : "") + text.slice(a, b) + (b < text.length ? "…" : "");
  }

  /* What is unfinished before a file is written: [{kind, section, paragraph, text, slot}].
     kind: 单位信息 (required profile field empty or invalid value), 未填槽位 (one item a slot,
     where it first appears, with its count), 示例事实, 占位文字.
     raw: the values as typed; validate: kb.draft.validate; placeholders: placeholderPattern's spec.
     checker ({api: kb.checker, data: kb.checkerData}, when the page could load it): the
     draft's slots, placeholders and example facts are the checker's findings (checkerItems,
     one implementation with `kb check`, 照抄示例 included); without it, this file's own
     matching below (the fallback). */
  function preflight(data, draft, raw, validate, placeholders, checker) {
    var items = [], values = {}, listed = {};
    data.slots.forEach(function (slot) {
      var r = validate(slot.type, raw[slot.name]);
      values[slot.name] = r.value;
      var why = r.error || (REQUIRED.indexOf(slot.name) >= 0 && !r.value ? "未填写" : "");
      if (!why) return;
      listed[slot.name] = true;
      items.push({ kind: "单位信息", slot: slot.name, section: null, paragraph: -1,
        text: slot.name + "：" + why });
    });
    if (checker && checker.api && checker.data) {
      return items.concat(checkerItems(data, draft, values, checker, listed));
    }
    var pattern = placeholderPattern(placeholders), bySlot = {};
    draft.sections.forEach(function (s) {
      if (s.dropped) return;
      var sec = /** @type {any} */ (null);
      data.sections.forEach(function (x) { if (x.id === s.id) sec = x; });
      if (!sec) return;
      var texts = [sec.heading].concat(s.paragraphs);
      texts.forEach(function (text, k) {
        var para = k - 1, m, slot = mark("slot");
        slot.lastIndex = 0;
        while ((m = slot.exec(text)) !== null) {
          if (values[m[1]] || listed[m[1]]) continue;
          if (bySlot[m[1]]) { bySlot[m[1]].count++; continue; }   /* one item a slot */
          bySlot[m[1]] = { kind: "未填槽位", slot: m[1], section: s.id, paragraph: para,
            text: m[0], count: 1 };
          items.push(bySlot[m[1]]);
        }
        if (para < 0) return;
        facts(text).forEach(function (f) {
          items.push({ kind: "示例事实", section: s.id, paragraph: para, text: f.inner });
        });
        if (!pattern) return;
        var plain = text.replace(mark("fact"), "$1"), seen = masked(plain, pattern.keep);
        pattern.re.lastIndex = 0;
        while ((m = pattern.re.exec(seen)) !== null) {
          if (!m[0]) { pattern.re.lastIndex++; continue; }
          items.push({ kind: "占位文字", section: s.id, paragraph: para,
            text: snippet(plain, m.index, m.index + m[0].length) });
        }
      });
    });
    return items;
  }

  /* The draft as the checker reads it: lines (title, then per section its heading and
     paragraphs, a blank line between paragraphs so none is joined to the next), slots filled
     from values, facts still 〖marked〗; where[n] = {section, paragraph} of line n + 1. */
  function checkedLines(data, draft, values) {
    var lines = [], where = [];
    function fill(text) {
      return String(text).replace(mark("slot"), function (m, name) {
        return values[name] ? String(values[name]) : m;
      });
    }
    function add(text, section, paragraph) {
      if (lines.length) { lines.push(""); where.push(null); }
      lines.push(fill(text));
      where.push({ section: section, paragraph: paragraph });
    }
    draft.sections.forEach(function (s) {
      if (s.dropped) return;
      var sec = data.sections.filter(function (x) { return x.id === s.id; })[0];
      if (!sec) return;
      if (sec.level > 0) add(sec.heading, s.id, -1);
      s.paragraphs.forEach(function (p, k) { if (String(p).trim()) add(p, s.id, k); });
    });
    return { lines: lines, where: where };
  }

  /* The checker's findings that say a draft is unfinished (the same the checker page and
     `kb check` report), each mapped back to its section and paragraph. */
  var UNFINISHED = ["placeholder", "slot", "unconfirmed-fact", "example-fact", "copied-example"];

  /* The list's names for the checker's kinds (the rest keep the checker's label). */
  var KIND = { placeholder: "占位文字", slot: "未填槽位", "unconfirmed-fact": "示例事实" };

  function checkerItems(data, draft, values, checker, listed) {
    var read = checkedLines(data, draft, values);
    var result = checker.api.check(checker.data, read.lines, data.template, "");
    var items = [], bySlot = {};
    result.findings.forEach(function (f) {
      if (UNFINISHED.indexOf(f.kind) < 0) return;
      var at = read.where[f.line - 1] || { section: null, paragraph: -1 };
      var item = { kind: KIND[f.kind] || f.label || f.kind, finding: f.kind,
        section: at.section, paragraph: at.paragraph, text: f.text };
      if (f.kind === "slot") {                   /* one item a slot, where it first appears */
        var name = String(f.text).replace(/[【】]/g, "");
        if (listed[name]) return;
        if (bySlot[name]) { bySlot[name].count++; return; }
        item.slot = name;
        item.count = 1;
        bySlot[name] = item;
      }
      items.push(item);
    });
    return items;
  }

  var api = { ALL_TYPES: ALL_TYPES, REQUIRED: REQUIRED, fitting: fitting,
    compose: compose, firstDraft: firstDraft, nextExample: nextExample, facts: facts,
    confirmFact: confirmFact,
    exampleFacts: exampleFacts, settleFacts: settleFacts, preflight: preflight,
    checkedLines: checkedLines, UNFINISHED: UNFINISHED };
  if (root) { root.kb = root.kb || {}; root.kb.compose = api; }
  if (typeof module === "object" && module.exports) module.exports = api;
})(typeof window !== "undefined" ? window : null, function () {
  /* kb-draft.js: loaded before this file on the page (macros/site/page_scripts.py). */
  return typeof window !== "undefined" && window.kb && window.kb.draft ? window.kb.draft
    : require("./kb-draft.js");
});

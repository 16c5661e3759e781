/* The draft model of template pages: values, validation, storage, the kb-draft/1 format.
   Pure functions on plain data; kb.js builds the page from them. Nothing leaves the browser.

   The rules (slot values, draft limits, file names) are data/rules.yml, published on the
   page as the JSON island kb-rules-data; `kb fill` applies the same file
   (macros/model/rules.py) and tests/rules_cases.yml holds the cases both engines pass.
   Under node: require() this file and call useRules(spec) first. */
(function (root, factory) {
  var api = factory(typeof document !== "undefined" ? document : null);
  if (typeof module === "object" && module.exports) module.exports = api;
  if (root) { root.kb = root.kb || {}; root.kb.draft = api; }
})(typeof window !== "undefined" ? window : null, function (doc) {
  "use strict";

  /* The draft's marks and the sections Word lays out apart, written here once for the page's
     scripts (kb-compose.js, kb-word.js, kb.js and the review desk take them from kb.draft):
     a 【slot】 and an example's own 〖fact〗, as macros/model/text.py SLOT and
     macros/outputs/wordplan.py FACT, TITLE_HEADINGS, SIGNATURE_HEADINGS (held together by
     tests/js/one-rule.test.js, which also refuses a copy in another script). */
  var SLOT = /【([^【】\n]{1,30})】/g;
  var FACT = /〖([^〖〗\n]{1,200})〗/g;
  var TITLE_HEADING = "标题";
  var SIGNATURE_HEADING = "落款";
  var RULES_ID = "kb-rules-data";
  var rules = null;

  /* The rules with their patterns compiled (u: a lone surrogate is matched as Python does). */
  function useRules(spec) {
    var v = spec.values;
    rules = {
      spec: spec, control: new RegExp(v.control, "u"),
      patterns: { year: new RegExp(v.year.pattern, "u"), count: new RegExp(v.count.pattern, "u"),
        percent: new RegExp(v.percent.pattern, "u") },
      dates: v.date.patterns.map(function (p) { return new RegExp(p, "u"); }),
      notXml: new RegExp(spec.draft.not_xml, "gu"),
      forbidden: new RegExp(spec.file_name.forbidden, "gu"),
      spaces: new RegExp(spec.file_name.spaces, "gu")
    };
    return rules;
  }
  function current() {
    if (!rules && doc) {
      var node = doc.getElementById(RULES_ID);
      try { if (node) useRules(JSON.parse(node.textContent)); } catch (e) { rules = null; }
    }
    if (!rules) throw new Error("本页缺少填写规则（" + RULES_ID + "），请刷新页面");
    return rules;
  }
  function message(key) { return current().spec.messages[key].zh; }

  /* Storage keys belong to this copy of the site: its folder (from this script's address)
     prefixes them, so two copies on one host keep separate drafts. Keys stored unscoped
     by earlier versions move to the scope once, when first read. */
  var here = doc && doc.currentScript ? doc.currentScript.src : "";
  var SCOPE = here ? new URL("..", here).pathname : "/";
  function scoped(key) { return "kb@" + SCOPE + ":" + key; }

  /* localStorage may be missing or full (private mode): the page still works unsaved.
     A stored value that is not JSON counts as missing here; checked() says so. */
  function raw(key) {
    var text = localStorage.getItem(scoped(key));
    if (text === null) {
      text = localStorage.getItem(key);
      if (text !== null) {
        localStorage.setItem(scoped(key), text);
        localStorage.removeItem(key);
      }
    }
    return text;
  }
  function load(key, fallback) {
    try {
      var text = raw(key);
      return text === null ? fallback : JSON.parse(text);
    } catch (e) { return fallback; }
  }
  function save(key, value) {
    try { localStorage.setItem(scoped(key), JSON.stringify(value)); } catch (e) { /* not saved */ }
  }
  function remove(key) {
    try { localStorage.removeItem(scoped(key)); } catch (e) { /* nothing to remove */ }
  }

  function isMap(x) { return !!x && typeof x === "object" && !Array.isArray(x); }
  function textMap(x) {
    return isMap(x) && Object.keys(x).every(function (k) { return typeof x[k] === "string"; });
  }
  /* What each stored key must hold; kb.js offers to reset a key that holds something else. */
  var SHAPES = {
    profile: function (x) {
      return isMap(x) && (x.unit_type === undefined || typeof x.unit_type === "string")
        && (x.values === undefined || textMap(x.values));
    },
    values: textMap,
    draft: function (x) { return isMap(x) && Array.isArray(x.sections); },
    undo: function (x) {
      return isMap(x) && SHAPES.profile(x.profile) && textMap(x.own) && SHAPES.draft(x.draft);
    }
  };
  /* {value, bad}: the stored value of `key` if it has the shape `kind`, else `fallback`;
     bad is true when something unreadable or of another shape is stored there. */
  function checked(key, kind, fallback) {
    var text;
    try { text = raw(key); } catch (e) { return { value: fallback, bad: false }; }
    if (text === null) return { value: fallback, bad: false };
    try {
      var value = JSON.parse(text);
      if (SHAPES[kind](value)) return { value: value, bad: false };
    } catch (e) { /* not JSON */ }
    return { value: fallback, bad: true };
  }

  function strip(text, chars) {
    var a = 0, b = text.length;
    while (a < b && chars.indexOf(text.charAt(a)) >= 0) a++;
    while (b > a && chars.indexOf(text.charAt(b - 1)) >= 0) b--;
    return text.slice(a, b);
  }
  function fail(key) { return { value: "", error: message(key), key: key }; }
  function ok(value) { return { value: value, error: "", key: "" }; }

  /* {value, error, key}: value is what goes into the text ("" when empty or refused), error
     the message shown, key the rule broken (data/rules.yml messages). */
  function validate(type, given) {
    var r = current(), v = r.spec.values, m;
    var text = strip(String(given === undefined || given === null ? "" : given), v.trim);
    if (text === "") return ok("");
    if (r.control.test(text)) return fail("control");
    if (type !== "date" && !r.patterns[type]) {
      return Array.from(text).length > v.text.max_chars ? fail("too_long") : ok(text);
    }
    var plain = text.normalize("NFKC");
    if (type === "date") return validDate(r, plain);
    m = r.patterns[type].exec(plain);
    if (type === "year") {
      return m && +m[1] >= v.year.min && +m[1] <= v.year.max ? ok(m[1]) : fail("year");
    }
    if (type === "count") return m ? ok(String(parseInt(m[1], 10))) : fail("count");
    if (!m || parseFloat(m[1]) > v.percent.max) return fail("percent");
    var parts = m[1].split("."), frac = (parts[1] || "").replace(/0+$/, "");
    return ok(String(parseInt(parts[0], 10)) + (frac ? "." + frac : "") + "%");
  }

  /* The digit groups of the first matching pattern are year, month and day. */
  function validDate(r, plain) {
    var year = r.spec.values.year;
    for (var i = 0; i < r.dates.length; i++) {
      var m = r.dates[i].exec(plain);
      if (!m) continue;
      var n = m.slice(1).filter(function (g) { return /^[0-9]+$/.test(g || ""); }).map(Number);
      var d = new Date(2000, 0, 1);
      d.setFullYear(n[0], n[1] - 1, n[2]);
      if (d.getFullYear() !== n[0] || d.getMonth() !== n[1] - 1 || d.getDate() !== n[2]
          || n[0] < year.min || n[0] > year.max) return fail("date");
      return ok(n[0] + "年" + n[1] + "月" + n[2] + "日");
    }
    return fail("date");
  }

  /* A download's name: the title without unfilled slots and forbidden characters, spaces
     collapsed, at most max_chars characters, then the suffix (".docx" when omitted). */
  function fileName(title, suffix) {
    var spec = current().spec.file_name, r = current();
    var name = String(title == null ? "" : title).replace(new RegExp(SLOT.source, "g"), "")
      .replace(r.forbidden, "").replace(r.spaces, " ");
    name = trimDots(Array.from(trimDots(name)).slice(0, spec.max_chars).join(""));
    return (name || spec.fallback) + (suffix === undefined ? ".docx" : suffix);
  }
  function trimDots(text) { return text.replace(/^[ .]+|[ .]+$/g, ""); }

  /* The usable values of a template: only valid, non-empty ones. */
  function usable(data, raw) {
    var out = {};
    data.slots.forEach(function (slot) {
      var v = validate(slot.type, raw[slot.name]).value;
      if (v !== "") out[slot.name] = v;
    });
    return out;
  }

  function fill(text, values) {
    return String(text).replace(SLOT, function (all, name) {
      return values[name] !== undefined && values[name] !== "" ? values[name] : all;
    });
  }

  function fresh(sec) {
    return { id: sec.id, dropped: false, paragraphs: sec.skeleton.slice() };
  }

  /* The stored draft aligned with the template: new sections start from the skeleton. */
  function reconcile(data, stored) {
    var byId = {};
    ((stored && stored.sections) || []).forEach(function (s) { if (s && s.id) byId[s.id] = s; });
    return {
      sections: data.sections.map(function (sec) {
        var s = byId[sec.id];
        if (!s || !Array.isArray(s.paragraphs)) return fresh(sec);
        var kept = { id: sec.id, dropped: !!s.dropped,
          paragraphs: s.paragraphs.filter(function (p) { return typeof p === "string"; }) };
        if (typeof s.example === "string") kept.example = s.example;   /* 换一段's place */
        return kept;
      })
    };
  }

  function sectionOf(data, id) {
    for (var i = 0; i < data.sections.length; i++) if (data.sections[i].id === id) return data.sections[i];
    return null;
  }

  function title(data, draft, values) {
    for (var i = 0; i < draft.sections.length; i++) {
      var s = draft.sections[i];
      if (sectionOf(data, s.id).heading === TITLE_HEADING && !s.dropped && s.paragraphs.length) {
        var t = fill(s.paragraphs.join(""), values).trim();
        if (t) return t;
      }
    }
    return data.title;
  }

  /* The draft in the exchange format shared with `kb fill --draft`. */
  function exported(data, draft, values) {
    return {
      format: current().spec.draft.format, template: data.template, title: title(data, draft, values),
      values: values,
      sections: draft.sections.map(function (s) {
        var sec = sectionOf(data, s.id);
        return { id: s.id, level: sec.level, heading: sec.heading, dropped: !!s.dropped,
          paragraphs: s.paragraphs.slice() };
      })
    };
  }

  /* An import refused: the wording of data/rules.yml draft.refusals[key] ("what — how to
     fix", the text `kb fill --draft` gives after file:line), its {name} places filled from
     `values`, and the rule's key (DraftError.key in kb). */
  function refuse(key, values) {
    var err = new Error(wording(key, values));
    err.key = key;
    throw err;
  }
  function wording(key, values) {
    var draft = current().spec.draft;
    var text = verdict(key) === "refuse" ? draft.refusals[key] : draft.notes[key];
    return text.replace(/\{([a-z]+)\}/g, function (all, name) {
      return values && name in values ? String(values[name]) : all;
    });
  }
  /* "refuse" or "note": what an import does on problem `key` (draft.on_problem, as kb's
     Rules.verdict; a problem not listed there always refuses). */
  function verdict(key) {
    var on = current().spec.draft.on_problem;
    return Object.prototype.hasOwnProperty.call(on, key) ? on[key] : "refuse";
  }
  /* A problem as draft.on_problem decides: thrown, or its note added to `notes`. */
  function problem(notes, key, values) {
    if (verdict(key) === "refuse") refuse(key, values);
    notes.push(wording(key, values));
  }
  /* No text in a section's paragraphs: strings, each blank once values.trim is taken off. */
  function isEmpty(paras) {
    var trim = current().spec.values.trim;
    return Array.isArray(paras) && paras.every(function (p) {
      return typeof p === "string" && strip(p, trim) === "";
    });
  }
  /* A value of the file as a refusal quotes it (Rules.quoted in kb): a text as it is,
     anything else as JSON, cut at draft.shown_chars code points. */
  function quoted(value) {
    var text = typeof value === "string" ? value : String(JSON.stringify(value));
    return Array.from(text).slice(0, current().spec.draft.shown_chars).join("");
  }

  /* Bytes as UTF-8 (kb measures the file): never fewer than the UTF-16 units counted first. */
  function utf8Length(text) { return new TextEncoder().encode(text).length; }

  /* Read a kb-draft/1 file for this template: {draft, values, notes}; throws with a message
     (and .key) when it breaks a rule of data/rules.yml. A problem draft.on_problem lets
     past adds its note (draft.notes, the words kb prints after file:line: note:): characters
     XML cannot hold are removed from paragraphs; a value that breaks its slot's rule stays
     in the form with its error beside it, but not in the text (kb leaves it unfilled). */
  function imported(data, text) {
    var lim = current().spec.draft, notXml = current().notXml, fmt = lim.format;
    if (text.length > lim.max_bytes || utf8Length(text) > lim.max_bytes) {
      refuse("too_big", { kb: Math.floor(lim.max_bytes / 1024) });
    }
    var obj;
    try { obj = JSON.parse(text); } catch (e) { refuse("not_json"); }
    if (!isMap(obj) || obj.format !== fmt) refuse("not_draft", { format: fmt });
    if (obj.template !== undefined && obj.template !== data.template) {
      refuse("other_template", { template: quoted(obj.template) });
    }
    if (!Array.isArray(obj.sections)) refuse("no_sections");
    if (obj.sections.length > lim.max_sections) refuse("too_many_sections", { n: lim.max_sections });
    var notes = [], sections = [], seen = {};
    obj.sections.forEach(function (s) {
      if (!isMap(s) || typeof s.id !== "string") { problem(notes, "section_without_id"); return; }
      var paras = s.paragraphs === undefined ? [] : s.paragraphs, id = quoted(s.id);
      if (!sectionOf(data, s.id)) {
        problem(notes, isEmpty(paras) ? "empty_unknown_section" : "unknown_section", { id: id });
        return;
      }
      if (Object.prototype.hasOwnProperty.call(seen, s.id)) {
        problem(notes, "repeated_section", { id: id });
        return;
      }
      seen[s.id] = true;
      if (!Array.isArray(paras) || paras.some(function (p) { return typeof p !== "string"; })) {
        refuse("paragraph_not_text", { id: id });
      }
      if (paras.length > lim.max_paragraphs) refuse("too_many_paragraphs", { id: id, n: lim.max_paragraphs });
      var removed = 0;
      paras = paras.map(function (p) {
        if (p.length > lim.max_paragraph_chars) refuse("paragraph_too_long", { id: id, n: lim.max_paragraph_chars });
        var clean = p.replace(notXml, "");
        removed += Array.from(p).length - Array.from(clean).length;
        return clean;
      });
      if (removed) problem(notes, "control_removed", { id: id, n: removed });
      sections.push({ id: s.id, dropped: s.dropped === true, paragraphs: paras });
    });
    var values = {}, known = {};
    data.slots.forEach(function (slot) { known[slot.name] = slot.type; });
    var given = obj.values === undefined ? {} : obj.values;
    if (!isMap(given) || Object.keys(given).some(function (name) {
      return given[name] !== null && typeof given[name] === "object" || typeof given[name] === "boolean";
    })) refuse("values_not_text");
    Object.keys(given).forEach(function (name) {
      if (!Object.prototype.hasOwnProperty.call(known, name)) {
        problem(notes, "unknown_slot", { slot: quoted(name) });
        return;
      }
      var v = typeof given[name] === "number" ? String(given[name]) : given[name];
      if (typeof v !== "string") return;
      values[name] = v;
      var error = validate(known[name], v).key;
      if (error) problem(notes, "bad_value", { slot: quoted(name), why: message(error) });
    });
    return { draft: reconcile(data, { sections: sections }), values: values, notes: notes };
  }

  /* Plain text: the title, then each kept section's numbered heading and paragraphs. */
  function plainText(data, draft, values, onlyId) {
    var lines = [];
    draft.sections.forEach(function (s) {
      if (s.dropped || (onlyId && s.id !== onlyId)) return;
      var sec = sectionOf(data, s.id);
      if (sec.level >= 1) lines.push(fill(sec.heading, values));
      s.paragraphs.forEach(function (p) { if (p.trim()) lines.push(fill(p, values).trim()); });
    });
    return lines.join("\n");
  }

  return {
    TITLE_HEADING: TITLE_HEADING, SIGNATURE_HEADING: SIGNATURE_HEADING, SLOT: SLOT, FACT: FACT,
    useRules: useRules, scoped: scoped, load: load, save: save, remove: remove,
    checked: checked, validate: validate, usable: usable, fill: fill, fresh: fresh,
    reconcile: reconcile, sectionOf: sectionOf, title: title, fileName: fileName,
    exported: exported, imported: imported, plainText: plainText
  };
});

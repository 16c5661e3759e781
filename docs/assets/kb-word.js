/* The writer's draft as Word, made in the page (nothing leaves the browser).
 *
 * kb.word.buildDocx(draft, layout) -> Promise<Blob>, draft in format kb-draft/1, layout the
 * published data/layout.yml (assets/kb-layout.js, kb.layout; loaded when omitted).
 * The plan below is macros/outputs/wordplan.py written again: `kb fill --draft` and this
 * file give the same paragraphs, styles and runs (tests/test_word_parity.py). Change both.
 * Word is written by the vendored `docx` library (assets/vendor/docx, MIT).
 */
(function (root, factory) {
  /* Paths in variables: the type check reads this file, not the vendored library. */
  var DOCX = "./vendor/docx/docx.umd.js", DRAFT = "./kb-draft.js";
  if (typeof module === "object" && module.exports) {
    module.exports = factory(function () { return require(DOCX); }, null,
                             function () { return require(DRAFT); });
  } else if (root) {
    root.kb = root.kb || {};
    root.kb.word = factory(function () { return root.docx; }, root.document,
                           function () { return root.kb.draft; });
  }
})(typeof window !== "undefined" ? window : null, function (getDocx, doc, getDraftModel) {
  "use strict";

  var TWIPS_PER_PT = 20;
  var TWIPS_PER_MM = 1440 / 25.4;
  var NO_BREAK_BEFORE = "，。、；：！？）》”’〗】";
  var NO_BREAK_AFTER = "（《“‘〖【";
  var CJK = "\u3000-\u303f\u4e00-\u9fff\uff00-\uffef\u2018-\u201d";
  var FOLD = new RegExp("(?<=[" + CJK + "])[ \\t\\n]+(?=[" + CJK + "])", "g");
  var NEWLINES = /\s*\n\s*/g;
  var base = doc && doc.currentScript ? doc.currentScript.src : "";

  /* The draft's marks (【slot】, 〖fact〗) and its title and signature sections, from the
     draft model (kb.draft), compiled once on first use. */
  var syntax = null;
  function marks() {
    if (!syntax) {
      var M = getDraftModel();
      syntax = {slot: new RegExp(M.SLOT.source, "g"),
                marked: new RegExp(M.SLOT.source + "|" + M.FACT.source, "g"),
                title: M.TITLE_HEADING, signature: M.SIGNATURE_HEADING};
    }
    return syntax;
  }

  /* A text as the plan writes it (wordplan.clean): wrapped Chinese lines joined, one line. */
  function clean(text) {
    return String(text == null ? "" : text).replace(FOLD, "").trim().replace(NEWLINES, " ");
  }

  function valueText(value) {
    if (value === null || value === undefined || value === false) return "";
    return String(value).trim();
  }

  function fill(text, values) {
    return text.replace(marks().slot, function (whole, name) {
      return valueText(values[name]) || whole;
    });
  }

  function halfUp(x) { return Math.floor(x + 0.5); }

  function textWidth(text) {
    var width = 0;
    for (var ch of text) width += ch.charCodeAt(0) < 0x80 ? 0.5 : 1;
    return width;
  }

  function runs(text, values, spec, highlight) {
    function run(piece, mark) {
      return {text: piece, font: spec.fonts[0], size_half_pt: halfUp(spec.size_pt * 2),
              bold: !!spec.bold, highlight: mark || ""};
    }
    var out = [], pos = 0, m, marked = marks().marked;
    marked.lastIndex = 0;
    while ((m = marked.exec(text)) !== null) {
      if (m.index > pos) out.push(run(text.slice(pos, m.index)));
      var value = m[1] !== undefined ? valueText(values[m[1]]) : "";
      out.push(value ? run(value) : run(m[0], highlight));
      pos = m.index + m[0].length;
    }
    if (pos < text.length) out.push(run(text.slice(pos)));
    return out;
  }

  /** Grid, footer distance and title width in twips; the same as wordplan.geometry(). */
  function geometry(layout) {
    var page = layout.page, grid = layout.grid || null, spec = layout.page_number;
    var widthPt = (page.width_mm - page.margin_left_mm - page.margin_right_mm) * 72 / 25.4;
    var below = spec.below_text_mm;
    return {
      line_pitch: halfUp(layout.line_spacing_pt * TWIPS_PER_PT),
      char_space: grid ? halfUp((widthPt / grid.chars_per_line - layout.body.size_pt) * 4096)
        : null,
      footer: below === undefined || below === null ? null : Math.max(0, halfUp(
        (page.margin_bottom_mm - below) * TWIPS_PER_MM - spec.size_pt * TWIPS_PER_PT)),
      title_chars: Math.max(1, Math.floor(widthPt / layout.title.size_pt)),
    };
  }

  function isAsciiAlnum(ch) { return /^[A-Za-z0-9]$/.test(ch); }

  /** The title in lines broken between words; the same as wordplan.title_lines(). */
  function titleLines(text, layout) {
    var limit = geometry(layout).title_chars;
    if (textWidth(text) <= limit) return [text];
    var blocked = {}, spans = [], m, marked = marks().marked;
    marked.lastIndex = 0;
    while ((m = marked.exec(text)) !== null) spans.push([m.index, m.index + m[0].length]);
    var bracketed = /（[^（）]{1,12}）/g;
    while ((m = bracketed.exec(text)) !== null) spans.push([m.index, m.index + m[0].length]);
    (layout.title_keep_together || []).forEach(function (word) {
      var start = text.indexOf(word);
      while (start >= 0) {
        spans.push([start, start + word.length]);
        start = text.indexOf(word, start + 1);
      }
    });
    spans.forEach(function (sp) { for (var i = sp[0] + 1; i < sp[1]; i++) blocked[i] = true; });
    for (var i = 1; i < text.length; i++) {
      if ((isAsciiAlnum(text[i - 1]) && isAsciiAlnum(text[i]))
          || NO_BREAK_BEFORE.indexOf(text[i]) >= 0 || NO_BREAK_AFTER.indexOf(text[i - 1]) >= 0) {
        blocked[i] = true;
      }
    }
    var lines = [], start = 0;
    while (textWidth(text.slice(start)) > limit) {
      var rest = textWidth(text.slice(start));
      var target = rest / Math.ceil(rest / limit), best = null;
      for (var j = start + 1; j < text.length; j++) {
        var width = textWidth(text.slice(start, j));
        if (width > limit) break;
        if (blocked[j]) continue;
        if (best === null || Math.abs(width - target)
            <= Math.abs(textWidth(text.slice(start, best)) - target)) best = j;
      }
      if (best === null) {
        best = start + 1;
        while (textWidth(text.slice(start, best + 1)) <= limit) best++;
      }
      lines.push(text.slice(start, best));
      start = best;
    }
    lines.push(text.slice(start));
    return lines;
  }

  function para(layout, runList, opts) {
    opts = opts || {};
    var ch = layout.body.size_pt * TWIPS_PER_PT;
    return {align: opts.align || "both", first_line_twips: halfUp((opts.first || 0) * ch),
            right_twips: halfUp((opts.right || 0) * ch),
            outline: opts.outline === undefined ? null : opts.outline, runs: runList};
  }

  function signature(layout, texts, values, highlight) {
    var spec = layout.signature, out = [];
    for (var i = 0; i < spec.blank_lines_before; i++) out.push(para(layout, []));
    if (!texts.length) return out;
    var dateRight = spec.date_right_chars;
    var date = texts[texts.length - 1];
    var dateWidth = textWidth(fill(date, values));
    texts.slice(0, -1).forEach(function (name) {
      var right = Math.max(0, dateRight + (dateWidth - textWidth(fill(name, values))) / 2);
      out.push(para(layout, runs(name, values, layout.body, highlight),
                    {align: "right", right: right}));
    });
    out.push(para(layout, runs(date, values, layout.body, highlight),
                  {align: "right", right: dateRight}));
    return out;
  }

  /** The document as laid-out paragraphs; the same plan as wordplan.plan(). */
  function plan(draft, layout) {
    var values = draft.values || {};
    var highlight = String(layout.unfilled_slot_highlight || "");
    var body = layout.body, indent = layout.first_line_indent_chars;
    var paras = [], titleDone = false, addresseeDone = false;
    function addTitle(text) {
      var all = [];
      titleLines(fill(text, values), layout).forEach(function (line, n) {
        var lineRuns = runs(line, {}, layout.title, highlight);
        if (n && lineRuns.length) lineRuns[0]["break"] = true;
        all = all.concat(lineRuns);
      });
      paras.push(para(layout, all, {align: "center"}));
    }
    (draft.sections || []).filter(function (s) { return !s.dropped; }).forEach(function (sec) {
      var level = Number(sec.level), heading = clean(sec.heading);
      var texts = (sec.paragraphs || []).map(clean).filter(Boolean);
      if (level === 0 && heading === marks().title) {
        texts.forEach(addTitle);
        paras.push(para(layout, []));
        titleDone = true;
        return;
      }
      if (level === 0 && heading === marks().signature) {
        paras.push.apply(paras, signature(layout, texts, values, highlight));
        return;
      }
      if (!titleDone) {
        addTitle(clean(draft.title || ""));
        paras.push(para(layout, []));
        titleDone = true;
      }
      if (level >= 1) {
        paras.push(para(layout, runs(heading, values, layout.headings[String(level)], highlight),
                        {first: indent, outline: Math.min(level, 9) - 1}));
      }
      texts.forEach(function (text, i) {
        if (!addresseeDone && level === 0 && i === 0 && /[：:]$/.test(text)
            && text.indexOf("。") < 0 && text.length <= layout.addressee_max_chars) {
          paras.push(para(layout, runs(text.slice(0, -1) + "：", values, body, highlight),
                          {align: "left"}));
          return;
        }
        paras.push(para(layout, runs(text, values, body, highlight), {first: indent}));
      });
      addresseeDone = true;
    });
    return {title: fill(clean(draft.title || ""), values),
            author: valueText(values["单位名称"]), paragraphs: paras};
  }

  /* A laid-out paragraph (plan) as a docx Paragraph; CHILDREN, when given, stand for the
     runs (the review desk's runs cut at its comments' ranges). */
  function toParagraph(D, layout, spec, children) {
    var align = {left: D.AlignmentType.LEFT, right: D.AlignmentType.RIGHT,
                 center: D.AlignmentType.CENTER, both: D.AlignmentType.JUSTIFIED}[spec.align];
    var options = {
      alignment: align,
      spacing: {line: halfUp(layout.line_spacing_pt * TWIPS_PER_PT),
                lineRule: D.LineRuleType.EXACT, before: 0, after: 0},
      children: children || spec.runs.map(function (r) { return new D.TextRun(textRun(r)); }),
    };
    var ind = {};
    if (spec.first_line_twips) ind.firstLine = spec.first_line_twips;
    if (spec.right_twips) ind.right = spec.right_twips;
    if (Object.keys(ind).length) options.indent = ind;
    if (spec.outline !== null) options.outlineLevel = spec.outline;
    return new D.Paragraph(options);
  }

  /* A run of the plan as the docx library's TextRun options. */
  function textRun(r) {
    var run = {text: r.text, font: r.font, size: r.size_half_pt};
    if (r["break"]) run["break"] = 1;
    if (r.bold) run.bold = true;
    if (r.highlight) run.highlight = r.highlight;
    return run;
  }

  function pageFooter(D, layout, side) {
    var spec = layout.page_number;
    var font = {font: spec.fonts[0], size: halfUp(spec.size_pt * 2)};
    var align = {left: D.AlignmentType.LEFT, right: D.AlignmentType.RIGHT,
                 center: D.AlignmentType.CENTER}[side];
    var edge = spec.edge_space || "";
    return new D.Footer({children: [new D.Paragraph({alignment: align, children: [
      new D.TextRun(Object.assign({text: (side === "left" ? edge : "") + spec.prefix}, font)),
      new D.TextRun(Object.assign({children: [D.PageNumber.CURRENT]}, font)),
      new D.TextRun(Object.assign({text: spec.suffix + (side === "right" ? edge : "")}, font)),
    ]})]});
  }

  function makeDocument(D, draft, layout) {
    var p = plan(draft, layout), page = layout.page, mm = D.convertMillimetersToTwip;
    var body = layout.body, geo = geometry(layout);
    var margin = {top: mm(page.margin_top_mm), bottom: mm(page.margin_bottom_mm),
                  left: mm(page.margin_left_mm), right: mm(page.margin_right_mm)};
    if (geo.footer !== null) margin.footer = geo.footer;
    var props = {page: {size: {width: mm(page.width_mm), height: mm(page.height_mm)},
                        margin: margin}};
    if (geo.char_space !== null) {
      props.grid = {type: D.DocumentGridType.LINES_AND_CHARS, linePitch: geo.line_pitch,
                    charSpace: geo.char_space};
    }
    return new D.Document({
      title: p.title, creator: p.author, lastModifiedBy: "", description: "", revision: 1,
      evenAndOddHeaderAndFooters: true,
      styles: {default: {document: {run: {font: body.fonts[0],
                                           size: halfUp(body.size_pt * 2)}}}},
      sections: [{
        properties: props,
        footers: {default: pageFooter(D, layout, layout.page_number.odd),
                  even: pageFooter(D, layout, layout.page_number.even)},
        children: p.paragraphs.map(function (s) { return toParagraph(D, layout, s); }),
      }],
    });
  }

  var pending = {};
  function loadScript(path) {
    if (!doc) return Promise.reject(new Error("no document to load " + path + " into"));
    if (!pending[path]) {
      pending[path] = new Promise(function (resolve, reject) {
        var s = doc.createElement("script");
        s.src = new URL(path, base || doc.baseURI).href;
        s.onload = resolve;
        s.onerror = function () {
          delete pending[path];
          reject(new Error("加载 " + path + " 失败，请刷新页面后重试"));
        };
        doc.head.appendChild(s);
      });
    }
    return pending[path];
  }

  function ready(layout) {
    var needDocx = getDocx() ? Promise.resolve() : loadScript("vendor/docx/docx.umd.js");
    var needLayout = layout || (typeof window !== "undefined" && window.kb && window.kb.layout)
      ? Promise.resolve() : loadScript("kb-layout.js");
    return Promise.all([needDocx, needLayout]).then(function () {
      return {D: getDocx(), layout: layout || window.kb.layout};
    });
  }

  /** The draft as a .docx Blob in the official layout. */
  function buildDocx(draft, layout) {
    return ready(layout).then(function (r) {
      return r.D.Packer.toBlob(makeDocument(r.D, draft, r.layout));
    });
  }

  /** The file name: the report title with its slots filled, by the file-name rule of
   *  data/rules.yml (kb.draft.fileName; `kb fill` without -o names its file alike). */
  function fileName(draft) {
    return getDraftModel().fileName(fill(clean(draft.title || ""), draft.values || {}), ".docx");
  }

  /** Build the Word file and hand it to the browser as a download; resolves to its name. */
  function download(draft, layout) {
    return buildDocx(draft, layout).then(function (blob) {
      var name = fileName(draft), a = doc.createElement("a");
      a.href = URL.createObjectURL(blob);
      a.download = name;
      doc.body.appendChild(a);
      a.click();
      a.remove();
      setTimeout(function () { URL.revokeObjectURL(a.href); }, 10000);
      return name;
    });
  }

  return {buildDocx: buildDocx, fileName: fileName, download: download, plan: plan,
          geometry: geometry, titleLines: titleLines, paragraph: toParagraph, textRun: textRun,
          clean: clean};
});

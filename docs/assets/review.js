/* The review desk (审阅台) in the browser and under node: many units' reports checked at
   once with the page's checker (assets/checker.js), copying found by the SAME specification
   as macros/review/copying.py (read its docstring; tests/test_review_conformance.py runs
   both on the same cases and requires identical JSON), a suggested score against the
   assessment rules (macros/review/scoring.py). Files are read in this page only: nothing
   is sent anywhere. */
(function (factory) {
  "use strict";
  /* The draft model and the Word plan: loaded before this file on the page
     (overrides/review.html), require()d beside it under node. */
  function draftModel() {
    return typeof window !== "undefined" && window.kb && window.kb.draft ? window.kb.draft
      : require("./kb-draft.js");
  }
  function wordPlan() {
    return typeof window !== "undefined" && window.kb && window.kb.word ? window.kb.word
      : require("./kb-word.js");
  }
  var api = factory(draftModel, wordPlan);
  if (typeof module !== "undefined" && module.exports) module.exports = api;
  if (typeof window !== "undefined") { window.kb = window.kb || {}; window.kb.review = api; api.boot(); }
})(function (draftModel, wordPlan) {
  "use strict";

  var KEEP = /^[\u4e00-\u9fffA-Za-z0-9]$/;
  var HAN = /^[\u4e00-\u9fff]$/;

  function keyChar(c) { return c >= "0" && c <= "9" ? "0" : c.toLowerCase(); }
  function norm(text) {
    return Array.from(text).filter(function (c) { return KEEP.test(c); }).map(keyChar).join("");
  }

  /* How many characters at the start of a line are a heading or title (copying.py
     line_mask); rules: the review data (heading, head_end, title_max, title_stop). */
  function lineMask(line, rules) {
    var cps = Array.from(line), j;
    if (new RegExp(rules.heading, "u").test(line)) {
      for (j = 0; j < cps.length; j++) if (rules.head_end.indexOf(cps[j]) >= 0) return j + 1;
      return cps.length;
    }
    var kept = cps.filter(function (c) { return KEEP.test(c); }).length;
    if (kept <= rules.title_max && !cps.some(function (c) { return rules.title_stop.indexOf(c) >= 0; }))
      return cps.length;
    return 0;
  }

  /* A text ready for matching (copying.py Prepared); rules: the review data. */
  function prepare(lines, formulas, masks, rules) {
    var mask = new RegExp(masks.join("|"), "gu");
    var where = [], keys = [], masked = [];
    lines.forEach(function (line, n) {
      var cps = Array.from(line), spans = [[0, lineMask(line, rules)]], m;
      mask.lastIndex = 0;
      while ((m = mask.exec(line)) !== null) {
        var a = Array.from(line.slice(0, m.index)).length;
        spans.push([a, a + Array.from(m[0]).length]);
        if (m[0] === "") mask.lastIndex += 1;
      }
      cps.forEach(function (c, j) {
        if (!KEEP.test(c)) return;
        where.push([n, j]);
        keys.push(keyChar(c));
        masked.push(spans.some(function (s) { return j >= s[0] && j < s[1]; }));
      });
    });
    var joined = keys.join("");
    var wanted = Array.from(new Set(formulas.map(norm).filter(Boolean)));
    wanted.sort(function (a, b) { return b.length - a.length; });
    wanted.forEach(function (f) {
      var start = joined.indexOf(f);
      while (start >= 0) {
        for (var i = start; i < start + f.length; i++) masked[i] = true;
        start = joined.indexOf(f, start + f.length);
      }
    });
    return { lines: lines, where: where, keys: joined, masked: masked, minRun: rules.min_run,
      opening: rules.opening, closing: rules.closing };
  }

  function shingles(text, size, fn) {
    var run = 0;
    for (var i = 0; i < text.keys.length; i++) {
      run = text.masked[i] ? 0 : run + 1;
      if (run >= size) fn(i - size + 1, text.keys.slice(i - size + 1, i + 1));
    }
  }

  function hanTotal(text) {
    var n = 0;
    for (var i = 0; i < text.keys.length; i++) if (!text.masked[i] && HAN.test(text.keys[i])) n++;
    return n;
  }

  function Index(size) { this.size = size; this.seen = new Map(); }
  Index.prototype.add = function (name, text) {
    var seen = this.seen;
    shingles(text, this.size, function (_, s) {
      var got = seen.get(s);
      if (!got) seen.set(s, [name]);
      else if (got.length === 1 && got[0] !== name) seen.set(s, [got[0], name]);
    });
  };
  Index.prototype.source = function (s, skip) {
    var got = this.seen.get(s);
    if (!got) return null;
    for (var i = 0; i < got.length; i++) if (got[i] !== skip) return got[i];
    return null;
  };

  function percent(part, whole) { return whole ? Math.floor(100 * part / whole + 0.5) : 0; }

  function top(votes) {
    var best = -1, name = null;
    votes.forEach(function (v, k) {
      if (v > best || (v === best && k < name)) { best = v; name = k; }
    });
    return name;
  }

  function compare(text, index, skip) {
    var size = index.size, matched = [];
    shingles(text, size, function (first, s) {
      var src = index.source(s, skip === undefined ? null : skip);
      if (src !== null) matched.push([first, src]);
    });
    var n = text.keys.length, depth = new Array(n + 1).fill(0), covered = new Array(n);
    matched.forEach(function (m) { depth[m[0]] += 1; depth[m[0] + size] -= 1; });
    var level = 0, copied = 0, i;
    for (i = 0; i < n; i++) {
      level += depth[i];
      covered[i] = level > 0;
    }
    var runs = [], start = null;
    for (i = 0; i <= n; i++) {
      var line = i < n ? text.where[i][0] : -1;
      if (start !== null && (i === n || line !== text.where[start][0] || !(covered[i] || text.masked[i]))) {
        var last = start;
        for (var j = start; j < i; j++) if (covered[j]) last = j;
        runs.push([start, last]);
        start = null;
      }
      if (i < n && covered[i] && start === null) start = i;
    }
    var passages = [], k = 0;
    runs.forEach(function (r) {
      var a = r[0], b = r[1], han = 0;
      for (var h = a; h <= b; h++) if (!text.masked[h] && HAN.test(text.keys[h])) han++;
      if (han < text.minRun) return;
      copied += han;
      while (k < matched.length && matched[k][0] + size - 1 < a) k++;
      var votes = new Map();
      for (var j = k; j < matched.length && matched[j][0] <= b; j++)
        votes.set(matched[j][1], (votes.get(matched[j][1]) || 0) + 1);
      var w = text.where[a], cps = Array.from(text.lines[w[0]]), pos = w[1], end = text.where[b][1] + 1;
      while (pos > 0 && text.opening.indexOf(cps[pos - 1]) >= 0) pos--;
      while (end < cps.length && text.closing.indexOf(cps[end]) >= 0) end++;
      passages.push({ line: w[0] + 1, text: cps.slice(pos, end).join(""), source: top(votes) });
    });
    return { share: percent(copied, hanTotal(text)), passages: passages };
  }

  /* ---- one report, a batch (batch.py) ---- */
  var DATE = /(20\d\d)\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日/u;
  var DATE_LINES = 6;

  function yearOf(data, lines) {
    var head = lines.filter(function (l) { return l.trim(); }).slice(0, data.report_year_lines);
    var m = new RegExp(data.report_year, "u").exec(head.join("\n"));
    if (m) return [parseInt(m[1], 10), "标题"];
    var tail = lines.filter(function (l) { return l.trim(); }).slice(-DATE_LINES).reverse();
    for (var i = 0; i < tail.length; i++) {
      var d = DATE.exec(tail[i]);
      if (d) return [parseInt(d[1], 10), "成文日期"];
    }
    return [null, ""];
  }

  function context(checker, data, rdata) {
    var examples = new Index(rdata.shingle);
    rdata.sources.forEach(function (s) { examples.add(s[0], prepare(s[1], rdata.formulas, rdata.masks, rdata)); });
    var titles = {};
    data.templates.forEach(function (t) { titles[t.id] = t.title; });
    return { checker: checker, data: data, rdata: rdata, examples: examples, titles: titles };
  }

  function reviewOne(ctx, name, lines) {
    var result = ctx.checker.check(ctx.data, lines, null, name), y = yearOf(ctx.data, lines);
    return { file: name, error: "", lines: lines, genre: result.genre,
      genre_title: ctx.titles[result.genre] || "", genre_reason: result.genre_reason,
      year: y[0], year_from: y[1], covered: result.covered, missing: result.missing,
      findings: result.findings, summary: result.summary, copy: {} };
  }

  /* reports: [{name, lines} or {name, error}]; previous: {name: lines}. */
  function reviewAll(ctx, reports, previous) {
    var rows = [], texts = {}, units = new Index(ctx.rdata.shingle);
    reports.forEach(function (r) {
      if (r.error) { rows.push({ file: r.name, error: r.error, lines: [] }); return; }
      var row = reviewOne(ctx, r.name, r.lines);
      texts[r.name] = prepare(r.lines, ctx.rdata.formulas, ctx.rdata.masks, ctx.rdata);
      rows.push(row);
    });
    Object.keys(texts).forEach(function (name) { units.add(name, texts[name]); });
    rows.forEach(function (row) {
      if (row.error) return;
      var text = texts[row.file];
      row.copy.units = compare(text, units, row.file);
      row.copy.examples = compare(text, ctx.examples);
      var prev = previous && previousOf(previous, row.file);
      if (!prev) { row.copy.previous = null; return; }
      if (prev.error) { row.copy.previous = { share: null, passages: [], error: prev.error, source: prev.name }; return; }
      var index = new Index(ctx.rdata.shingle);
      index.add("上年报告 " + prev.name, prepare(prev.lines, ctx.rdata.formulas, ctx.rdata.masks, ctx.rdata));
      var res = compare(text, index);
      row.copy.previous = { share: res.share, passages: res.passages, source: prev.name };
    });
    return rows;
  }

  var SUFFIXES = [".docx", ".txt", ".md", ".markdown", ".text"];
  function stem(name) { return name.replace(/\.[^.]*$/, ""); }
  function previousOf(previous, name) {
    if (previous[name]) return previous[name];
    for (var i = 0; i < SUFFIXES.length; i++) {
      var other = stem(name) + SUFFIXES[i];
      if (previous[other]) return previous[other];
    }
    return null;
  }

  /* ---- suggested score (scoring.py) ---- */
  function sentences(data, text) {
    var out = [], buf = "", sp = data.spaces;
    Array.from(text).forEach(function (ch) {
      buf += ch;
      if (data.sentence_end.indexOf(ch) >= 0) {
        var s = stripSet(buf, sp);
        if (s) out.push(s);
        buf = "";
      }
    });
    var rest = stripSet(buf, sp);
    if (rest) out.push(rest);
    return out;
  }
  function stripSet(s, set) {
    var a = 0, b = s.length;
    while (a < b && set.indexOf(s[a]) >= 0) a++;
    while (b > a && set.indexOf(s[b - 1]) >= 0) b--;
    return s.slice(a, b);
  }
  function fmt(x) { return Math.round((x + 1e-9) * 100) / 100; }

  function score(rules, row, data) {
    var covered = {}, kinds = {}, total = 0, titles = {};
    (data.obligations || []).forEach(function (ob) { titles[ob.id] = ob.title; });
    (row.covered || []).forEach(function (c) { covered[c.id] = c; });
    (row.findings || []).forEach(function (f) { kinds[f.kind] = (kinds[f.kind] || 0) + 1; });
    var items = rules.items.map(function (item) {
      var earned = [], deducted = [], gain = 0, loss = 0;
      item.earn.forEach(function (earn) {
        if (earn.duty) {
          var hit = covered[earn.duty];
          if (hit && hit.status === "evidenced") {
            earned.push({ what: hit.title, points: earn.points, quote: hit.quote || (hit.evidence[0] || "") });
            gain += earn.points;
          } else {
            earned.push({ what: hit ? hit.title : (earn.label || (titles[earn.duty] || earn.duty)), points: 0, quote: hit ? "仅作为问题提及" : "未见" });
          }
        } else {
          var pattern = new RegExp(earn.evidence, "u"), quote = "";
          (row.lines || []).some(function (line) {
            return sentences(data, line).some(function (s) { if (pattern.test(s)) { quote = s; return true; } return false; });
          });
          earned.push({ what: earn.label || earn.evidence, points: quote ? earn.points : 0, quote: quote || "未见" });
          gain += quote ? earn.points : 0;
        }
      });
      gain = Math.min(gain, item.points);
      (item.deductions || []).forEach(function (cut) {
        var amount, detail;
        if (cut.finding) {
          var n = kinds[cut.finding] || 0;
          amount = Math.min(n * cut.points, cut.max === undefined ? n * cut.points : cut.max);
          detail = n + "处";
        } else {
          var res = (row.copy || {})[cut.copy], share = (res && res.share) || 0;
          amount = share > cut.over ? cut.points : 0;
          detail = share + "%";
        }
        if (amount) { deducted.push({ why: cut.why, points: fmt(amount), detail: detail }); loss += amount; }
      });
      var suggested = fmt(Math.max(0, gain - loss));
      total += suggested;
      return { id: item.id, title: item.title, points: item.points, suggested: suggested, earned: earned, deducted: deducted };
    });
    return { rules: rules.id, title: rules.title, sample: rules.sample, total: fmt(total), out_of: rules.total, items: items };
  }

  /* ---- comments and the Word file with them (annotate.py) ---- */
  var NUMBERING = /^(?:[一二三四五六七八九十]+、|[（(][一二三四五六七八九十]+[）)])/u;
  var LEVEL2 = /^[（(][一二三四五六七八九十]+[）)]/u;
  var HAN_ALL = /[\u4e00-\u9fff]/gu;
  var COPY_WHAT = [["previous", "本单位上年报告"], ["units", "本批其他单位报告"], ["examples", "本知识库的示例或模板"]];
  var SIGNATURE_MAX = 24;

  function hanSet(t) { return new Set(t.match(HAN_ALL) || []); }
  function hanCount(t) { return (t.match(HAN_ALL) || []).length; }

  function headingFor(notes, row, obId) {
    var lines = row.lines, title = 1, i;
    for (i = 0; i < lines.length; i++) if (lines[i].trim()) { title = i + 1; break; }
    var wanted = (notes.sections[row.genre || ""] || []).filter(function (s) {
      return s.obligations.indexOf(obId) >= 0;
    }).map(function (s) { return hanSet(s.heading.replace(NUMBERING, "")); });
    var best = 0, where = title;
    lines.forEach(function (raw, n) {
      var text = raw.trim();
      if (!NUMBERING.test(text) || Array.from(text).length > 40) return;
      var have = hanSet(text.replace(NUMBERING, ""));
      wanted.forEach(function (want) {
        var both = 0, union = new Set(have);
        have.forEach(function (c) { if (want.has(c)) both++; });
        want.forEach(function (c) { union.add(c); });
        var score = both / Math.max(1, union.size);
        if (score > best) { best = score; where = n + 1; }
      });
    });
    return best >= 0.3 ? where : title;
  }

  function copiedBlocks(lines, passages, rules) {
    var blocks = [];
    passages.forEach(function (p) {
      if (blocks.length) {
        var prev = blocks[blocks.length - 1].slice(-1)[0].line;
        var gap = lines.slice(prev, p.line - 1);
        if (p.line === prev || gap.every(function (t) { return lineMask(t, rules) >= Array.from(t.replace(/\s+$/u, "")).length; })) {
          blocks[blocks.length - 1].push(p);
          return;
        }
      }
      blocks.push([p]);
    });
    return blocks;
  }

  function span(lines, group, at) {
    var on = group.filter(function (p) { return p.line === at.line; });
    var text = lines[at.line - 1], last = on[on.length - 1].text;
    var a = text.indexOf(on[0].text), b = text.lastIndexOf(last);
    return a >= 0 && a <= b ? text.slice(a, b + last.length) : on[0].text;
  }

  function flags(notes, row) {
    var out = [], genre = row.genre_title || "各类报告";
    (row.missing || []).forEach(function (m) {
      var basis = notes.basis[m.id] || "知识库责任条目";
      out.push({ line: headingFor(notes, row, m.id), anchor: "",
        text: "未见“" + m.title + "”：" + genre + "应体现这项责任。依据：" + basis + "。写法示例：知识库 " + m.url });
    });
    (row.findings || []).forEach(function (f) {
      var why = f.kind === "outdated" && row.year ? "（" + row.year + "年报告）" : "";
      out.push({ line: f.line, anchor: f.text.split(" → ")[0],
        text: f.label + why + "：" + f.text + "。依据：知识库检查规则（data/checker.yml，" + f.kind + "）" });
    });
    COPY_WHAT.forEach(function (kw) {
      var res = (row.copy || {})[kw[0]] || {};
      copiedBlocks(row.lines, res.passages || [], notes.lines).forEach(function (group) {
        var sources = [];
        group.forEach(function (p) { if (sources.indexOf(p.source) < 0) sources.push(p.source); });
        var chars = group.reduce(function (n, p) { return n + hanCount(p.text); }, 0);
        var first = group[0], last = group[group.length - 1];
        var where = first.line === last.line ? "本段" : "自本段至第" + last.line + "行";
        out.push({ line: first.line, anchor: span(row.lines, group, first), end_line: last.line,
          end_anchor: span(row.lines, group, last),
          text: "与" + kw[1] + "相同：" + sources.join("、") + "（" + where + "共" + chars + "字）。请核实是否照抄；全文相同比例" + (res.share || 0) + "%。" });
      });
    });
    return out;
  }

  /* A line as the Word plan writes it (kb-word.js clean, wordplan.clean). */
  function cleanLine(t) { return wordPlan().clean(t); }

  /* The report as the Word plan's input (annotate.py _draft_of): title, headings by their
     numbering (a top-level one by the checker data's level1), the signature and date. It is
     never exported: no kb-draft format tag. */
  function draftOf(lines, name, data) {
    var model = draftModel(), level1 = new RegExp(data.level1, "u");
    var texts = lines.filter(function (t) { return t.trim(); }).map(cleanLine);
    var title = texts.length ? texts[0] : name, body = texts.slice(1), tail = [];
    var last = body[body.length - 1];
    if (body.length && new RegExp("^(?:" + DATE.source + ")$", "u").test(last.replace(/ /g, "")) &&
        Array.from(last).length <= SIGNATURE_MAX) {
      tail = [body.pop()];
      if (body.length && Array.from(body[body.length - 1]).length <= SIGNATURE_MAX &&
          body[body.length - 1].indexOf("。") < 0) tail.unshift(body.pop());
    }
    var sections = [{ id: "biaoti", level: 0, heading: model.TITLE_HEADING, paragraphs: [title] },
      { id: "s0", level: 0, heading: "正文", paragraphs: [] }];
    body.forEach(function (text) {
      var level = level1.test(text) ? 1 : LEVEL2.test(text) ? 2 : 0;
      var short = Array.from(text).length <= 40 && !/[。；]/.test(text.slice(0, -1));
      if (level && short) sections.push({ id: "s" + sections.length, level: level, heading: text, paragraphs: [] });
      else sections[sections.length - 1].paragraphs.push(text);
    });
    if (tail.length) sections.push({ id: "luokuan", level: 0, heading: model.SIGNATURE_HEADING, paragraphs: tail });
    return { template: "", title: title, values: {}, sections: sections };
  }

  /* The report laid out by the page's Word plan (kb.word.plan, data/layout.yml), with a
     comment range around each flagged passage. A .docx report is rebuilt from its text. */
  function annotatedDocument(D, plan, layout, row, notes) {
    var specs = plan.paragraphs;
    var texts = specs.map(function (s) { return s.runs.map(function (r) { return r.text; }).join(""); });
    var where = {}, k = 0, firstPara = null;
    row.lines.forEach(function (line, n) {
      var want = cleanLine(line);
      if (!want) return;
      for (var j = k; j < texts.length; j++) {
        if (texts[j].trim() && texts[j] === want) { where[n + 1] = j; k = j + 1; break; }
      }
    });
    Object.keys(where).forEach(function (n) { if (firstPara === null || where[n] < firstPara) firstPara = where[n]; });
    var marks = specs.map(function () { return []; }), comments = [];
    flags(notes, row).forEach(function (flag, id) {
      var p = where[flag.line] !== undefined ? where[flag.line] : firstPara;
      if (p === null) return;
      var text = texts[p], a = flag.anchor ? text.indexOf(flag.anchor) : -1;
      var start = a >= 0 ? a : 0, end = a >= 0 ? a + flag.anchor.length : text.length;
      var q = flag.end_line !== undefined && where[flag.end_line] !== undefined ? where[flag.end_line] : p;
      if (q !== p) {
        var b = texts[q].indexOf(flag.end_anchor);
        end = b >= 0 ? b + flag.end_anchor.length : texts[q].length;
      }
      marks[p].push({ at: start, kind: "start", id: id });
      marks[q].push({ at: end, kind: "end", id: id });
      comments.push({ id: id, author: "审阅台", initials: "审", date: new Date(),
        children: [new D.Paragraph({ children: [new D.TextRun(flag.text)] })] });
    });
    var word = wordPlan();
    var children = specs.map(function (spec, i) {
      var cuts = marks[i].map(function (m) { return m.at; });
      var kids = [], pos = 0;
      function emit(at) {
        marks[i].forEach(function (m) {
          if (m.at === at && m.kind === "end") {
            kids.push(new D.CommentRangeEnd(m.id));
            kids.push(new D.TextRun({ children: [new D.CommentReference(m.id)] }));
          }
        });
        marks[i].forEach(function (m) { if (m.at === at && m.kind === "start") kids.push(new D.CommentRangeStart(m.id)); });
      }
      emit(0);
      spec.runs.forEach(function (r) {
        var from = pos, to = pos + r.text.length, points = [from];
        cuts.forEach(function (c) { if (c > from && c < to && points.indexOf(c) < 0) points.push(c); });
        points.sort(function (x, y) { return x - y; });
        points.push(to);
        for (var j = 0; j + 1 < points.length; j++) {
          var piece = word.textRun(Object.assign({}, r, {          /* titles on one line, */
            text: r.text.slice(points[j] - from, points[j + 1] - from), "break": false }));  /* as kb review lays them */
          kids.push(new D.TextRun(piece));
          emit(points[j + 1]);
        }
        pos = to;
      });
      return word.paragraph(D, layout, spec, kids);
    });
    var page = layout.page, mm = D.convertMillimetersToTwip;
    return new D.Document({
      title: plan.title, creator: "", lastModifiedBy: "", description: "",
      comments: { children: comments },
      styles: { default: { document: { run: { font: layout.body.fonts[0], size: Math.floor(layout.body.size_pt * 2 + 0.5) } } } },
      sections: [{ properties: { page: {
        size: { width: mm(page.width_mm), height: mm(page.height_mm) },
        margin: { top: mm(page.margin_top_mm), bottom: mm(page.margin_bottom_mm),
          left: mm(page.margin_left_mm), right: mm(page.margin_right_mm) } } },
        children: children }],
    });
  }

  // eslint-disable-next-line no-control-regex -- control characters are unsafe in file names
  var UNSAFE = /[\\/:*?"<>|\u0000-\u001f]/g;
  function annotatedName(file) {
    var s = stem(file).replace(UNSAFE, "_").replace(/^[ .]+|[ .]+$/g, "") || "report";
    return Array.from(s).slice(0, 120).join("") + ".docx";
  }

  function annotatedBlob(row, notes) {
    var D = window.docx, layout = window.kb.layout;
    var plan = wordPlan().plan(draftOf(row.lines, stem(row.file), window.kb.checkerData), layout);
    return D.Packer.toBlob(annotatedDocument(D, plan, layout, row, notes));
  }

  /* ---- the table (tables.py columns) ---- */
  var COLUMNS = ["file", "genre", "year", "evidenced", "missing", "findings", "copy_previous",
    "copy_units", "copy_examples", "score", "error", "missing_duties", "finding_kinds"];
  var HEADERS = { file: "文件", genre: "报告类型", year: "年度", evidenced: "已体现", missing: "未见",
    findings: "需修改", copy_previous: "同上年%", copy_units: "同他单位%", copy_examples: "同知识库%",
    score: "建议得分", error: "错误", missing_duties: "未见的责任", finding_kinds: "需修改的种类" };

  function share(row, kind) {
    var r = (row.copy || {})[kind];
    return !r || r.share === null || r.share === undefined ? "" : r.share;
  }

  function summaryRow(row) {
    var out = {};
    COLUMNS.forEach(function (c) { out[c] = ""; });
    out.file = row.file;
    if (row.error) { out.error = row.error; return out; }
    var kinds = new Map();
    row.findings.forEach(function (f) { kinds.set(f.label, (kinds.get(f.label) || 0) + 1); });
    out.genre = row.genre_title || "未能确定";
    out.year = row.year || "";
    out.evidenced = row.summary.evidenced;
    out.missing = row.missing.length;
    out.findings = row.findings.length;
    out.copy_previous = share(row, "previous");
    out.copy_units = share(row, "units");
    out.copy_examples = share(row, "examples");
    out.score = row.score ? String(row.score.total) : "";
    out.missing_duties = row.missing.map(function (m) { return m.title; }).join("；");
    var k = [];
    kinds.forEach(function (v, key) { k.push(key + v + "处"); });
    out.finding_kinds = k.join("；");
    return out;
  }

  function csvCell(v) {
    v = String(v);
    return /[",\n\r]/.test(v) ? '"' + v.replace(/"/g, '""') + '"' : v;
  }
  function toCsv(rows) {
    var lines = [COLUMNS.join(",")];
    rows.forEach(function (r) {
      var s = summaryRow(r);
      lines.push(COLUMNS.map(function (c) { return csvCell(s[c]); }).join(","));
    });
    return "\ufeff" + lines.join("\r\n") + "\r\n";
  }

  /* ---- the page ---- */
  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text !== undefined) e.textContent = text;
    return e;
  }

  function readAll(checker, data, files, progress) {
    /* As kb review: visible files, no Word lock files, only the first level of a folder. */
    var out = [], i = 0, list = Array.prototype.slice.call(files).filter(function (f) {
      var rel = f.webkitRelativePath || "";
      return !/^(\.|~\$)/.test(f.name) && rel.split("/").length <= 2;
    });
    list.sort(function (a, b) { return a.name < b.name ? -1 : a.name > b.name ? 1 : 0; });
    function next() {
      if (i >= list.length) return Promise.resolve(out);
      var f = list[i++];
      progress(i, list.length, f.name);
      return checker.readFile(data, f).then(function (lines) {
        out.push({ name: f.name, lines: lines });
      }, function (err) {
        out.push({ name: f.name, error: err.message });
      }).then(function () { return new Promise(function (r) { setTimeout(r, 0); }); }).then(next);
    }
    return next();
  }

  function renderTable(root, rows) {
    var table = el("table", "kb-review-table");
    var thead = el("thead"), tr = el("tr");
    var shown = COLUMNS.slice(0, 10);
    shown.forEach(function (c, i) {
      var th = el("th"), b = el("button", "kb-review-sort", HEADERS[c]);
      b.type = "button";
      th.setAttribute("aria-sort", "none");
      b.addEventListener("click", function () { sortBy(table, i, th); });
      th.appendChild(b);
      tr.appendChild(th);
    });
    thead.appendChild(tr);
    table.appendChild(thead);
    var tbody = el("tbody");
    rows.forEach(function (row, n) {
      var s = summaryRow(row), r = el("tr");
      if (row.error) r.className = "kb-review-error";
      shown.forEach(function (c) {
        var td = el("td");
        td.setAttribute("data-value", String(s[c]));
        if (c === "file") {
          var a = el("a", null, s.file);
          a.href = "#kb-review-r" + (n + 1);
          td.appendChild(a);
        } else td.textContent = c === "genre" && row.error ? "读取失败" : String(s[c]);
        r.appendChild(td);
      });
      tbody.appendChild(r);
    });
    table.appendChild(tbody);
    var scroll = el("div", "kb-review-scroll");       /* the table scrolls, not the page */
    scroll.setAttribute("role", "region");
    scroll.setAttribute("aria-label", "审阅汇总表");
    scroll.tabIndex = 0;
    scroll.appendChild(table);
    root.appendChild(scroll);
  }

  function sortBy(table, col, th) {
    var desc = th.getAttribute("aria-sort") === "ascending";
    Array.prototype.forEach.call(table.tHead.rows[0].cells, function (o) { o.setAttribute("aria-sort", "none"); });
    th.setAttribute("aria-sort", desc ? "descending" : "ascending");
    var body = table.tBodies[0], rows = Array.prototype.slice.call(body.rows);
    rows.sort(function (a, b) {
      var x = a.cells[col].getAttribute("data-value"), y = b.cells[col].getAttribute("data-value");
      if (x === "" || y === "") return x === y ? 0 : x === "" ? 1 : -1;
      var nx = Number(x), ny = Number(y);
      var r = !isNaN(nx) && !isNaN(ny) ? nx - ny : x.localeCompare(y, "zh-CN");
      return desc ? -r : r;
    });
    rows.forEach(function (r) { body.appendChild(r); });
  }

  function list(title, items) {
    if (!items.length) return el("p", null, title);  /* a heading over nothing: a line */
    var box = el("div");
    box.appendChild(el("h4", null, title));
    var ul = el("ul");
    items.forEach(function (t) { ul.appendChild(el("li", null, t)); });
    box.appendChild(ul);
    return box;
  }

  var rdataNotes = null;
  function renderDetails(root, rows) {
    rows.forEach(function (row, n) {
      var d = el("details", "kb-review-details");
      d.id = "kb-review-r" + (n + 1);
      d.appendChild(el("summary", null, row.file + (row.error ? "：无法读取" : "")));
      if (row.error) { d.appendChild(el("p", null, row.error)); root.appendChild(d); return; }
      d.appendChild(el("p", null, "报告类型：" + (row.genre_title || "未能确定") + "；年度：" + (row.year || "未写明")));
      if (window.docx && window.kb.word && window.kb.layout && rdataNotes) {
        var word = el("button", "md-button kb-review-word", "下载批注版（.docx）");
        word.type = "button";
        word.addEventListener("click", function () {
          annotatedBlob(row, rdataNotes).then(function (blob) { download(annotatedName(row.file), blob); });
        });
        d.appendChild(word);
      }
      if (row.missing.length) d.appendChild(list("未见的责任", row.missing.map(function (m) { return m.title; })));
      if (row.findings.length) d.appendChild(list("需修改", row.findings.map(function (f) { return "第" + f.line + "行 " + f.label + "：" + f.text; })));
      [["previous", "与上年报告相同"], ["units", "与其他单位相同"], ["examples", "与知识库相同"]].forEach(function (k) {
        var r = row.copy[k[0]];
        if (!r) return;
        d.appendChild(list(k[1] + "：" + r.share + "%", r.passages.map(function (p) {
          return "第" + p.line + "行（" + p.source + "）：" + p.text;
        })));
      });
      if (row.score) {
        d.appendChild(list("建议得分：" + row.score.total + "/" + row.score.out_of + "（" + row.score.title + "，示例细则，由考核组认定）",
          row.score.items.map(function (it) {
            return it.title + " " + it.suggested + "/" + it.points + "：" + it.earned.map(function (e) {
              return e.what + "（" + e.points + "分）" + e.quote;
            }).join("；") + it.deducted.map(function (x) { return "；扣" + x.points + "分：" + x.why; }).join("");
          })));
      }
      root.appendChild(d);
    });
  }

  function download(name, data) {
    var url = URL.createObjectURL(data instanceof Blob ? data : new Blob([data], { type: "text/csv;charset=utf-8" }));
    var a = el("a");
    a.href = url;
    a.download = name;
    document.body.appendChild(a);
    a.click();
    a.remove();
    setTimeout(function () { URL.revokeObjectURL(url); }, 1000);
  }

  function filePicker(label, id, folder) {
    var wrap = el("div", "kb-review-field");
    /* a label styled as the site's button over a visually hidden input: the browser's own
       (English) "Choose Files" text never shows */
    var l = el("label", "md-button kb-review-pick", label), input = el("input", "kb-review-hidden");
    var chosen = el("span", "kb-review-chosen", "未选择文件");
    input.addEventListener("change", function () {
      chosen.textContent = input.files && input.files.length ? "已选 " + input.files.length + " 个文件" : "未选择文件";
    });
    input.type = "file";
    input.id = id;
    input.multiple = true;
    if (folder) input.setAttribute("webkitdirectory", "");
    else input.accept = [".docx"].concat(window.kb.checkerData.draft_files.text_suffixes).join(",");
    l.htmlFor = id;
    wrap.appendChild(input);
    wrap.appendChild(l);
    wrap.appendChild(chosen);
    return { wrap: wrap, input: input };
  }

  function init() {
    const root = document.getElementById("kb-review");
    var data = window.kb.checkerData, rdata = window.kb.reviewData, checker = window.kb.checker;
    if (!root || !data || !rdata || !checker || root.getAttribute("data-ready")) return;
    root.setAttribute("data-ready", "1");
    rdataNotes = rdata.notes;
    var files = filePicker("选择报告文件（可多选 .txt、.md、.docx）", "kb-review-files", false);
    var folder = filePicker("或选择整个文件夹", "kb-review-folder", true);
    var prev = filePicker("上年报告（可选，按文件名对应）", "kb-review-previous", false);
    var drop = el("div", "kb-review-drop", "也可以把报告文件拖到这里");
    drop.setAttribute("role", "region");
    drop.setAttribute("aria-label", "拖放报告文件处");
    var rules = el("select", "kb-review-select");
    rules.id = "kb-review-rules";
    rules.appendChild(new Option("不评分", ""));
    rdata.rules.forEach(function (r, i) { rules.appendChild(new Option(r.title + (r.sample ? "（示例）" : ""), String(i))); });
    var rulesLabel = el("label", null, "考核细则");
    rulesLabel.htmlFor = "kb-review-rules";
    var progress = el("progress", "kb-review-progress");
    progress.setAttribute("aria-label", "审阅进度");
    progress.value = 0;
    progress.max = 1;
    var status = el("p", "kb-status");
    status.setAttribute("role", "status");
    var csv = el("button", "md-button kb-review-csv", "下载汇总表");
    csv.type = "button";
    csv.disabled = true;
    var out = el("div", "kb-review-result");
    [files.wrap, folder.wrap, drop, prev.wrap, rulesLabel, rules, progress, status, csv, out].forEach(function (n) { root.appendChild(n); });
    var ctx = null, rows = null, previous = {};

    prev.input.addEventListener("change", function () {
      readAll(checker, data, prev.input.files, function () {}).then(function (got) {
        previous = {};
        got.forEach(function (r) { previous[r.name] = r; });
        status.textContent = "已读入上年报告 " + got.length + " 份。";
      });
    });

    var run = function (fileList) {
      if (!fileList || !fileList.length) return;
      ctx = ctx || context(checker, data, rdata);
      out.textContent = "";
      readAll(checker, data, fileList, function (n, total, name) {
        progress.max = total;
        progress.value = n;
        status.textContent = "正在读取 " + n + "/" + total + "：" + name;
      }).then(function (reports) {
        status.textContent = "正在比对 " + reports.length + " 份报告……";
        return new Promise(function (r) { setTimeout(r, 0); }).then(function () { return reports; });
      }).then(function (reports) {
        rows = reviewAll(ctx, reports, previous);
        var set = rules.value === "" ? null : rdata.rules[Number(rules.value)];
        if (set) rows.forEach(function (row) { if (!row.error) row.score = score(set, row, data); });
        renderTable(out, rows);
        renderDetails(out, rows);
        var bad = rows.filter(function (r) { return r.error; }).length;
        status.textContent = "审阅完成：" + (rows.length - bad) + " 份报告" + (bad ? "，" + bad + " 份无法读取" : "") + "。各项为提示，由审阅人核实认定。";
        csv.disabled = false;
        root.kbRows = rows;
      });
    };
    files.input.addEventListener("change", function () { run(files.input.files); });
    folder.input.addEventListener("change", function () { run(folder.input.files); });
    drop.addEventListener("dragover", function (e) { e.preventDefault(); drop.classList.add("kb-review-over"); });
    drop.addEventListener("dragleave", function () { drop.classList.remove("kb-review-over"); });
    drop.addEventListener("drop", function (e) {
      e.preventDefault();
      drop.classList.remove("kb-review-over");
      run(e.dataTransfer.files);
    });
    csv.addEventListener("click", function () { if (rows) download("summary.csv", toCsv(rows)); });
  }

  function boot() {
    if (typeof document$ !== "undefined" && document$.subscribe) document$.subscribe(init);
    else document.addEventListener("DOMContentLoaded", init);
  }

  return { prepare: prepare, Index: Index, compare: compare, yearOf: yearOf, context: context,
    reviewAll: reviewAll, score: score, summaryRow: summaryRow, toCsv: toCsv, flags: flags,
    draftOf: draftOf, annotatedDocument: annotatedDocument, annotatedName: annotatedName, boot: boot };
});

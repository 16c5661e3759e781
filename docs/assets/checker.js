/* The draft checker in the browser: the same algorithm as macros/checker.py, on the
   data of assets/checker-data.js. The draft never leaves the page: no request is made. */
(function () {
  "use strict";

  var SENTENCE_END = "。！？；";
  var CN = "[一二三四五六七八九十]+";
  var HEADING = new RegExp("^(?:" + CN + "、|（" + CN + "）|\\d+[.．、]|（\\d+）)");
  var LEVEL1 = new RegExp("^" + CN + "、");
  var HAN = /[\u4e00-\u9fff]/g;
  var MAX_EVIDENCE = 3;

  function strip(s) { return s.trim(); }
  function any(list, fn) { for (var i = 0; i < list.length; i++) if (fn(list[i])) return true; return false; }
  function has(text) { return function (w) { return text.indexOf(w) >= 0; }; }
  function hanCount(text) { return (text.match(HAN) || []).join(""); }

  function linesOf(name, text) {
    var lines = text.replace(/\r\n/g, "\n").replace(/\r/g, "\n").split("\n");
    if (!/\.txt$|\.text$/i.test(name)) {
      lines = lines.map(function (l) {
        return l.replace(/^\s{0,3}#{1,6}\s+|^\s*[-*+]\s+|\*\*|__/g, "");
      });
    }
    return lines;
  }

  function sentences(line) {
    var out = [], buf = "";
    for (var ch of line) {
      buf += ch;
      if (SENTENCE_END.indexOf(ch) >= 0) {
        if (strip(buf)) out.push(strip(buf));
        buf = "";
      }
    }
    if (strip(buf)) out.push(strip(buf));
    return out;
  }

  function context(line, data, current) {
    var text = strip(line);
    var head = text.split(/[。：:]/)[0];
    var numbered = HEADING.test(text) && head.length <= 30;
    var bare = text.length <= 20 && !/[。；，]$/.test(text);
    if (!(numbered || bare)) return current;
    if (any(data.problem_headings, has(head))) return "problem";
    if (any(data.plan_headings, has(head))) return "plan";
    return LEVEL1.test(text) || (bare && !numbered) ? "normal" : current;
  }

  function escapeRe(s) { return s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"); }

  /* (context, text) pieces of a line, split at inline markers such as 存在问题： */
  function segments(line, data, context) {
    var markers = data.inline_markers, names = Object.keys(markers);
    if (!names.length) return [[context, line]];
    var re = new RegExp("(" + names.map(escapeRe).join("|") + ")[：:]", "g");
    var pieces = [], current = context, pos = 0, m;
    while ((m = re.exec(line)) !== null) {
      if (strip(line.slice(pos, m.index))) pieces.push([current, line.slice(pos, m.index)]);
      current = markers[m[1]];
      pos = m.index + m[0].length;
    }
    if (strip(line.slice(pos))) pieces.push([current, line.slice(pos)]);
    return pieces;
  }

  function matches(ob, sentence, compiled) {
    if (any(ob.exclude, has(sentence))) return false;
    if (any(ob.keywords, has(sentence))) return true;
    if (any(compiled.patterns, function (p) { return p.test(sentence); })) return true;
    var parts = compiled.parts;
    if (!parts.length) return false;
    var n = parts.filter(function (p) { return p.test(sentence); }).length;
    return n >= ob.min_parts;
  }

  function inferGenre(data, lines) {
    var title = "";
    for (var i = 0; i < lines.length; i++) if (strip(lines[i])) { title = strip(lines[i]); break; }
    var headings = lines.filter(function (l) { return HEADING.test(strip(l)); }).join("\n");
    var best = null, bestScore = 0;
    data.templates.forEach(function (t) {
      var score = 3 * t.title_cues.filter(has(title)).length +
        t.heading_cues.filter(has(headings)).length;
      if (score > bestScore) { best = t.id; bestScore = score; }
    });
    return best;
  }

  function findings(data, lines) {
    var out = [];
    var placeholder = new RegExp(data.placeholder);
    var asciiP = new RegExp(data.ascii_punctuation);
    var slotG = new RegExp(data.slot, "g");
    var avoid = data.avoid.map(function (a) { return [new RegExp(a.match), a.prefer]; });
    var seen = {};
    lines.forEach(function (line, i) {
      var number = i + 1, text = strip(line), m;
      if (!text) return;
      (text.match(slotG) || []).forEach(function (s) {
        out.push({ kind: "placeholder", line: number, text: s });
      });
      m = placeholder.exec(text.replace(slotG, ""));
      if (m) out.push({ kind: "placeholder", line: number, text: m[0] });
      m = asciiP.exec(text);
      if (m) {
        out.push({ kind: "ascii_punctuation", line: number,
          text: text.slice(Math.max(0, m.index - 8), m.index + m[0].length + 8) });
      }
      avoid.forEach(function (a) {
        var hit = a[0].exec(text);
        if (hit) out.push({ kind: "outdated", line: number, text: hit[0] + (a[1] ? " → " + a[1] : "") });
      });
      var key = hanCount(text);
      if (key.length >= data.duplicate_min_chars) {
        if (Object.prototype.hasOwnProperty.call(seen, key)) {
          out.push({ kind: "duplicate", line: number,
            text: "与第" + seen[key] + "行重复：" + text.slice(0, 24) });
        } else {
          seen[key] = number;
        }
      }
    });
    return out;
  }

  function check(data, lines, genre, file) {
    if (genre === null || genre === undefined) genre = inferGenre(data, lines);
    var compiled = {};
    data.obligations.forEach(function (ob) {
      compiled[ob.id] = {
        patterns: ob.patterns.map(function (p) { return new RegExp(p); }),
        parts: ob.parts.map(function (p) { return new RegExp(p); })
      };
    });
    var found = {}, ctx = "normal";
    lines.forEach(function (line) {
      if (!strip(line)) return;
      ctx = context(line, data, ctx);
      segments(line, data, ctx).forEach(function (seg) {
        var part = seg[0];
        if (part === "plan") return;
        sentences(seg[1]).forEach(function (sentence) {
          data.obligations.forEach(function (ob) {
            if (!matches(ob, sentence, compiled[ob.id])) return;
            var gap = part === "problem" || any(data.negations.concat(ob.negative), has(sentence));
            var entry = found[ob.id] || (found[ob.id] = { evidenced: [], gap: [] });
            entry[gap ? "gap" : "evidenced"].push(sentence);
          });
        });
      });
    });
    var covered = [];
    data.obligations.forEach(function (ob) {
      var e = found[ob.id];
      if (e) {
        covered.push({ id: ob.id, title: ob.title, status: e.evidenced.length ? "evidenced" : "gap",
          evidence: e.evidenced.concat(e.gap).slice(0, MAX_EVIDENCE) });
      }
    });
    var tpl = data.templates.filter(function (t) { return t.id === genre; })[0];
    var titles = {};
    data.obligations.forEach(function (ob) { titles[ob.id] = ob.title; });
    var missing = (tpl ? tpl.expected : []).filter(function (o) {
      return !found[o] && titles[o] !== undefined;
    }).map(function (o) { return { id: o, title: titles[o] }; });
    return { file: file, genre: genre, covered: covered, missing: missing,
      findings: findings(data, lines) };
  }

  /* File reading, bounded like the CLI (macros/checker/drafts.py: same limits). */
  var LIMITS = { text: 1024 * 1024, docx: 20 * 1024 * 1024, documentXml: 16 * 1024 * 1024 };
  var MB = 1024 * 1024;

  function refuseFile(file) {
    var docx = /\.docx$/i.test(file.name), limit = docx ? LIMITS.docx : LIMITS.text;
    if (!docx && !/\.(txt|md|markdown|text)$/i.test(file.name))
      return "只能检查 .txt、.md 或 .docx 文件";
    if (file.size > limit)
      return "文件有 " + (file.size / MB).toFixed(1) + " MB，超过 " + limit / MB + " MB 的上限；请一次只检查一篇报告";
    return null;
  }

  function isBinary(bytes) {
    var n = Math.min(bytes.length, 65536), bad = 0;
    for (var i = 0; i < n; i++) {
      var b = bytes[i];
      if (b < 9 || (b > 13 && b < 27) || (b > 27 && b < 32)) bad++;
    }
    return n > 0 && bad > 0.01 * n;
  }

  function inflateBounded(data, limit) {
    var reader = new Blob([data]).stream().pipeThrough(new DecompressionStream("deflate-raw")).getReader();
    var chunks = [], total = 0;
    function pump() {
      return reader.read().then(function (r) {
        if (r.done) return new Blob(chunks).text();
        total += r.value.length;
        if (total > limit) { reader.cancel(); throw new Error("正文解压后超过 " + limit / MB + " MB 的上限"); }
        chunks.push(r.value);
        return pump();
      });
    }
    return pump().catch(function (e) {
      throw /上限/.test(e.message) ? e : new Error("文件已损坏，无法解压（请用 Word 或 WPS 重新保存为 .docx）");
    });
  }

  /* .docx: read word/document.xml from the zip with the browser's own inflater. */
  function readZipEntry(buffer, wanted) {
    var view = new DataView(buffer), bytes = new Uint8Array(buffer);
    var eocd = -1;
    for (var i = bytes.length - 22; i >= Math.max(0, bytes.length - 65557); i--) {
      if (view.getUint32(i, true) === 0x06054b50) { eocd = i; break; }
    }
    if (eocd < 0) return Promise.reject(new Error("不是有效的 .docx 文件"));
    try {
      var count = view.getUint16(eocd + 10, true), p = view.getUint32(eocd + 16, true);
      var decoder = new TextDecoder("utf-8");
      for (var n = 0; n < count; n++) {
        var method = view.getUint16(p + 10, true), size = view.getUint32(p + 20, true);
        var unpacked = view.getUint32(p + 24, true);
        var nameLen = view.getUint16(p + 28, true), extra = view.getUint16(p + 30, true);
        var comment = view.getUint16(p + 32, true), local = view.getUint32(p + 42, true);
        var name = decoder.decode(bytes.subarray(p + 46, p + 46 + nameLen));
        if (name === wanted) {
          if (unpacked > LIMITS.documentXml)
            return Promise.reject(new Error("正文解压后有 " + (unpacked / MB).toFixed(1) + " MB，超过 " +
              LIMITS.documentXml / MB + " MB 的上限"));
          var start = local + 30 + view.getUint16(local + 26, true) + view.getUint16(local + 28, true);
          var data = bytes.subarray(start, start + size);
          if (method === 0) return Promise.resolve(decoder.decode(data.subarray(0, LIMITS.documentXml)));
          return inflateBounded(data, LIMITS.documentXml);
        }
        p += 46 + nameLen + extra + comment;
      }
    } catch (e) {
      return Promise.reject(new Error("文件已损坏（请用 Word 或 WPS 重新保存为 .docx）"));
    }
    return Promise.reject(new Error("文件中没有正文（word/document.xml）"));
  }

  var W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main";

  function docxLines(xml) {
    var doc = new DOMParser().parseFromString(xml, "application/xml");
    if (doc.getElementsByTagName("parsererror").length || /<!ENTITY/i.test(xml.slice(0, 4096)))
      throw new Error("文件已损坏，正文无法解析（请用 Word 或 WPS 重新保存为 .docx）");
    var body = doc.getElementsByTagNameNS(W, "body")[0];
    if (!body) throw new Error("文件中没有正文（请用 Word 或 WPS 重新保存为 .docx）");
    var lines = [];
    Array.prototype.forEach.call(body.childNodes, function (p) {
      if (p.namespaceURI !== W || p.localName !== "p") return;
      var text = "";
      var walker = doc.createTreeWalker(p, NodeFilter.SHOW_ELEMENT);
      while (walker.nextNode()) {
        var el = walker.currentNode;
        if (el.namespaceURI !== W) continue;
        if (el.localName === "t") text += el.textContent;
        else if (el.localName === "tab") text += "\t";
        else if (el.localName === "br" || el.localName === "cr") text += "\n";
      }
      lines.push(text);
    });
    return lines;
  }

  function readFile(file) {
    var refused = refuseFile(file);
    if (refused) return Promise.reject(new Error(refused));
    if (/\.docx$/i.test(file.name)) {
      return file.arrayBuffer().then(function (buf) { return readZipEntry(buf, "word/document.xml"); })
        .then(docxLines);
    }
    return file.arrayBuffer().then(function (buf) {
      var text, bytes = new Uint8Array(buf);
      if (isBinary(bytes)) throw new Error("这是二进制文件，不是文本；请另存为 .txt（UTF-8）或 .docx");
      try { text = new TextDecoder("utf-8", { fatal: true }).decode(buf); }
      catch (e) { text = new TextDecoder("gb18030").decode(buf); }
      if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
      return linesOf(file.name, text);
    });
  }

  window.kbChecker = { check: check, linesOf: linesOf, readFile: readFile, docxLines: docxLines };

  /* ---- the page ---- */
  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text !== undefined) e.textContent = text;
    return e;
  }

  function render(out, result, data, base) {
    out.textContent = "";
    var urls = {};
    data.obligations.forEach(function (ob) { urls[ob.id] = base + ob.url; });
    var tpl = data.templates.filter(function (t) { return t.id === result.genre; })[0];
    out.appendChild(el("p", "kb-check-genre", "报告类型：" + (tpl ? tpl.title : "未能推断，请在上方选择")));
    var cov = el("section", "kb-check-covered");
    cov.appendChild(el("h2", null, "已体现（" + result.covered.length + "项）"));
    result.covered.forEach(function (c) {
      var item = el("div", "kb-check-item kb-" + c.status);
      var head = el("p", "kb-check-title");
      var a = el("a", null, c.title);
      a.href = urls[c.id];
      head.appendChild(el("span", "kb-check-mark", c.status === "gap" ? "△ 仅作为问题提及：" : "✓ "));
      head.appendChild(a);
      item.appendChild(head);
      c.evidence.forEach(function (s) { item.appendChild(el("mark", "kb-evidence", s)); });
      cov.appendChild(item);
    });
    out.appendChild(cov);
    var mis = el("section", "kb-check-missing");
    mis.appendChild(el("h2", null, "应体现但未见（" + result.missing.length + "项）"));
    var ul = el("ul");
    result.missing.forEach(function (m) {
      var li = el("li"), a = el("a", null, m.title + "：看写法示例");
      a.href = urls[m.id] + "#examples";
      li.appendChild(a);
      ul.appendChild(li);
    });
    mis.appendChild(ul);
    out.appendChild(mis);
    var fin = el("section", "kb-check-findings");
    fin.appendChild(el("h2", null, "需要修改（" + result.findings.length + "处）"));
    var names = { placeholder: "未填占位", ascii_punctuation: "半角标点", outdated: "过时或空泛表述",
      duplicate: "重复段落" };
    var ul2 = el("ul");
    result.findings.forEach(function (f) {
      ul2.appendChild(el("li", "kb-finding kb-" + f.kind, "第" + f.line + "行 " + names[f.kind] + "：" + f.text));
    });
    fin.appendChild(ul2);
    out.appendChild(fin);
  }

  function init() {
    var root = document.getElementById("kb-checker");
    var data = window.KB_CHECKER_DATA;
    if (!root || !data || root.getAttribute("data-ready")) return;
    root.setAttribute("data-ready", "1");
    var base = root.getAttribute("data-base") || "../";
    var select = el("select", "kb-check-genre-select");
    select.appendChild(new Option("自动识别报告类型", ""));
    data.templates.forEach(function (t) { select.appendChild(new Option(t.title, t.id)); });
    var area = el("textarea", "kb-check-text");
    area.rows = 14;
    area.placeholder = "把草稿粘贴到这里，或在下方打开本机的 .txt / .docx 文件。内容只在本页检查，不会上传。";
    var file = el("input", "kb-check-file");
    file.type = "file";
    file.accept = ".txt,.md,.docx";
    var button = el("button", "md-button md-button--primary kb-check-run", "检查");
    button.type = "button";
    var status = el("p", "kb-status");
    status.setAttribute("role", "status");
    var out = el("div", "kb-check-result");
    var lines = null, name = "草稿";
    function run() {
      var current = lines || linesOf("草稿.txt", area.value);
      var result = check(data, current, select.value || null, name);
      render(out, result, data, base);
      status.textContent = "检查完成：已体现" + result.covered.length + "项，未见" +
        result.missing.length + "项，需要修改" + result.findings.length + "处。";
      root.kbResult = result;
    }
    area.addEventListener("input", function () { lines = null; name = "草稿"; });
    file.addEventListener("change", function () {
      var f = file.files[0];
      if (!f) return;
      status.textContent = "正在读取 " + f.name + "……";
      readFile(f).then(function (ls) {
        lines = ls; name = f.name;
        area.value = ls.join("\n");
        run();
      }, function (err) { status.textContent = "无法读取：" + err.message; });
    });
    button.addEventListener("click", run);
    [select, area, file, button, status, out].forEach(function (n) { root.appendChild(n); });
  }

  if (typeof document$ !== "undefined" && document$.subscribe) document$.subscribe(init);
  else document.addEventListener("DOMContentLoaded", init);
})();

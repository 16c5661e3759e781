/* The draft checker in the browser and under node: the same algorithm as
   macros/checker/engine.py, on the same data (assets/checker-data.js, made from
   data/checker.yml and the cues in the front matter). Lengths and positions count code
   points; every pattern is compiled with the u flag. tests/test_checker_conformance.py
   runs both engines on a corpus and requires identical JSON.
   The draft never leaves the page: no request is made. */
(function (factory) {
  "use strict";
  var api = factory();
  if (typeof module !== "undefined" && module.exports) module.exports = api;
  if (typeof window !== "undefined") { window.kb = window.kb || {}; window.kb.checker = api; api.boot(); }
})(function () {
  "use strict";

  /* ---- helpers: Python str semantics on code points ---- */
  function cps(s) { return Array.from(s); }
  function cpLen(s) { return Array.from(s).length; }
  function cpIndex(s, unitIndex) { return Array.from(s.slice(0, unitIndex)).length; }
  function strip(s, set) {
    var a = 0, b = s.length;
    while (a < b && set.indexOf(s[a]) >= 0) a++;
    while (b > a && set.indexOf(s[b - 1]) >= 0) b--;
    return s.slice(a, b);
  }
  function any(list, fn) { for (var i = 0; i < list.length; i++) if (fn(list[i])) return true; return false; }
  function has(text) { return function (w) { return text.indexOf(w) >= 0; }; }
  function re(p, flags) { return new RegExp(p, "u" + (flags || "")); }
  function full(p) { return new RegExp("^(?:" + p + ")$", "u"); }
  /* Escapes valid under the u flag: syntax characters only, and "-" only inside a class. */
  function escapeRe(s) { return s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"); }
  function escapeClass(s) { return escapeRe(s).replace(/-/g, "\\-"); }
  function own(obj, key) { return Object.prototype.hasOwnProperty.call(obj, key); }
  function findAll(regex, text) {
    var out = [], m, g = re(regex.source, "g");
    while ((m = g.exec(text)) !== null) {
      out.push(m);
      if (m[0] === "") g.lastIndex += 1;
    }
    return out;
  }
  function fill(template, values) {
    Object.keys(values).forEach(function (k) { template = template.split("{" + k + "}").join(String(values[k])); });
    return template;
  }

  /* ---- reading ---- */
  function linesOf(data, name, text) {
    var lines = text.replace(/\r\n/g, "\n").replace(/\r/g, "\n").split("\n");
    if (!hasSuffix(name, data.draft_files.plain_suffixes)) {
      var md = re(data.markdown_strip, "g");
      lines = lines.map(function (l) { return l.replace(md, ""); });
    }
    return lines;
  }

  /* ---- normalisation ---- */
  function ranges(data) {
    return data.normalise.fold_ranges.map(function (r) {
      return [parseInt(r.slice(0, 4), 16), parseInt(r.slice(5), 16)];
    });
  }

  function fold(data, line, rng) {
    var norm = data.normalise;
    rng = rng || ranges(data);
    return cps(line).map(function (ch) {
      if (own(norm.variants, ch)) ch = norm.variants[ch];
      var code = ch.codePointAt(0);
      if (norm.keep.indexOf(ch) < 0 && any(rng, function (r) { return r[0] <= code && code <= r[1]; })) {
        ch = ch.normalize("NFKC");
      }
      return ch;
    }).join("");
  }

  function normalise(data, line, rng, joinable) {
    var norm = data.normalise;
    joinable = joinable || full(norm.joinable);
    var han = full(data.han);
    var chars = cps(fold(data, line, rng));
    var punct = norm.punctuation;
    for (var i = 0; i < chars.length; i++) {
      if (own(punct, chars[i])) {
        var before = i > 0 ? chars[i - 1] : "", after = i + 1 < chars.length ? chars[i + 1] : "";
        if ((before && han.test(before)) || (after && han.test(after))) chars[i] = punct[chars[i]];
      }
    }
    var kept = [], k = 0, digit = /^[0-9]$/;
    while (k < chars.length) {
      if (chars[k] === " " || chars[k] === "\t") {
        var j = k;
        while (j < chars.length && (chars[j] === " " || chars[j] === "\t")) j++;
        var b = kept.length ? kept[kept.length - 1] : "", a = j < chars.length ? chars[j] : "";
        if (b && a && joinable.test(b) && joinable.test(a) && !(digit.test(b) && digit.test(a))) {
          k = j;
          continue;
        }
        for (var n = k; n < j; n++) kept.push(chars[n]);
        k = j;
        continue;
      }
      kept.push(chars[k]);
      k++;
    }
    return strip(kept.join(""), data.spaces);
  }

  function paragraphs(data, lines) {
    var rng = ranges(data), joinable = full(data.normalise.joinable), heading = re(data.heading);
    var ends = data.sentence_end + data.paragraph_end;
    var breaks = data.sentence_end + data.bare_heading_not_end;
    var out = [], openPara = false;
    lines.forEach(function (raw, i) {
      var text = normalise(data, raw, rng, joinable);
      if (!text) { openPara = false; return; }
      var titleGoesOn = out.length > 1 || !any(cps(breaks), function (c) { return text.indexOf(c) >= 0; });
      if (openPara && !heading.test(text) && titleGoesOn) out[out.length - 1][1] += text;
      else out.push([i + 1, text]);
      var current = out[out.length - 1][1], c = cps(current);
      var isHeading = heading.test(current) && c.length <= data.heading_max_chars;
      openPara = !isHeading && ends.indexOf(c[c.length - 1]) < 0 &&
        cpLen(text) >= data.wrap_min_chars;
    });
    return out;
  }

  function sentences(data, text) {
    var out = [], buf = "";
    cps(text).forEach(function (ch) {
      buf += ch;
      if (data.sentence_end.indexOf(ch) >= 0) {
        if (strip(buf, data.spaces)) out.push(strip(buf, data.spaces));
        buf = "";
      }
    });
    if (strip(buf, data.spaces)) out.push(strip(buf, data.spaces));
    return out;
  }

  function endsWith(arr, tail) {
    if (tail.length > arr.length) return false;
    for (var i = 1; i <= tail.length; i++) if (arr[arr.length - i] !== tail[tail.length - i]) return false;
    return true;
  }

  function readings(data, sentence) {
    var n = data.normalise.aside_max_chars;
    var aside = "（([^（）。；！？]{1," + n + "})）", han = full(data.han);
    var hits = findAll(re(aside), sentence);
    if (!hits.length) return [sentence];
    var without = sentence.replace(re(aside, "g"), "");
    var s = cps(sentence), parts = [], pos = 0;
    hits.forEach(function (m) {
      var start = cpIndex(sentence, m.index), stop = start + cpLen(m[0]);
      var before = s.slice(pos, start), inner = cps(m[1]), k = 0;
      for (var size = Math.min(inner.length, before.length); size > 1; size--) {
        if (endsWith(before, inner.slice(inner.length - size))) { k = size; break; }
      }
      if (!k && before.length >= inner.length &&
          before.slice(before.length - inner.length).every(function (c) { return han.test(c); })) {
        k = inner.length;
      }
      parts.push(k ? before.slice(0, before.length - k).join("") + m[1] : before.join("") + m[0]);
      pos = stop;
    });
    var glossed = parts.join("") + s.slice(pos).join("");
    var out = [sentence, without];
    if (glossed !== sentence && glossed !== without) out.push(glossed);
    return out;
  }

  /* ---- detection ---- */
  function context(data, text, current) {
    var head = text.split(re("[" + escapeClass(data.heading_clause_end) + "]"))[0];
    var t = cps(text);
    var numbered = re(data.heading).test(text) && cpLen(head) <= data.heading_max_chars;
    var bare = t.length <= data.bare_heading_max_chars &&
      data.bare_heading_not_end.indexOf(t[t.length - 1]) < 0;
    if (!(numbered || bare)) return current;
    if (any(data.problem_headings, has(head))) return "problem";
    if (any(data.plan_headings, has(head))) return "plan";
    return re(data.level1).test(text) || (bare && !numbered) ? "normal" : current;
  }

  function segments(data, text, ctx) {
    var markers = data.inline_markers, names = Object.keys(markers);
    if (!names.length) return [[ctx, text]];
    var pattern = re("(" + names.map(escapeRe).join("|") + ")[：:]");
    var pieces = [], current = ctx, pos = 0;
    findAll(pattern, text).forEach(function (m) {
      if (strip(text.slice(pos, m.index), data.spaces)) pieces.push([current, text.slice(pos, m.index)]);
      current = markers[m[1]];
      pos = m.index + m[0].length;
    });
    if (strip(text.slice(pos), data.spaces)) pieces.push([current, text.slice(pos)]);
    return pieces;
  }

  function matches(ob, sentence, compiled) {
    if (any(ob.exclude, has(sentence))) return false;
    if (any(ob.keywords, has(sentence))) return true;
    if (any(compiled.patterns, function (p) { return p.test(sentence); })) return true;
    var parts = compiled.parts;
    if (!parts.length) return false;
    return parts.filter(function (p) { return p.test(sentence); }).length >= ob.min_parts;
  }

  function titleIndex(data, paras) {
    var heading = re(data.heading), ends = cps(data.sentence_end);
    function noEnd(text) { return !any(ends, function (c) { return text.indexOf(c) >= 0; }); }
    var n = Math.min(paras.length, data.title_lines);
    for (var i = 0; i < n; i++) {
      var text = paras[i][1];
      if (!heading.test(text) && noEnd(text) && any(data.title_words, has(text))) return i;
    }
    if (paras.length && noEnd(paras[0][1])) return 0;
    return null;
  }

  // What the genre is read from (engine.py genre_texts): title, opening, headings.
  function genreTexts(data, paras) {
    var index = titleIndex(data, paras), heading = re(data.heading);
    var clause = re("[" + escapeClass(data.heading_clause_end) + "]");
    var rest = paras.slice(index !== null ? index + 1 : 0).map(function (p) { return p[1]; });
    return {
      title: index !== null ? paras[index][1] : "",
      opening: rest.filter(function (t) { return !heading.test(t); }).join("\n"),
      headings: rest.filter(function (t) { return heading.test(t); })
        .map(function (t) { return t.split(clause)[0]; }).join("\n")
    };
  }

  // The distinct Han bigrams of the first maxChars code points (genre_model.py bigrams).
  function bigrams(han, text, maxChars) {
    var isHan = full(han), seen = {}, out = [], prev = "";
    cps(text).slice(0, maxChars).forEach(function (ch) {
      if (isHan.test(ch)) {
        if (prev && !own(seen, prev + ch)) { seen[prev + ch] = true; out.push(prev + ch); }
        prev = ch;
      } else {
        prev = "";
      }
    });
    return out;
  }

  // Score of each class of the learned genre model (genre_model.py scores): integer sums,
  // one division per channel, as in Python.
  function genreScores(model, han, texts) {
    var n = model.classes.length, total = [], c;
    for (c = 0; c < n; c++) total.push(0);
    ["title", "opening", "headings"].forEach(function (name) {
      var ch = model.channels[name];
      var feats = bigrams(han, texts[name] || "", ch.max_chars)
        .filter(function (f) { return own(ch.features, f); });
      if (!feats.length) return;
      var sums = [];
      for (c = 0; c < n; c++) sums.push(0);
      feats.forEach(function (f) {
        var row = ch.default.slice(), pairs = ch.features[f];
        for (var i = 0; i < pairs.length; i += 2) row[pairs[i]] = pairs[i + 1];
        for (c = 0; c < n; c++) sums[c] += row[c];
      });
      for (c = 0; c < n; c++) total[c] += ch.weight * sums[c] / feats.length;
    });
    return total;
  }

  function genreDecide(model, total) {
    var best = 0, second, c;
    for (c = 1; c < total.length; c++) if (total[c] > total[best]) best = c;
    second = best === 0 ? 1 : 0;
    for (c = 0; c < total.length; c++) if (c !== best && total[c] > total[second]) second = c;
    return { best: best, second: second, clear: total[best] - total[second] >= model.margin };
  }

  // [decided, template id or null, why] by the structural rules (engine.py genre_rule).
  function genreRule(data, paras) {
    var index = titleIndex(data, paras), title = index !== null ? paras[index][1] : "";
    var say = data.genre_messages, titles = {};
    data.templates.forEach(function (t) { titles[t.id] = t.title; });
    var after = index !== null ? index + 1 : 0;
    var where = { title: title, first: after < paras.length ? paras[after][1] : "", opening: openingOf(data, paras) };
    if (index === null) where.first = paras.length ? paras[0][1] : "";
    for (var r = 0; r < data.genre_openings.length; r++) {
      var rule = data.genre_openings[r], text = where[rule.where];
      var hit = re(rule.pattern).test(text);
      if (rule.negate) hit = !!text && !hit;
      if (hit) {
        if (rule.genre !== null && own(titles, rule.genre)) return [true, rule.genre, fill(say.opening, { a: titles[rule.genre] })];
        return [true, null, say.other];
      }
    }
    return [false, null, ""];
  }

  function genreOf(data, paras) {
    var ruled = genreRule(data, paras);
    if (ruled[0]) return [ruled[1], ruled[2]];
    var say = data.genre_messages, model = data.genre_model, titles = {};
    data.templates.forEach(function (t) { titles[t.id] = t.title; });
    var total = genreScores(model, data.han, genreTexts(data, paras));
    if (!any(total, function (v) { return v !== 0; })) return [null, say.none];
    var d = genreDecide(model, total), name = model.classes[d.best], other = model.classes[d.second];
    var known = name !== null && own(titles, name), otherKnown = other !== null && own(titles, other);
    if (!d.clear && known && otherKnown) return [null, fill(say.unclear, { a: titles[name], b: titles[other] })];
    if (!d.clear) return [null, say.none];
    if (!known) return [null, say.none];
    return [name, fill(say.found, { a: titles[name] })];
  }

  // The year a draft reports on, read from its first lines (null when it names none).
  function reportYear(data, lines) {
    var head = lines.filter(function (l) { return l.trim(); })
      .slice(0, data.report_year_lines).join("\n");
    var m = re(data.report_year).exec(head);
    return m ? parseInt(m[1], 10) : null;
  }

  function hygiene(data, lines, paras) {
    var labels = data.labels, slot = re(data.slot, "g"), han = re(data.han, "g");
    var rules = data.hygiene.map(function (r) { return [re(r.pattern), r]; });
    var year = reportYear(data, lines);
    var avoid = data.avoid.filter(function (a) {
      return !(year && a.from && year < a.from);
    }).map(function (a) { return [re(a.match), a.prefer]; });
    var out = [], keys = {};
    function add(kind, number, text) {
      var key = JSON.stringify([kind, number, text]);
      if (own(keys, key)) return;
      keys[key] = 1;
      out.push({ kind: kind, line: number, text: text, label: labels[kind] });
    }
    var rng = ranges(data);
    lines.forEach(function (line, i) {
      var number = i + 1, text = strip(fold(data, line, rng), data.spaces);
      if (!text) return;
      var unslotted = text.replace(slot, "");
      rules.forEach(function (pair) {
        var pattern = pair[0], rule = pair[1], subject = rule.skip_slots ? unslotted : text;
        var hits = rule.all ? findAll(pattern, subject) : [pattern.exec(subject)].filter(Boolean);
        hits.forEach(function (m) {
          var shown = m[0];
          var groups = rule.show || [];
          for (var g = 0; g < groups.length; g++) if (m[groups[g]]) { shown = m[groups[g]]; break; }
          if (rule.context !== undefined) {
            var sub = cps(subject), a = cpIndex(subject, m.index), b = a + cpLen(m[0]);
            shown = sub.slice(Math.max(0, a - rule.context), b + rule.context).join("");
          }
          add(rule.kind, number, shown);
        });
      });
      data.junk.forEach(function (word) { if (text.indexOf(word) >= 0) add("junk", number, word); });
      avoid.forEach(function (a) {
        var m = a[0].exec(text);
        if (m) add("outdated", number, m[0] + (a[1] ? " → " + a[1] : ""));
      });
    });
    var seen = {};
    paras.forEach(function (p) {
      var key = (p[1].match(han) || []).join("");
      if (cpLen(key) >= data.duplicate_min_chars) {
        if (own(seen, key)) add("duplicate", p[0], "与第" + seen[key] + "行重复：" + cps(p[1]).slice(0, 24).join(""));
        else seen[key] = p[0];
      }
    });
    return out.map(function (f, i) { return [f, i]; })
      .sort(function (x, y) { return x[0].line - y[0].line || x[1] - y[1]; })
      .map(function (x) { return x[0]; });
  }

  /* ---- readings of a sentence (macros/checker/engine.py: same names) ---- */
  function readers(data) {
    return { moods: ["requirement", "plan"].map(function (m) {
      return [m, data.moods[m].map(function (p) { return re(p); })]; }),
      heading: re(data.heading) };
  }

  function moodOf(rd, sentence) {
    for (var i = 0; i < rd.moods.length; i++) {
      if (any(rd.moods[i][1], function (p) { return p.test(sentence); })) return rd.moods[i][0];
    }
    return null;
  }

  function openingOf(data, paras) {
    var index = titleIndex(data, paras), start = index === null ? 0 : index + 1;
    var title = index === null ? "" : paras[index][1];
    return [title].concat(paras.slice(start, start + data.opening_paragraphs).map(function (p) { return p[1]; })).join("\n");
  }

  function startsWith(s, w) { return s.slice(0, w.length) === w; }
  function endsWithText(s, w) { return w.length <= s.length && s.slice(s.length - w.length) === w; }

  function byOther(data, sentence, opening) {
    var first = sentence.split("，")[0];
    if (any(data.other_not_after, function (w) { return endsWithText(first, w); })) return false;
    var title = opening.split("\n")[0];
    for (var i = 0; i < data.others.length; i++) {
      var body = data.others[i];
      if (!startsWith(first, body)) continue;
      var rest = first.slice(body.length);
      if (any(data.other_not_before, function (w) { return startsWith(rest, w); })) return false;
      var dept = data.other_departments.filter(function (d) { return startsWith(rest, d); })[0] || "";
      if (dept || title.indexOf(body) >= 0) return title.indexOf(body + dept) < 0;
      var b = cps(body), level = b.length === 2 && b[1] === "委" ? b[0] : "";
      if (!level || any(data.unit_words, has(title))) return true;
      return !(opening.indexOf("我" + level) >= 0 || opening.indexOf("全" + level) >= 0);
    }
    return false;
  }

  function masked(data, text) {
    Object.keys(data.masks).forEach(function (w) { text = text.split(w).join(data.masks[w]); });
    var mask = data.rectification_mask;
    return text.replace(re(data.rectification, "g"), function () { return mask; });
  }

  function headingSentences(data, text, rd) {
    var parts = sentences(data, text), t = cps(text), last = t[t.length - 1];
    var numbered = rd.heading.test(text);
    if (numbered && t.length <= data.heading_max_chars && data.sentence_end.indexOf(last) < 0) return parts.length;
    if (!numbered && t.length <= data.bare_heading_max_chars && data.bare_heading_not_end.indexOf(last) < 0) {
      return parts.length;
    }
    if (numbered && parts.length > 1 && cpLen(parts[0]) <= data.heading_max_chars) return 1;
    return 0;
  }

  function statusOf(part, sentence, ob, data, rd, moodText) {
    if (part === "problem" || any(data.negations.concat(ob.negative), has(sentence))) return "gap";
    return moodOf(rd, moodText === undefined || moodText === null ? sentence : moodText) ? "planned" : "evidenced";
  }

  function clausePrefix(data, sentence, ob, comp) {
    var chars = cps(sentence), prefix = "";
    for (var i = 0; i < chars.length; i++) {
      prefix += chars[i];
      if (data.clause_end.indexOf(chars[i]) >= 0 && !(i > 0 && chars[i - 1] === "的") &&
          any(readings(data, prefix), function (v) { return matches(ob, masked(data, v), comp); })) {
        return prefix;
      }
    }
    return sentence;
  }

  function flat(data, paras, rd) {
    var out = [], ctx = "normal";
    paras.forEach(function (para, index) {
      var text = para[1], skip;
      ctx = context(data, text, ctx);
      if (index === 0) {
        var titled = !any(cps(data.sentence_end), function (c) { return text.indexOf(c) >= 0; });
        skip = titled ? sentences(data, text).length : 0;
      } else {
        skip = headingSentences(data, text, rd);
      }
      segments(data, text, ctx).forEach(function (seg) {
        sentences(data, seg[1]).forEach(function (sentence) {
          var heading = skip > 0;
          skip -= 1;
          if (seg[0] !== "plan") out.push([seg[0], sentence, heading, index]);
        });
      });
    });
    return out;
  }

  function readDuties(data, paras, genre) {
    var compiled = {};
    data.obligations.forEach(function (ob) {
      compiled[ob.id] = { patterns: ob.patterns.map(function (p) { return re(p); }),
        parts: ob.parts.map(function (p) { return re(p); }) };
    });
    var rd = readers(data), opening = openingOf(data, paras), sents = flat(data, paras, rd);
    var slogans = data.principles_required_in.indexOf(genre) >= 0 ? [] : data.principles;
    var title = opening.split("\n")[0], titled = {};
    data.titled_cues.forEach(function (rule) {
      if (title && re(rule.title).test(title)) titled[rule.duty] = (titled[rule.duty] || []).concat(rule.keywords);
    });
    var found = {}, listed = {}, order = [];
    function add(id, status, sentence, heading) {
      var e = found[id] || (found[id] = { evidenced: [], gap: [], planned: [], headed: [] });
      if (heading) e.headed.push([status, sentence]); else e[status].push(sentence);
    }
    function below(position) {
      for (var i = position + 1; i < sents.length; i++) if (!sents[i][2]) return sents[i][1];
      return "";
    }
    sents.forEach(function (item, position) {
      var part = item[0], sentence = item[1], heading = item[2], index = item[3];
      if (byOther(data, sentence, opening) || voids(data, sentence)) return;
      var views = readings(data, sentence).map(function (v) { return masked(data, v); });
      data.obligations.forEach(function (ob) {
        var extra = titled[ob.id] || [];
        if (any(views, function (v) {
          return matches(ob, v, compiled[ob.id]) ||
            (extra.length > 0 && any(extra, has(v)) && !any(ob.exclude, has(v)));
        })) {
          var moodText = heading ? null : clausePrefix(data, sentence, ob, compiled[ob.id]);
          var status = statusOf(part, sentence, ob, data, rd, moodText);
          if (status === "planned" && slogans.indexOf(ob.id) >= 0) return; // a principle required or planned is only a slogan
          var proxy = heading ? below(position) : sentence;
          if (proxy) add(ob.id, status, proxy, heading);
        } else if (data.gather_parts.indexOf(ob.id) >= 0 && !heading && !any(ob.exclude, has(sentence))) {
          var hits = [];
          compiled[ob.id].parts.forEach(function (p, i) {
            if (any(views, function (v) { return p.test(v); })) hits.push(i);
          });
          if (hits.length) {
            var key = JSON.stringify([ob.id, index, part]);
            if (!own(listed, key)) { listed[key] = []; order.push([key, ob.id, part]); }
            listed[key].push([hits, sentence]);
          }
        }
      });
    });
    var byId = {};
    data.obligations.forEach(function (ob) { byId[ob.id] = ob; });
    order.forEach(function (k) {
      var items = listed[k[0]], ob = byId[k[1]], seen = {};
      items.forEach(function (it) { it[0].forEach(function (h) { seen[h] = 1; }); });
      if (items.length > 1 && Object.keys(seen).length >= ob.min_parts) {
        var joined = items.map(function (it) { return it[1]; }).join("");
        add(k[1], statusOf(k[2], joined, ob, data, rd), joined, false);
      }
    });
    return found;
  }

  /* ---- placeholders and example facts (facts helper) --------------------------------
     The same functions as macros/checker/placeholders.py, on data.placeholders and
     data.example_prints: placeholders, either/or forms, unconfirmed 〖facts〗, a paragraph
     pasted from an example (copied-example) and an example's named facts left in a
     reworked paragraph (example-fact). A sentence with a placeholder evidences nothing. */
  function voids(data, sentence) { return re(data.placeholders.void).test(sentence); }

  function repeatBlank(s) { return new Array(cpLen(s) + 1).join("\u3000"); }

  function maskTitles(spec, text) {
    text = text.replace(re(spec.titles, "g"), function (m) { return repeatBlank(m); });
    text = text.replace(re(spec.slot, "g"), function (m) { return repeatBlank(m); });
    spec.keep.forEach(function (name) { text = text.split(name).join(repeatBlank(name)); });
    return text;
  }

  function hanOf(data, text) { return (text.match(re(data.han, "g")) || []).join(""); }

  /** The example print (checker data: clauses, facts, where) the paragraph copies, if any.
   *  @returns {{clauses: string[], facts: string[], where: string} | null} */
  function derived(data, paragraph, prints) {
    var spec = data.placeholders, key = hanOf(data, paragraph), best = null, share = 0;
    prints.forEach(function (pr) {
      if (!pr.clauses.length) return;
      var hit = pr.clauses.filter(function (c) { return key.indexOf(c) >= 0; }).length /
        pr.clauses.length;
      if (hit >= spec.copy_share && hit > share) { best = pr; share = hit; }
    });
    return best;
  }

  function namedFact(fact) {
    return !/[0-9]/.test(fact) && (fact.match(/[\u4e00-\u9fff]/g) || []).length >= 4;
  }

  function placeholderFindings(data, lines, paras) {
    var spec = Object.assign({}, data.placeholders, { slot: data.slot });
    var tokens = re(spec.tokens), fact = re(spec.fact);
    var out = [], rng = ranges(data);
    lines.forEach(function (line, i) {
      var number = i + 1, text = strip(fold(data, line, rng), data.spaces);
      if (!text) return;
      var masked = maskTitles(spec, text);
      findAll(tokens, masked).forEach(function (m) { out.push(["placeholder", number, m[0]]); });
      spec.either_or.forEach(function (form) {
        if (masked.indexOf(form) >= 0) out.push(["placeholder", number, form]);
      });
      findAll(fact, text).forEach(function (m) { out.push(["unconfirmed-fact", number, m[1]]); });
    });
    var prints = data.example_prints || [];
    paras.forEach(function (p) {
      var number = p[0], text = p[1];
      if (fact.test(text)) return;
      var pr = derived(data, text, prints);
      if (!pr) return;
      var flat = text.split(" ").join("");
      var kept = pr.facts.filter(function (f) { return flat.indexOf(f) >= 0; }), where = pr.where;
      if (kept.length === pr.facts.length) {
        out.push(["copied-example", number, "与示例相同（" + where + "）：" + cps(text).slice(0, 24).join("")]);
      } else {
        kept.forEach(function (f) {
          if (namedFact(f)) out.push(["example-fact", number, f + "（示例：" + where + "）"]);
        });
      }
    });
    return out;
  }

  function withPlaceholders(data, lines, paras, findings) {
    var keys = {}, out = findings.slice();
    findings.forEach(function (f) { keys[JSON.stringify([f.kind, f.line, f.text])] = 1; });
    placeholderFindings(data, lines, paras).forEach(function (t) {
      var key = JSON.stringify(t);
      if (own(keys, key)) return;
      keys[key] = 1;
      out.push({ kind: t[0], line: t[1], text: t[2], label: data.labels[t[0]] });
    });
    return out.map(function (f, i) { return [f, i]; })
      .sort(function (x, y) { return x[0].line - y[0].line || x[1] - y[1]; })
      .map(function (x) { return x[0]; });
  }
  /* ---- end of placeholders and example facts ---- */

  function check(data, lines, genre, file) {
    var paras = paragraphs(data, lines), reason;
    if (genre === null || genre === undefined) {
      var g = genreOf(data, paras);
      genre = g[0]; reason = g[1];
    } else {
      reason = data.genre_messages.given;
    }
    var found = readDuties(data, paras, genre);
    var covered = [], used = {};
    var statuses = ["evidenced", "gap", "planned"];
    data.obligations.forEach(function (ob) {
      var e = found[ob.id];
      if (!e) return;
      e.headed.forEach(function (h) {
        if (!any(statuses, function (s) { return e[s].length; }) || h[0] === "gap") e[h[0]].push(h[1]);
      });
      var status = statuses.filter(function (s) { return e[s].length; })[0];
      if (!status) return;
      var ranked = e[status].map(function (s, i) { return [cpLen(s), i, s]; })
        .sort(function (x, y) { return x[0] - y[0] || x[1] - y[1]; });
      var quote = "";
      for (var i = 0; i < ranked.length; i++) if (!own(used, ranked[i][2])) { quote = ranked[i][2]; break; }
      used[quote] = 1;
      covered.push({ id: ob.id, title: ob.title, status: status,
        evidence: e.evidenced.concat(e.gap, e.planned).slice(0, data.max_evidence), quote: quote });
    });
    var tpl = data.templates.filter(function (t) { return t.id === genre; })[0];
    var expected = tpl ? tpl.expected : data.common, byId = {};
    data.obligations.forEach(function (ob) { byId[ob.id] = ob; });
    var missing = expected.filter(function (o) { return !found[o] && own(byId, o); })
      .map(function (o) {
        return { id: o, title: byId[o].title, url: byId[o].url + "#" + data.examples_anchor, page: byId[o].page };
      });
    var findings = withPlaceholders(data, lines, paras, hygiene(data, lines, paras));
    var counts = {
      evidenced: covered.filter(function (c) { return c.status === "evidenced"; }).length,
      gap: covered.filter(function (c) { return c.status === "gap"; }).length,
      planned: covered.filter(function (c) { return c.status === "planned"; }).length,
      missing: missing.length, findings: findings.length
    };
    var summary = { evidenced: counts.evidenced, gap: counts.gap, planned: counts.planned,
      missing: counts.missing, findings: counts.findings, line: fill(data.summary_format, counts) };
    return { file: file, genre: genre, covered: covered, missing: missing, findings: findings,
      genre_reason: reason, expected_from: tpl ? "genre" : "common", summary: summary };
  }

  /* File reading, bounded like the CLI: the kinds, limits and binary bytes are data/rules.yml
     draft_files (data.draft_files), which macros/checker/drafts.py reads too. */
  var MB = 1024 * 1024;

  function hasSuffix(name, suffixes) {
    var lower = name.toLowerCase();
    return suffixes.some(function (s) { return lower.slice(-s.length) === s; });
  }

  function refuseFile(data, file) {
    var files = data.draft_files, docx = /\.docx$/i.test(file.name);
    var limit = docx ? files.max_docx_bytes : files.max_text_bytes;
    if (!docx && !hasSuffix(file.name, files.text_suffixes))
      return "只能检查 .docx 或 " + files.text_suffixes.join("、") + " 文件";
    if (file.size > limit)
      return "文件有 " + (file.size / MB).toFixed(1) + " MB，超过 " + limit / MB + " MB 的上限；请一次只检查一篇报告";
    return null;
  }

  function isBinary(data, bytes) {
    var files = data.draft_files, n = Math.min(bytes.length, files.binary_window), bad = 0;
    var binary = new Uint8Array(256);
    files.binary_bytes.forEach(function (r) { binary.fill(1, r[0], r[1] + 1); });
    for (var i = 0; i < n; i++) bad += binary[bytes[i]];
    return n > 0 && bad > files.binary_share * n;
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
  function readZipEntry(buffer, wanted, maxXml) {
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
          if (unpacked > maxXml)
            return Promise.reject(new Error("正文解压后有 " + (unpacked / MB).toFixed(1) + " MB，超过 " +
              maxXml / MB + " MB 的上限"));
          var start = local + 30 + view.getUint16(local + 26, true) + view.getUint16(local + 28, true);
          var data = bytes.subarray(start, start + size);
          if (method === 0) return Promise.resolve(decoder.decode(data.subarray(0, maxXml)));
          return inflateBounded(data, maxXml);
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
    Array.prototype.forEach.call(body.childNodes, function (/** @type {Element} */ p) {
      if (p.namespaceURI !== W || p.localName !== "p") return;
      var text = "";
      var walker = doc.createTreeWalker(p, NodeFilter.SHOW_ELEMENT);
      while (walker.nextNode()) {
        var el = /** @type {Element} */ (walker.currentNode);
        if (el.namespaceURI !== W) continue;
        if (el.localName === "t") text += el.textContent;
        else if (el.localName === "tab") text += "\t";
        else if (el.localName === "br" || el.localName === "cr") text += "\n";
      }
      text.split("\n").forEach(function (l) { lines.push(l); });
    });
    return lines;
  }

  function readFile(data, file) {
    var refused = refuseFile(data, file);
    if (refused) return Promise.reject(new Error(refused));
    if (/\.docx$/i.test(file.name)) {
      return file.arrayBuffer().then(function (buf) {
        return readZipEntry(buf, "word/document.xml", data.draft_files.max_document_xml);
      })
        .then(docxLines);
    }
    return file.arrayBuffer().then(function (buf) {
      var text, bytes = new Uint8Array(buf);
      if (isBinary(data, bytes)) throw new Error("这是二进制文件，不是文本；请另存为 .txt（UTF-8）或 .docx");
      try { text = new TextDecoder("utf-8", { fatal: true }).decode(buf); }
      catch (e) { text = new TextDecoder("gb18030").decode(buf); }
      if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
      return linesOf(data, file.name, text);
    });
  }

  /* ---- the page ---- */
  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text !== undefined) e.textContent = text;
    return e;
  }

  /* The result as plain text, in the order of the page (for 复制检查结果). */
  function asText(result, data) {
    var out = [result.summary.line];
    var tpl = data.templates.filter(function (t) { return t.id === result.genre; })[0];
    out.push("报告类型：" + (tpl ? tpl.title : "未能确定（" + result.genre_reason + "）"));
    out.push("", (tpl ? "本类报告" : "各类报告") + "应体现但未见（" + result.missing.length + "项）：");
    result.missing.forEach(function (m) { out.push("  ✗ " + m.title); });
    out.push("", "需要修改（" + result.findings.length + "处）：");
    result.findings.forEach(function (f) { out.push("  第" + f.line + "行 " + f.label + "：" + f.text); });
    out.push("", "已体现（" + result.summary.evidenced + "项）：");
    result.covered.forEach(function (c) {
      out.push("  " + ({ gap: "△ ", planned: "○ " }[c.status] || "✓ ") + c.title + (c.quote ? " —— " + c.quote : ""));
    });
    return out.join("\n");
  }

  /* kb-clipboard.js copies (the clipboard API, or its fallback over plain HTTP); a page
     without it refuses as a browser would. */
  function copyText(text) {
    var copy = window.kb.copyText;
    return (copy ? copy(text) : Promise.resolve(false)).then(function (ok) {
      if (!ok) throw new Error("浏览器不允许复制，请手动选择结果复制");
    });
  }

  /* Select line ``n`` (1-based) of the textarea and scroll it into view. */
  function selectLine(area, n) {
    var lines = area.value.split("\n"), start = 0;
    for (var i = 0; i < n - 1 && i < lines.length; i++) start += lines[i].length + 1;
    var end = start + (lines[n - 1] || "").length;
    area.focus();
    area.setSelectionRange(start, end);
    var lh = parseFloat(window.getComputedStyle(area).lineHeight) || 20;
    area.scrollTop = Math.max(0, (n - 3) * lh);
  }

  function render(out, result, data, base, area) {
    out.textContent = "";
    var urls = {};
    data.obligations.forEach(function (ob) { urls[ob.id] = base + ob.url; });
    out.appendChild(el("p", "kb-check-summary", result.summary.line));
    var tpl = data.templates.filter(function (t) { return t.id === result.genre; })[0];
    out.appendChild(el("p", "kb-check-genre", tpl ? "报告类型：" + tpl.title :
      "报告类型：未能确定（" + result.genre_reason + "）。下面按各类报告共同的责任检查；可在上方选择报告类型。"));

    var mis = el("section", "kb-check-missing");
    mis.appendChild(el("h2", null, (tpl ? "本类报告" : "各类报告") + "应体现但未见（" + result.missing.length + "项）"));
    var ul = el("ul");
    result.missing.forEach(function (m) {
      var li = el("li"), a = el("a", null, "看写法示例");
      a.href = base + m.url;
      li.appendChild(document.createTextNode(m.title + "："));
      li.appendChild(a);
      ul.appendChild(li);
    });
    mis.appendChild(ul);
    out.appendChild(mis);

    var fin = el("section", "kb-check-findings");
    fin.appendChild(el("h2", null, "需要修改（" + result.findings.length + "处）"));
    var ul2 = el("ul");
    result.findings.forEach(function (f) {
      var li = el("li", "kb-finding kb-" + f.kind);
      var ref = el("button", "kb-line-ref", "第" + f.line + "行");
      ref.type = "button";
      ref.title = "在草稿中选中这一行";
      ref.setAttribute("data-line", String(f.line));
      ref.addEventListener("click", function () { selectLine(area, f.line); });
      li.appendChild(ref);
      li.appendChild(document.createTextNode(" " + f.label + "：" + f.text));
      ul2.appendChild(li);
    });
    fin.appendChild(ul2);
    out.appendChild(fin);

    var cov = el("details", "kb-check-covered");
    cov.appendChild(el("summary", null, "已体现（" + result.summary.evidenced + "项" +
      (result.summary.gap ? "；仅作为问题提及" + result.summary.gap + "项" : "") +
      (result.summary.planned ? "；仅作为要求或计划提及" + result.summary.planned + "项" : "") + "），点开查看"));
    result.covered.forEach(function (c) {
      var item = el("div", "kb-check-item kb-" + c.status);
      var head = el("p", "kb-check-title");
      var a = el("a", null, c.title);
      a.href = urls[c.id];
      head.appendChild(el("span", "kb-check-mark",
        { gap: "△ 仅作为问题提及：", planned: "○ 仅作为要求或计划提及：" }[c.status] || "✓ "));
      head.appendChild(a);
      item.appendChild(head);
      if (c.quote) item.appendChild(el("mark", "kb-evidence", c.quote));
      cov.appendChild(item);
    });
    out.appendChild(cov);
  }

  function field(labelText, control, id) {
    var wrap = el("div", "kb-check-field");
    var label = el("label", "kb-check-label", labelText);
    control.id = id;
    label.htmlFor = id;
    wrap.appendChild(label);
    wrap.appendChild(control);
    return wrap;
  }

  function init() {
    const root = document.getElementById("kb-checker");
    var data = typeof window !== "undefined" ? window.kb.checkerData : null;
    if (!root || !data || root.getAttribute("data-ready")) return;
    root.setAttribute("data-ready", "1");
    var base = root.getAttribute("data-base") || "../";
    /* The tool stands right under the introduction, above the page's footer lines. */
    var article = root.closest("article");
    var footer = article && article.querySelector(".kb-updated, .md-source-file");
    if (footer) footer.before(root);

    var select = el("select", "kb-check-genre-select");
    select.appendChild(new Option("自动识别", ""));
    data.templates.forEach(function (t) { select.appendChild(new Option(t.title, t.id)); });
    var file = el("input", "kb-check-file");
    file.type = "file";
    file.accept = [".docx"].concat(data.draft_files.text_suffixes).join(",");
    var area = el("textarea", "kb-check-text");
    area.rows = 14;
    area.spellcheck = false;
    area.placeholder = "把草稿粘贴到这里，或在上方打开本机的 .txt / .md / .docx 文件。内容只在本页检查，不会上传。";
    var button = el("button", "md-button md-button--primary kb-check-run", "检查");
    button.type = "button";
    var copy = el("button", "md-button kb-check-copy", "复制检查结果");
    copy.type = "button";
    copy.disabled = true;
    var status = el("p", "kb-status");
    status.setAttribute("role", "status");
    var out = el("div", "kb-check-result");

    var controls = el("div", "kb-check-controls");
    controls.appendChild(field("报告类型", select, "kb-check-genre"));
    controls.appendChild(field("打开文件（.txt、.md、.docx）", file, "kb-check-file"));
    var buttons = el("div", "kb-check-buttons");
    buttons.appendChild(button);
    buttons.appendChild(copy);

    var lines = null, name = "草稿";
    var run = function () {
      var current = lines || linesOf(data, "草稿.txt", area.value);
      var result = check(data, current, select.value || null, name);
      render(out, result, data, base, area);
      status.textContent = "检查完成：" + result.summary.line + "。";
      root.kbResult = result;
      copy.disabled = false;
    };
    area.addEventListener("input", function () { lines = null; name = "草稿"; });
    file.addEventListener("change", function () {
      var f = file.files[0];
      if (!f) return;
      status.textContent = "正在读取 " + f.name + "……";
      readFile(data, f).then(function (ls) {
        lines = ls; name = f.name;
        area.value = ls.join("\n");
        run();
      }, function (err) { status.textContent = "无法读取：" + err.message; });
    });
    button.addEventListener("click", run);
    copy.addEventListener("click", function () {
      if (!root.kbResult) return;
      copyText(asText(root.kbResult, data)).then(function () {
        status.textContent = "检查结果已复制。";
      }, function (err) { status.textContent = err.message; });
    });
    var draftField = field("草稿", area, "kb-check-text");
    draftField.className += " kb-check-draft";
    [controls, draftField, buttons, status, out].forEach(function (n) { root.appendChild(n); });
  }

  function boot() {
    if (typeof document$ !== "undefined" && document$.subscribe) document$.subscribe(init);
    else document.addEventListener("DOMContentLoaded", init);
  }

  return { check: check, linesOf: linesOf, normalise: normalise, paragraphs: paragraphs,
    readings: readings, readFile: readFile, docxLines: docxLines, asText: asText, boot: boot };
});

/* The site's search worker. The build writes it, after lunr, to
   assets/javascripts/workers/kb-search.<content hash>.js and points Material's page
   config at it (macros/site/search_worker.py).

   It speaks Material's public worker protocol — {type: 0 SETUP, data: {config, docs,
   options}} → {type: 1 READY}; {type: 2 QUERY, data: text} → {type: 3 RESULT, data:
   {items: [[document…]…], suggest?}} — and returns results in the shape Material's
   result list renders. Indexing, tokenizing, highlighting and query parsing follow
   Material for MkDocs' worker (src/templates/assets/javascripts/integrations/search,
   9.x; Copyright (c) 2016-2025 Martin Donath, MIT licence, see LICENSE-search-worker.md),
   with three changes of ours:

   1. Chinese queries: the longest word of two or more characters the index knows is taken
      at each position (forward maximum matching); characters no word starts with are
      skipped; a query with no known word is searched as typed. Material's own loop never
      tried a word ending at the end of the query and kept one-character prefixes, so
      多久研判一次 became 多久* 研判* 一*, and 一* matched every title starting with 一.
   2. The built index is kept in IndexedDB, in a database named after the site's path (two
      copies of the site on one host keep their own), under the index's hash (the build
      puts it in config.kb_key): the next page reads it back instead of building it. It is
      stored in pieces that are cheap to read back: each term's postings as its own JSON
      text, parsed the first time a query reaches that term; vectors and highlight tables
      as JSON; the documents' addresses once. Reading starts when the worker starts, while
      the page is still fetching the index. Without IndexedDB (some file:// browsers) the
      index is built on each page, as Material does.
   3. A query that arrives before the index is ready waits for it and is answered then.
*/
(function () {
"use strict";

var SETUP = 0, READY = 1, QUERY = 2, RESULT = 3;
var STORE_VERSION = 5;
var started = performance.now();

/* ---- Material's tokenizer and highlighter (integrations/search/internal) ---------- */

function split(input, separator, fn) {
  separator = new RegExp(separator, "g");
  var match, index = 0;
  do {
    match = separator.exec(input);
    var until = match ? match.index : input.length;
    if (index < until) fn(index, until);
    if (match) {
      index = match.index + match[0].length;
      if (match[0].length === 0) separator.lastIndex = match.index + 1;
    }
  } while (match);
}

var TAG_OPEN = 0, TEXT = 1, TAG_CLOSE = 2;

function extract(input, fn) {
  var block = 0, start = 0, end = 0;
  for (var stack = 0; end < input.length; end++) {
    if (input.charAt(end) === "<" && end > start) {
      fn(block, TEXT, start, start = end);
    } else if (input.charAt(end) === ">") {
      if (input.charAt(start + 1) === "/") {
        if (--stack === 0) fn(block++, TAG_CLOSE, start, end + 1);
      } else if (input.charAt(end - 1) !== "/") {
        if (stack++ === 0) fn(block, TAG_OPEN, start, end + 1);
      }
      start = end + 1;
    }
  }
  if (end > start) fn(block, TEXT, start, end);
}

function tokenize(input) {
  var tokens = [];
  if (typeof input === "undefined") return tokens;
  var inputs = Array.isArray(input) ? input : [input];
  for (var i = 0; i < inputs.length; i++) {
    var table = lunr.tokenizer.table, total = table.length;
    extract(inputs[i], function (block, type, start, end) {
      block += total;
      table[block] = table[block] || [];
      if (type !== TEXT) {
        table[block].push(start << 12 | end - start << 2 | type);
        return;
      }
      var section = inputs[i].slice(start, end);
      split(section, lunr.tokenizer.separator, function (index, until) {
        table[block].push(start + index << 12 | until - index << 2 | type);
        tokens.push(new lunr.Token(section.slice(index, until).toLowerCase(),
                                   {position: block << 20 | table[block].length - 1}));
      });
    });
  }
  return tokens;
}

function highlightAll(inputs, table, positions, full) {
  var mapping = [0];
  for (var t = 1; t < table.length; t++) {
    var prev = table[t - 1], next = table[t];
    var p = prev[prev.length - 1] >>> 2 & 0x3FF, q = next[0] >>> 12;
    mapping.push(+(p > q) + mapping[mapping.length - 1]);
  }
  return inputs.map(function (input, i) {
    var cursor = 0, blocks = new Map();
    positions.sort(function (a, b) { return a - b; }).forEach(function (pos) {
      var index = pos & 0xFFFFF, block = pos >>> 20;
      if (mapping[block] !== i) return;
      if (!blocks.has(block)) blocks.set(block, []);
      blocks.get(block).push(index);
    });
    if (blocks.size === 0) return input;
    var slices = [];
    for (var entry of blocks) {
      var tb = table[entry[0]], indexes = entry[1];
      var start = tb[0] >>> 12, end = tb[tb.length - 1] >>> 12;
      var length = tb[tb.length - 1] >>> 2 & 0x3FF;
      if (full && start > cursor) slices.push(input.slice(cursor, start));
      var slice = input.slice(start, end + length);
      indexes.sort(function (a, b) { return b - a; }).forEach(function (j) {
        var p = (tb[j] >>> 12) - start, q = (tb[j] >>> 2 & 0x3FF) + p;
        slice = slice.slice(0, p) + "<mark>" + slice.slice(p, q) + "</mark>" + slice.slice(q);
      });
      cursor = end + length;
      if (slices.push(slice) === 2) break;
    }
    if (full && cursor < input.length) slices.push(input.slice(cursor));
    return slices.join("");
  });
}

function highlight(input, table, positions, full) {
  return highlightAll([input], table, positions, full).pop();
}

/* ---- Queries (integrations/search/query), with our Chinese segmentation ------------ */

/* The longest known word of two or more characters at each position; see change 1. */
function segment(text, terms) {
  var words = [], i = 0, n = text.length;
  while (i < n) {
    var found = 0;
    for (var j = n; j > i + 1; j--) {
      if (text.slice(i, j) in terms) { found = j; break; }
    }
    if (found) { words.push(text.slice(i, found)); i = found; } else { i++; }
  }
  return words.length ? words : [text];
}

function transform(query, fn) {
  var terms = [];
  query.trim()
    .split(/"([^"]+)"/g)
    .map(function (parts, index) {
      return index & 1 ? parts.replace(/^\b|^(?![^\x00-\x7F]|$)|\s+/g, " +") : parts;
    })
    .join("")
    .replace(/"|(?:^|\s+)[*+\-:^~]+(?=\s+|$)/g, "")
    .split(/\s+/g)
    .forEach(function (term) { terms = terms.concat(fn(term)); });
  return terms
    .map(function (term) { return /([~^]$)/.test(term) ? term + "1" : term; })
    .map(function (term) { return /(^[+-]|[~^]\d+$)/.test(term) ? term : term + "*"; })
    .join(" ");
}

function transformSearchQuery(query) {
  return transform(query, function (part) {
    var terms = [], lexer = new lunr.QueryLexer(part);
    lexer.run();
    lexer.lexemes.forEach(function (lexeme) {
      if (lexeme.type === "FIELD") {
        if (["title", "text", "tags"].indexOf(lexeme.str) < 0)
          part = part.slice(0, lexeme.end) + " " + part.slice(lexeme.end + 1);
      } else if (lexeme.type === "TERM") {
        split(lexeme.str, lunr.tokenizer.separator, function (from, to) {
          terms.push(part.slice(0, lexeme.start) + lexeme.str.slice(from, to) +
                     part.slice(lexeme.end));
        });
      }
    });
    return terms;
  });
}

function parseSearchQuery(value) {
  var query = new lunr.Query(["title", "text", "tags"]);
  new lunr.QueryParser(value, query).parse();
  query.clauses.forEach(function (clause) {
    clause.usePipeline = true;
    if (clause.term.startsWith("*")) {
      clause.wildcard = lunr.Query.wildcard.LEADING;
      clause.term = clause.term.slice(1);
    }
    if (clause.term.endsWith("*")) {
      clause.wildcard = lunr.Query.wildcard.TRAILING;
      clause.term = clause.term.slice(0, -1);
    }
  });
  return query.clauses;
}

function getSearchQueryTerms(query, terms) {
  var clauses = new Set(query), result = {};
  terms.forEach(function (term) {
    clauses.forEach(function (clause) {
      if (term.startsWith(clause.term)) { result[clause.term] = true; clauses.delete(clause); }
    });
  });
  clauses.forEach(function (clause) {
    if (lunr.stopWordFilter && lunr.stopWordFilter(clause.term)) result[clause.term] = false;
  });
  return result;
}

/* ---- The index (integrations/search/_ and config) --------------------------------- */

function documentMap(docs) {
  var map = new Map();
  docs.forEach(function (doc) {
    var path = doc.location.split("#")[0], article = map.get(path);
    if (typeof article === "undefined") { map.set(path, doc); } else {
      map.set(doc.location, doc);
      doc.parent = article;
    }
  });
  return map;
}

/* Material's index, built with lunr: no language plugins (the build checks that the site
   asks for none) and no pipeline functions (the build checks `pipeline: []`). */
function buildIndex(data) {
  var table = new Map(), config = data.config;
  lunr.tokenizer.separator = new RegExp(config.separator);
  var index = lunr(function () {
    var builder = this;
    builder.metadataWhitelist = ["position"];
    builder.b(0);
    builder.tokenizer = tokenize;
    ["trimmer", "stopWordFilter", "stemmer"].forEach(function (name) {
      if (config.pipeline.indexOf(name) < 0) {
        builder.pipeline.remove(lunr[name]);
        builder.searchPipeline.remove(lunr[name]);
      }
    });
    builder.ref("location");
    Object.keys(config.fields).forEach(function (name) {
      var spec = Object.assign({}, config.fields[name], {extractor: function (doc) {
        if (typeof doc[name] === "undefined") return undefined;
        table.set(doc.location + ":" + name, lunr.tokenizer.table = []);
        return doc[name];
      }});
      builder.field(name, spec);
    });
    data.docs.forEach(function (doc) { builder.add(doc, {boost: doc.boost}); });
  });
  return {index: index, table: table};
}

function Search(data, built) {
  this.map = documentMap(data.docs);
  this.options = data.options || {};
  this.index = built.index;
  this.table = built.table;
  lunr.tokenizer.separator = new RegExp(data.config.separator);
}

Search.prototype.search = function (query) {
  var self = this, terms = this.index.invertedIndex;
  query = query.replace(/\p{sc=Han}+/gu, function (value) {
    return segment(value, terms).join("* ");
  });
  query = transformSearchQuery(query);
  if (!query) return {items: []};
  var clauses = parseSearchQuery(query).filter(function (clause) {
    return clause.presence !== lunr.Query.presence.PROHIBITED;
  });
  var found = [];
  this.index.search(query).forEach(function (hit) {
    var doc = self.map.get(hit.ref);
    if (typeof doc === "undefined") return;
    doc = Object.assign({}, doc);
    if (doc.tags) doc.tags = doc.tags.slice();
    var matched = getSearchQueryTerms(clauses, Object.keys(hit.matchData.metadata));
    self.index.fields.forEach(function (field) {
      if (typeof doc[field] === "undefined") return;
      var positions = [];
      Object.values(hit.matchData.metadata).forEach(function (match) {
        if (typeof match[field] !== "undefined")
          positions.push.apply(positions, match[field].position);
      });
      if (!positions.length) return;
      var table = self.table.get(doc.location + ":" + field);
      var fn = Array.isArray(doc[field]) ? highlightAll : highlight;
      doc[field] = fn(doc[field], table, positions, field !== "text");
    });
    var keys = Object.keys(matched);
    var boost = +!doc.parent + keys.filter(function (k) { return matched[k]; }).length /
      keys.length;
    found.push(Object.assign(doc, {score: hit.score * (1 + Math.pow(boost, 2)),
                                   terms: matched}));
  });
  found.sort(function (a, b) { return b.score - a.score; });
  var groups = new Map();
  found.forEach(function (result) {
    var doc = self.map.get(result.location);
    if (typeof doc === "undefined") return;
    var ref = doc.parent ? doc.parent.location : doc.location;
    groups.set(ref, (groups.get(ref) || []).concat([result]));
  });
  groups.forEach(function (items, ref) {
    if (!items.find(function (item) { return item.location === ref; }))
      items.push(Object.assign({}, self.map.get(ref), {score: 0, terms: {}}));
  });
  var result = {items: Array.from(groups.values())};
  if (this.options.suggest) {
    var titles = this.index.query(function (builder) {
      clauses.forEach(function (clause) {
        builder.term(clause.term, {fields: ["title"],
                                   presence: lunr.Query.presence.REQUIRED,
                                   wildcard: lunr.Query.wildcard.TRAILING});
      });
    });
    result.suggest = titles.length ? Object.keys(titles[0].matchData.metadata) : [];
  }
  return result;
};

/* ---- The stored index (change 2) -------------------------------------------------- */

function pack(built) {
  var j = built.index.toJSON(), fields = j.fields, refs = [], ids = new Map();
  function ref(r) {
    if (!ids.has(r)) { ids.set(r, refs.length); refs.push(r); }
    return ids.get(r);
  }
  var postings = j.invertedIndex.map(function (e) {
    return JSON.stringify([e[1]._index].concat(fields.map(function (f) {
      var out = [], by = e[1][f] || {};
      for (var r in by) out.push(ref(r), by[r].position || 0);
      return out;
    })));
  });
  var vectors = j.fieldVectors.map(function (e) {
    var cut = e[0].indexOf("/");
    return [fields.indexOf(e[0].slice(0, cut)), ref(e[0].slice(cut + 1)), e[1]];
  });
  return {fields: fields, pipeline: j.pipeline, refs: refs,
          terms: j.invertedIndex.map(function (e) { return e[0]; }), postings: postings,
          vectors: JSON.stringify(vectors), table: JSON.stringify(Array.from(built.table))};
}

function posting(v, text) {
  var data = JSON.parse(text), out = {_index: data[0]};
  v.fields.forEach(function (f, k) {
    var by = {}, list = data[k + 1];
    for (var i = 0; i < list.length; i += 2)
      by[v.refs[list[i]]] = list[i + 1] === 0 ? {} : {position: list[i + 1]};
    out[f] = by;
  });
  return out;
}

function unpack(v) {
  var inverted = Object.create(null), vectors = {};
  v.terms.forEach(function (term, i) {
    Object.defineProperty(inverted, term, {configurable: true, enumerable: true,
      get: function () {
        var value = posting(v, v.postings[i]);
        Object.defineProperty(inverted, term, {value: value, enumerable: true,
                                               writable: true, configurable: true});
        return value;
      }});
  });
  JSON.parse(v.vectors).forEach(function (e) {
    vectors[v.fields[e[0]] + "/" + v.refs[e[1]]] = new lunr.Vector(e[2]);
  });
  return {table: new Map(JSON.parse(v.table)),
          index: new lunr.Index({invertedIndex: inverted, fieldVectors: vectors,
                                 tokenSet: lunr.TokenSet.fromArray(v.terms), fields: v.fields,
                                 pipeline: lunr.Pipeline.load(v.pipeline)})};
}

/* The database is named after the site's root path: the worker lives at
   <root>/assets/javascripts/workers/. */
function databaseName() {
  var root = new URL("../../../", self.location.href);
  return "kb-search:" + root.pathname;
}

/* Resolves with {db, stored: {key, index}|null}; db is null without IndexedDB. A store
   that has not answered within STORE_WAIT ms is not waited for: the index is built. */
var STORE_WAIT = 3000;
var storage = new Promise(function (answer) {
  var req, answered = false;
  function done(result) { if (!answered) { answered = true; answer(result); } }
  setTimeout(function () { done({db: null, stored: null}); }, STORE_WAIT);
  try {
    if (self.location.protocol === "file:" || typeof indexedDB === "undefined")
      return done({db: null, stored: null});
    req = indexedDB.open(databaseName(), 1);
  } catch (e) { return done({db: null, stored: null}); }
  req.onupgradeneeded = function () { req.result.createObjectStore("index"); };
  req.onerror = function () { done({db: null, stored: null}); };
  req.onsuccess = function () {
    var db = req.result, get;
    try { get = db.transaction("index").objectStore("index").get("current"); }
    catch (e) { return done({db: db, stored: null}); }
    get.onerror = function () { done({db: db, stored: null}); };
    get.onsuccess = function () {
      var v = get.result;
      done({db: db, stored: v && v.version === STORE_VERSION ? v : null});
    };
  };
});

function store(db, key, built) {
  setTimeout(function () {
    try {
      var packed = pack(built);
      packed.version = STORE_VERSION;
      packed.key = key;
      db.transaction("index", "readwrite").objectStore("index").put(packed, "current");
    } catch (e) { /* a full or refused store: the next page builds the index again */ }
  }, 0);
}

/* ---- Messages --------------------------------------------------------------------- */

var search = null, fromStore = false, ready = null, answerReady;
ready = new Promise(function (done) { answerReady = done; });

function setup(data) {
  var key = data.config.kb_key || null;
  return storage.then(function (s) {
    var built = null;
    if (s.stored && key && s.stored.key === key) {
      try { built = unpack(s.stored); } catch (e) { built = null; }
    }
    fromStore = !!built;
    if (!built) {
      built = buildIndex(data);
      if (s.db && key) store(s.db, key, built);
    }
    search = new Search(data, built);
    answerReady();
    return {type: READY, kbReadyMs: performance.now() - started, kbStored: fromStore};
  });
}

function query(text) {
  return ready.then(function () {
    try {
      return {type: RESULT, data: search.search(text)};
    } catch (err) {
      console.warn("Invalid query: " + text, err);
      return {type: RESULT, data: {items: []}};
    }
  });
}

self.lunr = lunr;
lunr.utils.warn = console.warn;

addEventListener("message", function (ev) {
  var message = ev.data, answer;
  if (message.type === SETUP) answer = setup(message.data);
  else if (message.type === QUERY) answer = query(message.data);
  else throw new TypeError("Invalid message type");
  answer.then(function (reply) { postMessage(reply); });
});
})();

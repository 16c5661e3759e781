"""Patches to Material's search worker: Chinese query segmentation, and an index that
survives from one page to the next.

Material (9.8.1) splits a Han query into words the index knows, but its loop never
tries a word that ends at the end of the query, and it keeps one-character prefixes:
多久研判一次 becomes 多久* 研判* 一* — and 一* matches every title that starts with 一.
The replacement takes the longest known word of two or more characters at each
position (forward maximum matching) and skips characters no word starts with; a query
with no known word is searched as typed. Each piece still gets a trailing wildcard.

Material's worker builds the lunr index from the JSON on every page view (0.3–0.7 s here,
more with more content). The patched worker keeps the built index, with the token tables
used for highlighting, in IndexedDB under a hash of the index file: the next page loads it
instead of building it, and a new build (new hash) replaces it. Both are stored as JSON
text: reading back a string and parsing it takes a fraction of what IndexedDB needs to
rebuild the same nested object (about 85 ms here); see KB_INDEX for the pieces. Where IndexedDB is
unavailable (some file:// browsers) it builds the index as before.
"""

from __future__ import annotations

import hashlib
import json
import re
from pathlib import Path

from macros.site.search_cache import put_segments

ORIGINAL = ('function fe(t,e){let r=new Set,n=new Uint16Array(t.length);for(let s=0;s<t.length;'
            's++)for(let o=s+1;o<t.length;o++)t.slice(s,o)in e&&(n[s]=o-s);let i=[0];for(let s=i.'
            'length;s>0;){let o=i[--s];for(let u=1;u<n[o];u++)n[o+u]>n[o]-u&&(r.add(t.slice(o,o+u'
            ')),i[s++]=o+u);let a=o+n[o];n[a]&&a<t.length-1&&(i[s++]=a),r.add(t.slice(o,a))}return'
            ' r.has("")?new Set([t]):r}')
REPLACEMENT = ('function fe(t,e){let r=new Set,i=0,n=t.length;for(;i<n;){let o=0;for(let j=n;j>i+1;'
               'j--)if(t.slice(i,j)in e){o=j;break}o?(r.add(t.slice(i,o)),i=o):i++}return r.size?r:'
               'new Set([t])}')


SETUP = "case 0:return yield Ie(t.data.config),de=new U(t.data),{type:1};"
# The ready message also says when, by the worker's clock (ms since the worker started), and
# whether the index was read back from storage (true) or built (false).
SETUP_CACHED = ("case 0:return yield Ie(t.data.config),de=yield kbIndex(t.data),"
                "{type:1,kbReadyMs:performance.now(),kbStored:!!kbGot};")
SETUP_ANCHOR = "function Fe(t){"
KEY = re.compile(r'var kbKey="kb-[0-9a-f]*";')
# Reading the stored index starts as the worker starts, while the page is still fetching the
# index file to send it. The index is stored in pieces that cost little to read back: each
# term's postings as its own JSON text, parsed the first time a query reaches that term
# (a query touches a few dozen of the ~4,000), the vectors and the highlight table as JSON;
# the documents' addresses, which fill half of lunr's own form, once, as numbers elsewhere.
# lunr's own Index.load would parse and build every posting first (about 50 ms here).
KB_INDEX = """var kbKey="kb-KEY";
var kbDb = null, kbGot, kbWait = [];
function kbFinish(db, got) {
  kbDb = db; kbGot = got; var w = kbWait; kbWait = []; w.forEach(function (f) { f(); });
}
function kbPack(s) {
  var j = s.index.toJSON(), fields = j.fields, refs = [], ids = new Map();
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
  return {v: 4, fields: fields, pipeline: j.pipeline, refs: refs,
          terms: j.invertedIndex.map(function (e) { return e[0]; }), postings: postings,
          vectors: JSON.stringify(vectors), table: JSON.stringify(Array.from(s.table))};
}
function kbPosting(v, text) {
  var data = JSON.parse(text), posting = {_index: data[0]};
  v.fields.forEach(function (f, k) {
    var by = {}, list = data[k + 1];
    for (var i = 0; i < list.length; i += 2)
      by[v.refs[list[i]]] = list[i + 1] === 0 ? {} : {position: list[i + 1]};
    posting[f] = by;
  });
  return posting;
}
function kbUnpack(v) {
  var terms = v.terms, postings = v.postings, inverted = Object.create(null), vectors = {};
  terms.forEach(function (term, i) {
    Object.defineProperty(inverted, term, {configurable: true, enumerable: true,
      get: function () {
        var posting = kbPosting(v, postings[i]);
        Object.defineProperty(inverted, term, {value: posting, enumerable: true,
                                               writable: true, configurable: true});
        return posting;
      }});
  });
  JSON.parse(v.vectors).forEach(function (e) {
    vectors[v.fields[e[0]] + "/" + v.refs[e[1]]] = new lunr.Vector(e[2]);
  });
  return {table: new Map(JSON.parse(v.table)),
          index: new lunr.Index({invertedIndex: inverted, fieldVectors: vectors,
                                 tokenSet: lunr.TokenSet.fromArray(terms), fields: v.fields,
                                 pipeline: lunr.Pipeline.load(v.pipeline)})};
}
(function () {
  var req;
  try { req = indexedDB.open("kb-search", 1); } catch (e) { return kbFinish(null, null); }
  req.onupgradeneeded = function () { req.result.createObjectStore("i"); };
  req.onerror = function () { kbFinish(null, null); };
  req.onsuccess = function () {
    var db = req.result, get;
    try { get = db.transaction("i").objectStore("i").get(kbKey); }
    catch (e) { return kbFinish(db, null); }
    get.onerror = function () { kbFinish(db, null); };
    get.onsuccess = function () {
      var v = get.result, got = null;
      if (v && v.v === 4) { try { got = kbUnpack(v); } catch (e) { got = null; } }
      kbFinish(db, got);
    };
  };
})();
function kbIndex(d) {
  return new Promise(function (done) {
    function fresh() {
      var s = new U(d);
      done(s);
      if (kbDb) setTimeout(function () {
        try {
          var st = kbDb.transaction("i", "readwrite").objectStore("i");
          st.clear(); st.put(kbPack(s), kbKey);
        } catch (e) {}
      }, 0);
    }
    function go() {
      if (!kbGot) return fresh();
      var s = Object.create(U.prototype);
      s.table = kbGot.table; s.map = ie(d.docs); s.options = d.options;
      lunr.tokenizer.separator = new RegExp(d.config.separator);
      s.index = kbGot.index;
      done(s);
    }
    kbGot === undefined ? kbWait.push(go) : go();
  });
}
"""


def index_key(site_dir: Path) -> str:
    """A short hash of the built search index (JSON, or the offline build's script)."""
    for name in ("search_index.json", "search_index.js"):
        path = Path(site_dir) / "search" / name
        if path.is_file():
            return hashlib.sha1(path.read_bytes()).hexdigest()[:16]
    return "none"


def compact_index(path: Path, segments: dict[str, str] | None = None) -> None:
    """Rewrite the search index as compact UTF-8 JSON (Material escapes every Han
    character as \\uXXXX, which doubles what the browser must fetch and parse).

    Tags are dropped from the entries: a facet such as 角色/办公室 is one token no query
    matches, and in the result list it only adds a row of chips to every hit. Titles and
    texts that were segmented beside the build are put in place of their placeholders
    (``segments``, see search_cache)."""
    if path.is_file():
        data = json.loads(path.read_text(encoding="utf-8"))
        for entry in data.get("docs", []):
            entry.pop("tags", None)
        put_segments(data.get("docs", []), segments or {})
        path.write_text(json.dumps(data, ensure_ascii=False, separators=(",", ":")),
                        encoding="utf-8")


class PatchError(RuntimeError):
    """The worker does not contain the function this patch was written for."""


def patch_worker(site_dir: Path) -> Path:
    """Patch the search worker in a built site; fail loudly if Material changed it.
    Run after the index is final: the worker's cache key is the index's hash."""
    workers = sorted(Path(site_dir).glob("assets/javascripts/workers/search.*.min.js"))
    if len(workers) != 1:
        raise PatchError(f"expected one Material search worker, found {len(workers)}")
    worker = workers[0]
    code = worker.read_text(encoding="utf-8")
    key = f'var kbKey="kb-{index_key(site_dir)}";'
    if REPLACEMENT in code and SETUP_CACHED in code:
        worker.write_text(KEY.sub(key, code), encoding="utf-8")
        return worker
    if code.count(ORIGINAL) != 1 or code.count(SETUP) != 1 or code.count(SETUP_ANCHOR) != 1:
        raise PatchError(f"{worker.name}: Material's search worker changed — review "
                         "macros/site/search_patch.py against the new mkdocs-material version")
    code = code.replace(ORIGINAL, REPLACEMENT).replace(SETUP, SETUP_CACHED)
    code = code.replace(SETUP_ANCHOR, KB_INDEX.replace('var kbKey="kb-KEY";', key) + SETUP_ANCHOR)
    worker.write_text(code, encoding="utf-8")
    return worker

"""A fix to Material's in-browser segmentation of Chinese queries.

Material (9.8.1) splits a Han query into words the index knows, but its loop never
tries a word that ends at the end of the query, and it keeps one-character prefixes:
多久研判一次 becomes 多久* 研判* 一* — and 一* matches every title that starts with 一.
The replacement takes the longest known word of two or more characters at each
position (forward maximum matching) and skips characters no word starts with; a query
with no known word is searched as typed. Each piece still gets a trailing wildcard.
"""

from __future__ import annotations

from pathlib import Path

ORIGINAL = ('function fe(t,e){let r=new Set,n=new Uint16Array(t.length);for(let s=0;s<t.length;'
            's++)for(let o=s+1;o<t.length;o++)t.slice(s,o)in e&&(n[s]=o-s);let i=[0];for(let s=i.'
            'length;s>0;){let o=i[--s];for(let u=1;u<n[o];u++)n[o+u]>n[o]-u&&(r.add(t.slice(o,o+u'
            ')),i[s++]=o+u);let a=o+n[o];n[a]&&a<t.length-1&&(i[s++]=a),r.add(t.slice(o,a))}return'
            ' r.has("")?new Set([t]):r}')
REPLACEMENT = ('function fe(t,e){let r=new Set,i=0,n=t.length;for(;i<n;){let o=0;for(let j=n;j>i+1;'
               'j--)if(t.slice(i,j)in e){o=j;break}o?(r.add(t.slice(i,o)),i=o):i++}return r.size?r:'
               'new Set([t])}')


def compact_index(path: Path) -> None:
    """Rewrite the search index as compact UTF-8 JSON (Material escapes every Han
    character as \\uXXXX, which doubles what the browser must fetch and parse).

    Tags are dropped from the entries: a facet such as 角色/办公室 is one token no query
    matches, and in the result list it only adds a row of chips to every hit."""
    import json

    if path.is_file():
        data = json.loads(path.read_text(encoding="utf-8"))
        for entry in data.get("docs", []):
            entry.pop("tags", None)
        path.write_text(json.dumps(data, ensure_ascii=False, separators=(",", ":")),
                        encoding="utf-8")


class PatchError(RuntimeError):
    """The worker does not contain the function this patch was written for."""


def patch_worker(site_dir: Path) -> Path:
    """Patch the search worker in a built site; fail loudly if Material changed it."""
    workers = sorted(Path(site_dir).glob("assets/javascripts/workers/search.*.min.js"))
    if len(workers) != 1:
        raise PatchError(f"expected one Material search worker, found {len(workers)}")
    worker = workers[0]
    code = worker.read_text(encoding="utf-8")
    if REPLACEMENT in code:
        return worker
    if code.count(ORIGINAL) != 1:
        raise PatchError(f"{worker.name}: Material's query segmentation changed — review "
                         "macros/search_patch.py against the new mkdocs-material version")
    worker.write_text(code.replace(ORIGINAL, REPLACEMENT), encoding="utf-8")
    return worker

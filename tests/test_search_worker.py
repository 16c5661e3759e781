"""The search worker under node: Material's messages, Chinese queries, early queries."""

from __future__ import annotations

import json
import shutil
import subprocess

import pytest

from macros.site.search_worker import worker_code

RUN = r"""
const vm = require("vm");
const code = require("fs").readFileSync(0, "utf8");
const sent = [], listeners = [];
const context = {console, performance, setTimeout, URL, Map, Set, JSON,
  postMessage: (m) => sent.push(m),
  addEventListener: (type, fn) => listeners.push(fn)};
context.self = context;
vm.createContext(context);
vm.runInContext(code, context);
const post = (data) => listeners.forEach((fn) => fn({data}));
const docs = [
  {location: "a/", title: "三审三校制度", text: "落实三审三校，层层把关。"},
  {location: "a/#x", title: "责任追究", text: "对分析研判不力的追究责任。"},
  {location: "b/", title: "网络阵地", text: "网评员队伍建设。"}];
const config = {lang: ["en"], separator: "[\\s\\u200b\\-]", pipeline: [],
  fields: {title: {boost: 1000}, text: {boost: 1}}, kb_key: "k1"};
post({type: 2, data: "三审三校"});                 // a query before the index is there
post({type: 0, data: {config, docs: docs.map((d) => ({...d,
  text: d.text.replace("三审三校", "三审三校\u200b").replace("分析研判", "分析\u200b研判\u200b")})),
  options: {suggest: false}}});
post({type: 2, data: "研判"});
post({type: 2, data: "多久研判一次"});
setTimeout(() => console.log(JSON.stringify(sent)), 200);
"""


@pytest.fixture(scope="module")
def replies():
    if not shutil.which("node"):
        pytest.fail("node is missing: `make browser` installs it")
    out = subprocess.run(["node", "-e", RUN], input=worker_code(), capture_output=True,
                         text=True, timeout=60, check=True).stdout
    return json.loads(out.strip().splitlines()[-1])


def test_worker_answers_material_messages_and_a_query_sent_before_setup(replies):
    assert [r["type"] for r in replies] == [1, 3, 3, 3]    # ready, then every result
    assert replies[0]["kbStored"] is False                   # no IndexedDB under node: built
    early = replies[1]["data"]["items"]
    assert early and early[0][0]["location"] == "a/"
    assert "<mark>" in early[0][0]["title"]                  # highlighted as Material does


def test_a_chinese_query_is_cut_into_words_the_index_knows(replies):
    later = replies[2]["data"]["items"]
    assert [[d["location"] for d in group] for group in later] == [["a/#x", "a/"]]
    hit = later[0][0]
    assert hit["terms"] == {"研判": True} and "<mark>研判</mark>" in hit["text"]
    # 多久 and 一次 are no words of the index: the query is 研判*, not 多* 久* 一* 次*
    assert replies[3]["data"] == replies[2]["data"]

"""The build loads only the part of jieba's dictionary its texts can use (jieba_part.py):
the segmentation must be exactly that of the whole dictionary — for the site's own texts,
for texts with characters the sources never had, and with a user dictionary loaded
between the two."""

from __future__ import annotations

import json
import subprocess
import sys

from .conftest import ROOT

SCRIPT = r'''
import json, re, sys
from pathlib import Path
import jieba
jieba.setLogLevel(60)
from macros.site.jieba_part import cover, han_chars, source_chars
mode, root, user_dict = sys.argv[1], Path(sys.argv[2]), sys.argv[3]
texts = []
for folder in ("docs", "data"):
    for file in sorted((root / folder).rglob("*")):
        if file.suffix in (".md", ".yml"):
            texts += re.findall(r"[\u4e00-\u9fff]+", file.read_text(encoding="utf-8"))
texts = sorted(set(texts))[::3]
late = ["魑魅魍魉饕餮盛宴在此", "饕餮盛宴", "鬼斧神工的穹顶之下", "龘"]
if mode == "part":
    cover(source_chars(root))
out = [jieba.lcut(t, HMM=False) for t in texts[:200]]
jieba.load_userdict(user_dict)
for text in texts + late:
    if mode == "part":
        cover(han_chars([text]))
    out.append(jieba.lcut(text))
print(json.dumps({"cuts": out, "entries": len(jieba.dt.FREQ), "total": jieba.dt.total},
                 ensure_ascii=False))
'''


def _run(mode: str, user_dict) -> dict:
    result = subprocess.run([sys.executable, "-c", SCRIPT, mode, str(ROOT), str(user_dict)],
                            cwd=ROOT, capture_output=True, text=True, check=True)
    return json.loads(result.stdout)


def test_the_part_of_the_dictionary_segments_exactly_as_the_whole(tmp_path):
    user_dict = tmp_path / "user.txt"
    user_dict.write_text("饕餮盛宴 2000\n网评员 2000\n每季度 1\n季度 50000\n",
                         encoding="utf-8")
    whole, part = _run("whole", user_dict), _run("part", user_dict)
    assert len(part["cuts"]) == len(whole["cuts"]) > 1000
    assert part["cuts"] == whole["cuts"]
    assert part["total"] == whole["total"]
    assert part["entries"] < whole["entries"] / 2     # the point: far less of it loaded

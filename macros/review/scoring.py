"""A suggested score of a reviewed report against a set of assessment rules, item by item,
with the sentence that earned or cost each point. The reviewer decides; this only proposes."""

from __future__ import annotations

import re

from macros.checker.normalise import sentences


def _fmt(x: float) -> float:
    return round(x + 1e-9, 2)


def _evidence_sentence(data: dict, lines: list[str], pattern: re.Pattern) -> str:
    for line in lines:
        for sentence in sentences(data, line):
            if pattern.search(sentence):
                return sentence
    return ""


def score_report(rules: dict, row: dict, data: dict) -> dict:
    """{total, items: [{id, title, points, suggested, earned: [...], deducted: [...]}]}."""
    covered = {c["id"]: c for c in row.get("covered", [])}
    kinds: dict[str, int] = {}
    for f in row.get("findings", []):
        kinds[f["kind"]] = kinds.get(f["kind"], 0) + 1
    titles = {ob["id"]: ob["title"] for ob in data.get("obligations", [])}
    items, total = [], 0.0
    for item in rules["items"]:
        earned, deducted, gain = [], [], 0.0
        for earn in item["earn"]:
            if "duty" in earn:
                hit = covered.get(earn["duty"])
                if hit and hit["status"] == "evidenced":
                    quote = hit["quote"] or (hit["evidence"] or [""])[0]
                    earned.append({"what": hit["title"], "points": earn["points"],
                                   "quote": quote})
                    gain += earn["points"]
                else:
                    what = hit["title"] if hit else earn.get("label") or titles.get(
                        earn["duty"], earn["duty"])
                    earned.append({"what": what, "points": 0,
                                   "quote": "仅作为问题提及" if hit else "未见"})
            else:
                quote = _evidence_sentence(data, row.get("lines", []),
                                           re.compile(earn["evidence"]))
                earned.append({"what": earn.get("label", earn["evidence"]),
                               "points": earn["points"] if quote else 0,
                               "quote": quote or "未见"})
                gain += earn["points"] if quote else 0
        gain = min(gain, item["points"])
        loss = 0.0
        for cut in item.get("deductions", []):
            if "finding" in cut:
                n = kinds.get(cut["finding"], 0)
                amount = min(n * cut["points"], cut.get("max", n * cut["points"]))
                detail = f"{n}处"
            else:
                share = (row.get("copy", {}).get(cut["copy"]) or {}).get("share") or 0
                amount = cut["points"] if share > cut["over"] else 0
                detail = f"{share}%"
            if amount:
                deducted.append({"why": cut["why"], "points": _fmt(amount), "detail": detail})
                loss += amount
        suggested = _fmt(max(0.0, gain - loss))
        total += suggested
        items.append({"id": item["id"], "title": item["title"], "points": item["points"],
                      "suggested": suggested, "earned": earned, "deducted": deducted})
    return {"rules": rules["id"], "title": rules["title"], "sample": rules["sample"],
            "total": _fmt(total), "out_of": rules["total"], "items": items}

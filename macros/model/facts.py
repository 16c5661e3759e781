"""Example facts: the 〖…〗 markup around an example's unit-specific facts, and figures.

An example paragraph marks its own unit's facts (figures, dates, named events, local
documents, platforms, posts) as 〖累计培训120人次〗. The page shows them as 示例事实; the
checker reports them in a draft until the writer replaces or confirms them. A figure
outside a marker is what the lint refuses and what ``kb facts --mark`` proposes to mark.
So is a named body (县发展改革委党组, 县第一中学, 市委第三巡察组): another unit's name is a
fact of the example, except the superior bodies every unit shares (县委, 县委宣传部 …); the
rule's word lists are data/lint.yml's ``named_bodies`` (compiled once, as the catalogue's
``settings.bodies``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# An example's own fact (〖累计培训120人次〗): one pattern for the lint, the checkers
# (data/checker.yml placeholders.fact, held equal by tests/js/one-rule.test.js), the page and
# the Word plan.
FACT = re.compile(r"〖([^〖〗\n]{1,200})〗")
OPEN, CLOSE = "〖", "〗"

# Measure words and units that make a number a figure (longest first).
_UNITS = ("个百分点|百分点|人次|余人|余次|余篇|余场|余条|余项|余名|余家|余个|万余|"
          "多人|多次|多篇|多场|多条|多项|"
          "多名|多家|多个|小时|学时|课时|余|万|千|亿|%|‰|元|人|次|篇|场|条|项|名|家|期|批|轮|所|处|件|份|天|"
          "日|月|年|个|部|支|节|门|堂|本|册|册次|套|台|块|组|户|位|起|单|分|岁|周|届|版|集|首|幅|张|"
          "座|间|米|平方米|公里|字|页|篇次|场次|人数|次数|倍|种|类|封|栏|例|所|层|级")
# A number that is not a list item's label (1. 2、) and not part of a longer number.
_ARABIC = r"(?<![0-9.．])[0-9]+(?:[.．][0-9]+)?(?![0-9]|[.．、](?![0-9]))"
_DATE = ("(?:20[0-9]{2}年)?[0-9]{1,2}月(?:[0-9]{1,2}[日号])?"
         "(?:上旬|中旬|下旬|底|初|末)?(?:前|后|起|以来)?"
         "|(?<![0-9])[0-9]{1,2}日(?:前|后|起)")
_DATE_TAIL = r"(?:[0-9]{1,2}[月日号])*"
# A Chinese numeral of two or more characters, or one other than 一/两 (一次, 两个 are
# often words, not figures).
_CN = "[零〇一二三四五六七八九十百千万两]"
_CN_NUMBER = f"(?:{_CN}{{2,}}|[三四五六七八九十百千])"
_CN_UNITS = ("个百分点|人次|余人|余次|余篇|余场|余项|余名|余家|余个|多人|多次|多名|多个"
             "|人|次|篇|场|条|项|名|家|期|批|轮|所|处|件|份|天|个|部|支|节|门|堂|本|套|台|户|位|起|周|期次")

FIGURE = re.compile(
    f"(?<![0-9]){_DATE}|{_ARABIC}(?:[~～—\\-至到]{_ARABIC})?(?:{_UNITS})?{_DATE_TAIL}(?:月|工作日|小时|学时|人次|百分点|次)?"
    f"|(?<![第是])(?:{_CN_NUMBER})(?:{_CN_UNITS})(?![是])")

# Set formulas and words whose numerals are not a unit's figures.
EXEMPT = re.compile(
    "两个确立|两个维护|四个意识|四个自信|四个全面|五位一体|三会一课|三审三校|三重一大|一岗双责|"
    "12345|第一议题|第一责任人|第一|二十大|二十届|十九大|十九届|三个代表|两学一做|三严三实|四个服务|"
    "一是|二是|三是|四是|五是|六是|七是|八是|九是|十是|三个带头|四下基层|四风|八项规定|"
    "“[^”]{1,8}”|[一二三四五六七八九十](?:件事|项工作|条原则|条线|个方面)|[一二三四五六七八九十]+个方面|[一二三四五六七八九十]+方面|五个必须|六个坚持|两个结合|"
    "三个务必|三大攻坚战|五大|四史|两个大局|七一|五四|十一|两会|三农|全过程|三项|两项|三个|"
    "[一二三四五六七八九十]+[、）)]|（[一二三四五六七八九十]+）")


def strip_markers(text: str) -> str:
    """The text as a reader sees it: markers removed, their content kept."""
    return str(text).replace(OPEN, "").replace(CLOSE, "")


def facts_in(text: str) -> list[str]:
    """The marked facts of ``text``, in order."""
    return [m.group(1) for m in FACT.finditer(str(text))]


def _masked(text: str) -> str:
    """``text`` with marked facts and exempt formulas blanked (positions kept)."""
    blank = FACT.sub(lambda m: " " * len(m.group(0)), str(text))
    return EXEMPT.sub(lambda m: " " * len(m.group(0)), blank)


def unmarked_figures(text: str) -> list[tuple[int, int, str]]:
    """(start, end, figure) for every figure of ``text`` outside a 〖marker〗."""
    masked = _masked(text)
    return [(m.start(), m.end(), m.group(0)) for m in FIGURE.finditer(masked)
            if m.group(0).strip()]


@dataclass(frozen=True)
class BodyRule:
    """data/lint.yml ``named_bodies``, compiled: what makes a name a specific body."""

    candidate: re.Pattern        # a place character where a body's name may start
    name: re.Pattern             # name + institution suffix (+ party organ), after the place
    groups: re.Pattern | None    # a numbered inspection group
    shared: tuple[str, ...]      # name starts of the bodies every unit shares
    generic: tuple[str, ...]     # words that make a name generic


def _alternatives(words) -> str:
    """A regex alternation of ``words``, longest first."""
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))


def body_rule(spec: dict | None) -> BodyRule | None:
    """The compiled rule of a ``named_bodies`` mapping (None: no rule); ``re.error`` when
    its ``groups`` pattern is not a valid regular expression."""
    if not spec:
        return None
    alt = _alternatives
    places = re.escape(spec["places"])
    not_after = spec.get("not_after", "")
    before = f"(?<![{re.escape(not_after)}])" if not_after else ""
    name_max = spec.get("name_max", 10)
    whole = f"(?:{alt(spec['whole'])})|" if spec.get("whole") else ""
    return BodyRule(
        candidate=re.compile(f"{before}[{places}]"),
        name=re.compile(f"(?:{whole}[\u4e00-\u9fff]{{1,{name_max}}}?"
                        f"(?:{alt(spec['suffixes'])}))(?:{alt(spec['party'])})?"),
        groups=re.compile(spec["groups"]) if spec.get("groups") else None,
        shared=tuple(spec["shared"]), generic=tuple(spec["generic"]))


def unmarked_bodies(text: str, rule: BodyRule | None) -> list[tuple[int, int, str]]:
    """(start, end, name) for every named body of ``text`` outside a 〖marker〗."""
    if rule is None:
        return []
    masked = FACT.sub(lambda m: " " * len(m.group(0)), str(text))
    found: list[tuple[int, int, str]] = []
    if rule.groups is not None:
        found += [(m.start(), m.end(), m.group(0)) for m in rule.groups.finditer(masked)]
    pos = 0
    while (m := rule.candidate.search(masked, pos)) is not None:
        pos = m.end()
        if masked.startswith(rule.shared, pos):
            continue
        body = rule.name.match(masked, pos)
        if body is None or any(word in body.group(0) for word in rule.generic):
            continue
        if not any(s < body.end() and m.start() < e for s, e, _ in found):
            found.append((m.start(), body.end(), masked[m.start():body.end()]))
        pos = body.end()
    return sorted(found)


def unmarked_facts(text: str, rule: BodyRule | None = None) -> list[tuple[int, int, str]]:
    """Figures and named bodies outside markers, in order, overlaps merged (a figure
    inside a body's name, 县第一中学, is part of the body)."""
    spans = sorted(unmarked_figures(text) + unmarked_bodies(text, rule),
                   key=lambda s: (s[0], -s[1]))
    out: list[tuple[int, int, str]] = []
    for start, end, _ in spans:
        if out and start < out[-1][1]:
            start = out[-1][0]
            end = max(end, out[-1][1])
            out.pop()
        out.append((start, end, str(text)[start:end]))
    return out


def propose(text: str, rule: BodyRule | None = None) -> str:
    """``text`` with every unmarked figure (and, given ``rule``, every named body) wrapped
    in 〖…〗 (the maintainer reviews it)."""
    out, pos = [], 0
    for start, end, fact in unmarked_facts(text, rule):
        out += [text[pos:start], OPEN, fact, CLOSE]
        pos = end
    return "".join(out) + text[pos:]

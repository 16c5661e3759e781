"""`kb new`: stubs of an obligation, example, template or phrase that already validate."""

from __future__ import annotations

import re
from pathlib import Path

import yaml

from macros.checks.loader import load
from macros.model.catalog import SLUG_RE, Catalog, phrase_id

OBLIGATION = """---
id: {id}
title: {qtitle}
group: {group}
summary: 用一句话写明这项责任要求做什么，由谁负责。
role: [{role}]
frequency: {frequency}
basis: [common-practice]
aliases: []
variants: []
named_only: false
evidence_slots: []
cues:
  keywords: [{qtitle}]
---

## 要求

用平实的话写明这项要求：做什么、由谁做、多久做一次。来源之间有出入时，把各种做法写进 `variants`，不要替读者选定一种。

## 如何在报告中体现

- 应写明的事实和数据：列出报告中应引用的次数、人数等，用已声明的槽位。
- 成效通常怎样写：写做法和结果，附上数据。
- 问题通常怎样写：写具体的差距，不写空泛的“有待加强”。
- 常见错误：写出本单位以外的真实人名地名，或照抄网上范文的句子。
"""

TEMPLATE = """---
id: {id}
title: {qtitle}
genre: 情况报告
purpose: 用一两句话写明这类报告的用途。
writer: 写明由谁起草、谁审定。
when: 写明何时写、何时报送。
audience: 写明报送对象。
length: 2000—3000字
slots: [单位名称, 报告年度]
sections:
  - id: biaoti
    level: 0
    heading: 标题
    guidance: 标题写明单位、年度和报告事项。
    skeleton: |
      【单位名称】关于【报告年度】年{title}
  - id: daoyu
    level: 0
    heading: 导语
    guidance: 交代依据、总体情况，以“现将有关情况报告如下：”转入正文。
    skeleton: |
      【报告年度】年，【单位名称】认真落实意识形态工作责任制。现将有关情况报告如下：
    phrase_categories: [导语]
  - id: zuofa
    level: 1
    heading: 一、主要做法和成效
    guidance: 分条写做法、数据和结果。
    skeleton: |
      【单位名称】切实履行意识形态工作主体责任。
    obligations: [{obligation}]
    phrase_categories: [成效]
---

## 写作要点

- 写明这类报告的写作要点。

{{{{ template_skeleton() }}}}
"""

EXAMPLE = """
- id: {id}
  unit_type: {unit}
  obligations: [{obligation}]
  template: {template}
  section: {section}
  text: >-
    这是一段示例段落的草稿，请改写为某一类单位的原创段落：写明做了什么、怎样做、做了几次、有什么结果，数据要具体可信，本单位的数字、日期等事实用空心方头括号标出，不出现真实的人名地名，也不要照抄网上范文的句子。
"""

KINDS = ("obligation", "example", "template", "phrase")


class ScaffoldError(ValueError):
    """The stub cannot be written; the message says why and what to do."""


def quote(value: str) -> str:
    """A YAML scalar for ``value``, written by the YAML dumper (never by hand)."""
    return yaml.safe_dump(str(value), default_style='"', allow_unicode=True,
                          width=10**9).strip()


def _one_line(label: str, value: str) -> str:
    if re.search(r"[\x00-\x1f\x7f\ud800-\udfff【】]", value) or not value.strip():
        raise ScaffoldError(f"the {label} '{value}' must be one line of text without control "
                            "characters or 【】 — retype it")
    return value.strip()


def _append(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    existing = path.read_text(encoding="utf-8") if path.exists() else ""
    path.write_text(existing.rstrip("\n") + ("\n" if existing else "") + text.lstrip("\n")
                    if existing else text.lstrip("\n"), encoding="utf-8")
    return path


def new(cat: Catalog, kind: str, name: str, title: str | None = None,
        category: str | None = None) -> Path:
    """Write a stub of ``kind`` named ``name``; it is validated, and taken back if it fails."""
    if title is not None:
        title = _one_line("title", title)
    target = _target(cat, kind, name, category)
    before = target.read_bytes() if target.is_file() else None
    path = _write(cat, kind, name, title, category)
    rel = path.relative_to(cat.root).as_posix()
    found = [str(p) for p in load(cat.root).problems if p.path == rel]
    if found:
        if before is None:
            path.unlink()
        else:
            path.write_bytes(before)
        raise ScaffoldError("the stub would not validate, so it was not written:\n"
                            + "\n".join(found))
    return path


def _target(cat: Catalog, kind: str, name: str, category: str | None) -> Path:
    """The file the stub goes to (to restore it if the stub fails validation)."""
    if kind in ("obligation", "template"):
        return cat.root / "docs" / f"{kind}s" / f"{name}.md"
    if kind == "example":
        return cat.root / "data" / "examples" / "new.yml"
    names = cat.vocab_names("phrase_categories")
    slug = cat.vocab_slug("phrase_categories", category or (names[0] if names else ""))
    return cat.root / "data" / "phrases" / f"{slug or '_'}.yml"


def _write(cat: Catalog, kind: str, name: str, title: str | None,
           category: str | None) -> Path:
    root = cat.root
    if kind != "phrase" and not SLUG_RE.match(name):
        raise ScaffoldError(f"'{name}' is not a valid id — use a lowercase pinyin slug such as "
                            "yigang-shuangze")
    if kind == "obligation":
        if name in cat.obligations:
            raise ScaffoldError(f"obligation '{name}' exists: docs/obligations/{name}.md")
        path = root / "docs" / "obligations" / f"{name}.md"
        path.write_text(OBLIGATION.format(
            id=name, qtitle=quote(title or "新责任事项"), group=cat.vocab_names("groups")[0],
            role=cat.vocab_names("roles")[0], frequency=cat.vocab_names("frequencies")[0]),
            encoding="utf-8")
        return path
    if kind == "template":
        if name in cat.templates:
            raise ScaffoldError(f"template '{name}' exists: docs/templates/{name}.md")
        if not cat.obligations:
            raise ScaffoldError("add an obligation first: a template section must name one")
        path = root / "docs" / "templates" / f"{name}.md"
        path.write_text(TEMPLATE.format(id=name, qtitle=quote(title or "意识形态工作情况报告"),
                                        title=title or "意识形态工作情况报告",
                                        obligation=next(iter(cat.obligations))),
                        encoding="utf-8")
        return path
    if kind == "example":
        if name in cat.examples:
            raise ScaffoldError(f"example '{name}' exists")
        if not cat.templates or not cat.obligations:
            raise ScaffoldError("add a template and an obligation first")
        tpl = next(iter(cat.templates.values()))
        section = next((s for s in tpl["sections"] if s.get("obligations")), tpl["sections"][0])
        return _append(root / "data" / "examples" / "new.yml", EXAMPLE.format(
            id=name, unit=cat.vocab_names("unit_types")[0],
            obligation=(section.get("obligations") or [next(iter(cat.obligations))])[0],
            template=tpl["id"], section=section["id"]))
    if kind == "phrase":
        categories = cat.vocab_names("phrase_categories")
        category = category or categories[0]
        if category not in categories:
            raise ScaffoldError(f"unknown category '{category}' — use one of: "
                                + "、".join(categories))
        name = _one_line("phrase", name)
        if any(p["text"] == name for p in cat.phrases.values()):
            raise ScaffoldError(f"the phrase '{name}' exists already")
        slug = cat.vocab_slug("phrase_categories", category)
        return _append(root / "data" / "phrases" / f"{slug}.yml",
                       f"\n- id: {phrase_id(name)}\n  text: {quote(name)}\n"
                       f"  category: {quote(category)}\n"
                       "  note: 写明这句表述适合用在哪类报告、哪一部分。\n")
    raise ScaffoldError(f"unknown kind '{kind}' — use one of: {', '.join(KINDS)}")

"""The `kb new` text of each page kind (the registry names it as the kind's stub).

Format fields: ``{id}``, ``{title}`` and ``{qtitle}`` (the title as a YAML scalar),
``{vocab_<list>}`` (the first name of a list of data/vocab.yml), ``{first_<kind>}`` (the key of
the first record of a kind). A stub validates as written; what only its author can write is
left to the lints, which name each part to fill.

A stub is a draft (``status: draft``): read and checked, never published. Each instruction
to its author begins with ``TO_WRITE``; `kb validate` lists every one left (a note while the
record is a draft, an error once its ``status: draft`` is removed).
"""

TO_WRITE = "（待写）"

OBLIGATION = """---
id: {id}
title: {qtitle}
status: draft
group: {vocab_groups}
summary: （待写）用一句话写明这项责任要求做什么，由谁负责。
role: [{vocab_roles}]
frequency: {vocab_frequencies}
basis: [common-practice]
practice_seen: 0
aliases: []
variants: []
named_only: false
evidence_slots: []
cues:
  keywords: [{qtitle}]
---

## 要求

（待写）用平实的话写明这项要求：做什么、由谁做、多久做一次。来源之间有出入时，把各种做法写进 `variants`，不要替读者选定一种。

## 如何在报告中体现

- （待写）应写明的事实和数据：列出报告中应引用的次数、人数等，用已声明的槽位。
- （待写）成效通常怎样写：写做法和结果，附上数据。
- （待写）问题通常怎样写：写具体的差距，不写空泛的“有待加强”。
- （待写）常见错误：写出本单位以外的真实人名地名，或照抄网上范文的句子。
"""

TEMPLATE = """---
id: {id}
title: {qtitle}
status: draft
genre: 情况报告
purpose: （待写）用一两句话写明这类报告的用途。
writer: （待写）写明由谁起草、谁审定。
when: （待写）写明何时写、何时报送。
audience: （待写）写明报送对象。
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
    obligations: []                  # 本节应体现的责任事项（id），骨架须写到
    phrase_categories: [成效]
---

## 写作要点

- （待写）写明这类报告的写作要点。

{{{{ template_skeleton() }}}}
"""

"""The reporting calendar: recurring duties as events, a year view and an .ics file."""

from __future__ import annotations

from datetime import UTC, date, datetime, time
from itertools import islice

from dateutil.rrule import rrulestr

from macros.model.catalog import Catalog
from macros.views.render import link

MAX_OCCURRENCES = 400         # a daily rule fills a year; nothing finer is accepted
PRODID = "-//kb-yishixingtai//reporting calendar//ZH"


def calendar_year() -> int:
    """The year the calendar is built for: $KB_CALENDAR_YEAR, else the current year."""
    import os

    return int(os.environ.get("KB_CALENDAR_YEAR") or date.today().year)


def events(cat: Catalog, year: int) -> list[dict]:
    """One event per obligation whose frequency recurs, with its variants noted."""
    rules = cat.vocab.get("calendar", {})
    out = []
    for ob in sorted(cat.obligations.values(), key=lambda o: o["id"]):
        rule = rules.get(ob["frequency"])
        if not rule:
            continue
        variants = [f"{v['aspect']}：{v['value']}" for v in ob.get("variants", [])
                    if v["aspect"] in ("频次", "频率", "时间")]
        out.append({
            "id": ob["id"], "title": ob["title"], "frequency": ob["frequency"],
            "start": date(year, rule["month"], rule["day"]), "rrule": rule["rrule"],
            "roles": list(ob["role"]), "summary": ob["summary"], "variants": variants,
            "url": ob.page_rel[:-3] + "/",
        })
    return out


def months(event: dict) -> list[int]:
    """The months of the event's year in which its recurrence rule falls (RFC 5545 via
    dateutil; at most ``MAX_OCCURRENCES`` are expanded)."""
    start = datetime.combine(event["start"], time())
    found = set()
    for when in islice(rrulestr(event["rrule"], dtstart=start), MAX_OCCURRENCES):
        if when.year != start.year:
            break
        found.add(when.month)
    return sorted(found)


def to_ics(cat: Catalog, year: int) -> bytes:
    """RFC 5545 calendar of every recurring duty."""
    from icalendar import Calendar, Event, vRecur

    cal = Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("x-wr-calname", "意识形态工作责任制报告日历")
    stamp = datetime(year, 1, 1, tzinfo=UTC)
    for ev in events(cat, year):
        item = Event()
        item.add("uid", f"{ev['id']}-{year}@kb-yishixingtai")
        item.add("dtstamp", stamp)
        item.add("dtstart", ev["start"])
        item.add("summary", f"{ev['title']}（{ev['frequency']}）")
        item.add("rrule", vRecur.from_ical(ev["rrule"]))
        text = [ev["summary"], "责任角色：" + "、".join(ev["roles"]),
                "提醒日期为建议，以上级通知为准。"]
        if ev["variants"]:
            text.append("各地做法不一：" + "；".join(ev["variants"]))
        item.add("description", "\n".join(text))
        cal.add_component(item)
    return cal.to_ical()


def calendar_page(cat: Catalog, year: int, here: str, ics_href: str) -> str:
    """Markdown year view: month by month, with the .ics download."""

    evs = events(cat, year)
    out = [f'<p class="kb-download"><a href="{ics_href}" download>下载日历文件（.ics，'
           f"{len(evs)}个重复事项，可导入桌面日历）</a></p>", "",
           "| 月份 | 事项 | 频次 | 责任角色 |", "| --- | --- | --- | --- |"]
    for month in range(1, 13):
        for ev in (e for e in evs if month in months(e)):
            out.append(f"| {month}月 | [{ev['title']}]({link(here, ev['url'][:-1] + '.md')}) | "
                       f"{ev['frequency']} | {'、'.join(ev['roles'])} |")
    noted = [e for e in evs if e["variants"]]
    if noted:
        out += ["", "## 各地频次不一的事项 {#variants}", ""]
        out += [f"- **{e['title']}**：本库按“{e['frequency']}”排入日历；"
                + "；".join(e["variants"]) for e in noted]
    return "\n".join(out) + "\n"

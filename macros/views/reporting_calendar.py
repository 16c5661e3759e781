"""The reporting calendar: recurring duties as events, a year view and an .ics file."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from itertools import islice
from typing import TypedDict
from urllib.parse import urljoin

from dateutil.rrule import rrulestr

from macros.model.catalog import Catalog
from macros.views.render import link

MAX_OCCURRENCES = 400         # a daily rule fills a year; nothing finer is accepted
PRODID = "-//kb-yishixingtai//reporting calendar//ZH"


class CalendarEvent(TypedDict):
    """A recurring duty in the calendar: its first date in the year and its RFC 5545 rule."""

    id: str
    title: str
    frequency: str
    start: date
    rrule: str
    roles: list[str]
    summary: str
    variants: list[str]
    url: str
    when: str
    remind_days: int
    routine: bool


def calendar_year() -> int:
    """The year the calendar is built for: $KB_CALENDAR_YEAR, else the current year."""
    import os

    return int(os.environ.get("KB_CALENDAR_YEAR") or date.today().year)


def events(cat: Catalog, year: int) -> list[CalendarEvent]:
    """One event per obligation whose frequency recurs, with its variants noted. The date
    is the obligation's own ``reminder`` where the sources place it, else its frequency's."""
    rules = cat.vocab.get("calendar", {})
    out: list[CalendarEvent] = []
    for ob in sorted(cat.obligations.values(), key=lambda o: o["id"]):
        rule = rules.get(ob["frequency"])
        if not rule:
            continue
        variants = [f"{v['aspect']}：{v['value']}" for v in ob.get("variants", [])
                    if v["aspect"] in ("频次", "频率", "时间")]
        reminder = ob.get("reminder")
        when = reminder or rule
        out.append({
            "id": ob["id"], "title": ob["title"], "frequency": ob["frequency"],
            "start": date(year, when["month"], when["day"]), "rrule": rule["rrule"],
            "roles": list(ob["role"]), "summary": ob["summary"], "variants": variants,
            "url": ob.page_rel[:-3] + "/", "when": reminder.get("when", "") if reminder else "",
            "remind_days": rule.get("remind_days", 1), "routine": bool(rule.get("routine")),
        })
    return out


def grouped(evs: list[CalendarEvent]) -> list[list[CalendarEvent]]:
    """Events on the same date under the same rule, as one calendar entry each: duties the
    sources do not date apart are listed together, never stacked as separate events."""
    groups: dict[tuple, list[CalendarEvent]] = {}
    for ev in evs:
        groups.setdefault((ev["start"], ev["rrule"]), []).append(ev)
    return list(groups.values())


def months(event: CalendarEvent) -> list[int]:
    """The months of the event's year in which its recurrence rule falls (RFC 5545 via
    dateutil; at most ``MAX_OCCURRENCES`` are expanded)."""
    start = datetime.combine(event["start"], time())
    found = set()
    for when in islice(rrulestr(event["rrule"], dtstart=start), MAX_OCCURRENCES):
        if when.year != start.year:
            break
        found.add(when.month)
    return sorted(found)


def page_url(ev: CalendarEvent, base_url: str) -> str:
    """The event's page: absolute under the site's address when one is configured."""
    return urljoin(base_url, ev["url"]) if base_url else ev["url"]


def to_ics(cat: Catalog, year: int, base_url: str = "", routine: bool = False) -> bytes:
    """RFC 5545 calendar of the recurring duties: the reporting duties by default, the
    weekly routine ones with ``routine=True``. Each entry links its pages and has an alarm."""
    from icalendar import Alarm, Calendar, Event, vRecur

    cal = Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("x-wr-calname", "意识形态工作经常性事项" if routine else "意识形态工作责任制报告日历")
    stamp = datetime(year, 1, 1, tzinfo=UTC)
    for group in grouped([e for e in events(cat, year) if e["routine"] == routine]):
        first = group[0]
        item = Event()
        item.add("uid", "-".join(e["id"] for e in group) + f"-{year}@kb-yishixingtai")
        item.add("dtstamp", stamp)
        item.add("dtstart", first["start"])
        item.add("summary", "、".join(e["title"] for e in group) + f"（{first['frequency']}）")
        item.add("rrule", vRecur.from_ical(first["rrule"]))
        item.add("url", page_url(first, base_url))
        text = []
        for ev in group:
            text += [f"【{ev['title']}】{ev['summary']}", "责任角色：" + "、".join(ev["roles"])]
            if ev["when"]:
                text.append(f"时间：{ev['when']}。")
            if ev["variants"]:
                text.append("各地做法不一：" + "；".join(ev["variants"]))
            text.append("页面：" + page_url(ev, base_url))
        text.append("提醒日期为建议，以上级通知为准。")
        item.add("description", "\n".join(text))
        alarm = Alarm()
        alarm.add("action", "DISPLAY")
        alarm.add("description", "提醒：" + "、".join(e["title"] for e in group))
        alarm.add("trigger", timedelta(days=-first["remind_days"], hours=9)
                  if first["remind_days"] else timedelta(hours=9))
        item.add_component(alarm)
        cal.add_component(item)
    return cal.to_ical()


def calendar_page(cat: Catalog, year: int, here: str, ics_href: str,
                  routine_href: str = "") -> str:
    """Markdown year view: month by month, with the .ics downloads."""

    evs = events(cat, year)
    main = [e for e in evs if not e["routine"]]
    routine = [e for e in evs if e["routine"]]
    out = [f'<p class="kb-download"><a href="{ics_href}" download>下载日历文件（.ics，'
           f"{len(main)}个重复事项，提前提醒，可导入桌面日历）</a></p>", ""]
    if routine and routine_href:
        out += [f'<p class="kb-download"><a href="{routine_href}" download>另可下载每周经常性事项'
                f"（.ics，{len(routine)}项：{'、'.join(e['title'] for e in routine)}）</a></p>", ""]
    # The month table repeats each duty up to twelve times: not searched (the duty pages are).
    out += ['<div class="kb-calendar" data-search-exclude="1" markdown="1">', "",
            "| 月份 | 事项 | 频次 | 责任角色 |", "| --- | --- | --- | --- |"]
    for month in range(1, 13):
        for ev in (e for e in main if month in months(e)):
            out.append(f"| {month}月 | [{ev['title']}]({link(here, ev['url'][:-1] + '.md')}) | "
                       f"{ev['frequency']} | {'、'.join(ev['roles'])} |")
    out += ["", "</div>"]
    if routine:
        out += ["", "## 每周经常性事项 {#routine}", ""]
        out += [f"- [{e['title']}]({link(here, e['url'][:-1] + '.md')})：{e['summary']}"
                for e in routine]
    noted = [e for e in evs if e["variants"]]
    if noted:
        out += ["", "## 各地频次不一的事项 {#variants}", ""]
        out += [f"- **{e['title']}**：本库按“{e['frequency']}”排入日历；"
                + "；".join(e["variants"]) for e in noted]
    return "\n".join(out) + "\n"

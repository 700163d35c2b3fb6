"""Time render_calendar against the icalendar library used bare, for a large programme.

500 items over 5 days, 1,000 distinct people (2-4 per item). "Bare" builds the same calendar straight with icalendar
(same properties, same VTIMEZONE object, same values) and serialises it: the floor for a library-built feed. Target:
ours / bare <= 1.3.

    cd /work/main && PYTHONPATH=. python benchmarks/agenda_ical_bench.py
"""

from __future__ import annotations

import gc
import random
import time
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from icalendar import Calendar, Event, Timezone, vDuration

from forumops.agenda.data import ITEM_TYPES, PERSON_ROLES, ItemData, PersonData, ProgrammeData
from forumops.agenda.ical import _zone, etag_for, render_calendar

ITEMS = 500
DAYS = 5
PEOPLE = 1000
RUNS = 5
TZID = "Asia/Ho_Chi_Minh"
NOW = datetime(2026, 4, 20, 8, 30, tzinfo=UTC)

GIVEN = ("Linh", "Somchai", "Sophea", "Siti", "Maria", "Aung", "Nurul", "Dara", "Budi", "Thandar", "José", "Mei")
FAMILY = ("Nguyễn", "ใจดี", "សុខ", "Rahman", "Santos", "Win", "Hassan", "Chan", "Santoso", "Lim", "Reyes", "Tan")
ORGS = ("ASEC", "Vietnam Women's Union", "ILO", "ASEAN Foundation", "Bina Swadaya", "PARC", "ISIS Malaysia", "")
TITLES = ("", "", "Dr", "Prof", "Datuk Dr", "Ms", "Mr")


def build_programme() -> ProgrammeData:
    rng = random.Random(2026)
    people = [
        PersonData(
            name=f"{rng.choice(GIVEN)} {rng.choice(FAMILY)} {n}", role="speaker", title=rng.choice(TITLES),
            organisation=rng.choice(ORGS), key=f"user:{n}",
        )
        for n in range(PEOPLE)
    ]
    order = list(range(PEOPLE))
    rng.shuffle(order)
    per_day = ITEMS // DAYS
    items = []
    cursor = 0  # walks the shuffled people round-robin: 500 items x 2-4 people = 1,500 places, so all 1,000 appear
    for n in range(ITEMS):
        day, slot = divmod(n, per_day)
        start = datetime(2026, 5, 11, 1, tzinfo=UTC) + timedelta(days=day, minutes=5 * slot)  # 08:00 local onwards
        count = 2 + n % 3
        picked = [people[order[(cursor + k) % PEOPLE]] for k in range(count)]
        cursor += count
        chosen = tuple(
            PersonData(p.name, PERSON_ROLES[(n + k) % len(PERSON_ROLES)], p.title, p.organisation, p.key)
            for k, p in enumerate(picked)
        )
        items.append(ItemData(
            id=n, uid=f"{n:08x}-item@forumops", title=f"Session {n}: financing social enterprises; step {n % 7}",
            type=ITEM_TYPES[n % len(ITEM_TYPES)], start=start, end=start + timedelta(minutes=45),
            description=f"Discussion on **inclusive business** in ASEAN, part {n}.\n\n- one point\n- another point",
            room=f"Room {n % 6}" if n % 5 else "", online=n % 4 == 0, cluster=f"Cluster {n % 3}" if n % 3 else "",
            people=chosen, sequence=n % 9, created_at=NOW - timedelta(days=60), updated_at=NOW - timedelta(days=n % 30),
            cancelled=n % 50 == 0, url=f"https://forumops.example/f/asean-2026/programme#item-{n}",
        ))
    assert len({p.key for i in items for p in i.people}) == PEOPLE
    return ProgrammeData(
        forum_title="ASEAN Social Enterprise Forum 2026", forum_slug="asean-2026", timezone=TZID,
        url="https://forumops.example/f/asean-2026/programme", calendar_name="ASEAN SE Forum 2026",
        venue="Melia Hanoi", items=tuple(items),
    )


def bare(programme: ProgrammeData, vtimezone: Timezone, now: datetime) -> bytes:
    """The same feed written straight against icalendar, with no helpers of ours."""
    zone = ZoneInfo(programme.timezone)
    cal = Calendar()
    cal.add("prodid", "-//ForumOps//Programme//EN")
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", "PUBLISH")
    cal.add("x-wr-calname", programme.calendar_name)
    cal.add("x-wr-timezone", programme.timezone)
    cal.add("x-published-ttl", vDuration(timedelta(hours=1)))
    cal.add("refresh-interval", vDuration(timedelta(hours=1)), parameters={"VALUE": "DURATION"})
    cal.add_component(vtimezone)
    for item in programme.items:
        event = Event()
        event.add("uid", item.uid)
        event.add("dtstamp", now)
        event.add("created", item.created_at)
        event.add("last-modified", item.updated_at)
        event.add("sequence", item.sequence)
        event.add("dtstart", item.start.astimezone(zone))
        event.add("dtend", item.end.astimezone(zone))
        event.add("summary", item.title)
        place = item.room or programme.venue
        event.add("location", f"{place} / online" if item.online else place)
        lines = "\n".join(
            f"{p.role.capitalize()}: {p.title} {p.name}" + (f" ({p.organisation})" if p.organisation else "")
            for p in item.people
        )
        event.add("description", f"{lines}\n\n{item.description}\n\n{item.url}")
        event.add("url", item.url)
        event.add("status", "CANCELLED" if item.cancelled else "CONFIRMED")
        event.add("categories", [item.type.replace("_", " ").capitalize()])
        if item.cluster:
            event.add("x-forumops-cluster", item.cluster)
        event.add("transp", "OPAQUE")
        cal.add_component(event)
    return cal.to_ical()


def best_of(runs: int, *fns) -> list[float]:
    """Best time of each function over `runs` rounds, taking turns so a busy moment of the machine hits all alike."""
    best = [float("inf")] * len(fns)
    for _ in range(runs):
        for n, fn in enumerate(fns):
            gc.collect()
            start = time.perf_counter()
            fn()
            best[n] = min(best[n], time.perf_counter() - start)
    return best


def main() -> None:
    programme = build_programme()
    t0 = time.perf_counter()
    _, vtimezone = _zone(programme.timezone)  # the first VTIMEZONE: paid once per process, by both sides alike
    first_zone = time.perf_counter() - t0

    ours_bytes = render_calendar(programme, now=NOW)
    bare_bytes = bare(programme, vtimezone, NOW)
    ours, baseline, etag = best_of(
        RUNS, lambda: render_calendar(programme, now=NOW), lambda: bare(programme, vtimezone, NOW),
        lambda: etag_for(programme),
    )

    print(f"items:        {len(programme.items)} over {DAYS} days, "
          f"{len({p.key for i in programme.items for p in i.people})} people")
    print(f"feed size:    ours {len(ours_bytes):,} bytes, bare {len(bare_bytes):,} bytes")
    print(f"first VTIMEZONE ({TZID}): {first_zone * 1000:.1f} ms (once per process)")
    print(f"time ours:    {ours * 1000:.1f} ms (best of {RUNS})")
    print(f"time bare:    {baseline * 1000:.1f} ms (best of {RUNS})")
    print(f"ratio:        {ours / baseline:.2f} (target <= 1.3)")
    print(f"etag_for:     {etag * 1000:.2f} ms (best of {RUNS})")


if __name__ == "__main__":
    main()

"""Invented report histories for the demo: when a piece of work was reported, with what status and progress.

Pure functions over dates and one random.Random; seed.demo writes the results as rows. A `Course` says how one
piece of work goes relative to `today` (completed, on time, overdue, suspended, not started; stale or not); a
`Track` is the resulting journal. The rules of tracker.updates.services hold for every invented report, judged on
the day the report was written (not on today): "completed" means 100 % and "not started" 0 %, progress never
falls, and work that is at risk or past its due date on that day carries a delay reason, a remedy and an expected
completion date no earlier than that day.
"""

from __future__ import annotations

import random
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from decimal import ROUND_HALF_UP, Decimal

from seed import demo_text as text
from tracker.core.statuses import LATE_STATUSES, Status

COMPLETED = "completed"
ON_TIME = "on_time"  # open, due date today or later (extended if the planned one has passed)
OVERDUE = "overdue"  # open, due date passed
SUSPENDED = "suspended"  # projects only: a suspended work item would hold its parent's rollup below 100 %
NOT_STARTED = "not_started"

# Shares of the started leaf items that end in each outcome; what is left over is on time.
OVERDUE_SHARE = 0.20
COMPLETED_SHARE = 0.45
STALE_SHARE = 0.35  # of open work: last report older than the stale limit
AT_RISK_SHARE = 0.30  # of work on time: latest report says "at risk"
PROJECT_SUSPENDED_SHARE = 0.06
# Work started less than this long before today has nothing to report yet.
MIN_RUN = timedelta(days=45)
DAY = timedelta(days=1)


@dataclass(frozen=True)
class Report:
    at: datetime
    status: str
    progress: int
    note: str
    delay_reason: str = ""
    remedy: str = ""
    expected_completion: date | None = None


@dataclass
class Course:
    """How one piece of work goes, decided before its reports are written."""

    start: date
    due: date  # as planned
    outcome: str
    closed_on: date | None = None  # completed or suspended on this day
    last_report: date | None = None  # open work: the day of its latest report
    extended_on: date | None = None  # an extension granted on this day ...
    new_due: date | None = None  # ... to this date, after today
    at_risk: bool = False

    def due_on(self, day: date) -> date:
        return self.new_due if self.extended_on and self.new_due and day >= self.extended_on else self.due

    @property
    def final_due(self) -> date:
        return self.new_due or self.due


@dataclass
class Track:
    """A subject's journal and the due dates it had over time."""

    reports: list[Report]
    due_changes: list[tuple[date, date | None]] = field(default_factory=list)  # (in force from, due), ascending

    def due_on(self, day: date) -> date | None:
        due = None
        for since, value in self.due_changes:
            if since <= day:
                due = value
        return due

    @property
    def final_due(self) -> date | None:
        return self.due_changes[-1][1] if self.due_changes else None

    def report_at(self, moment: datetime) -> Report | None:
        latest = None
        for report in self.reports:
            if report.at <= moment:
                latest = report
        return latest


def day_between(rng: random.Random, low: date, high: date) -> date:
    return low + timedelta(days=rng.randint(0, max(0, (high - low).days)))


def month_end(day: date) -> date:
    first_of_next = date(day.year + day.month // 12, day.month % 12 + 1, 1)
    return first_of_next - DAY


def quarter_ends(low: date, high: date) -> list[date]:
    ends = []
    for year in range(low.year, high.year + 1):
        for month, day in ((3, 31), (6, 30), (9, 30), (12, 31)):
            if low <= date(year, month, day) <= high:
                ends.append(date(year, month, day))
    return ends


def demo_schedule(rng: random.Random, window_start: date, window_end: date) -> tuple[date, date]:
    """Dates for work the plan gives only its whole period: a start in the first third, due at a quarter's end."""
    span = (window_end - window_start).days
    start = day_between(rng, window_start, window_start + timedelta(days=int(span * 0.35))).replace(day=1)
    start = max(start, window_start)
    ends = quarter_ends(start + timedelta(days=365), window_end)
    return start, (rng.choice(ends) if ends else window_end)


def assign_courses(
    rng: random.Random, schedules: Sequence[tuple[date, date]], today: date, stale_days: int
) -> list[Course]:
    """Outcomes for leaf work by quota, each only where the dates allow it (overdue needs a passed due date)."""
    courses = [Course(start, due, NOT_STARTED) for start, due in schedules]
    free = [i for i, c in enumerate(courses) if c.start <= today - MIN_RUN]
    rng.shuffle(free)
    started = list(free)
    n = len(started)
    for i in _take(free, round(n * OVERDUE_SHARE), lambda c: c.due < today, courses):
        courses[i].outcome = OVERDUE
    # Work due long ago is more likely to be done: completion favours early due dates, with some noise.
    jitter = {i: rng.randint(-365, 365) for i in free}
    free.sort(key=lambda i: courses[i].due + timedelta(days=jitter[i]))
    for i in _take(free, round(n * COMPLETED_SHARE), lambda c: can_complete(c.start, c.due, today), courses):
        courses[i].outcome = COMPLETED
        courses[i].closed_on = completion_day(rng, courses[i].start, courses[i].due, today)
    for i in free:
        courses[i].outcome = ON_TIME
    open_work = [i for i in started if courses[i].outcome in (ON_TIME, OVERDUE)]
    can_be_stale = [i for i in open_work if courses[i].start + (stale_days * DAY) + MIN_RUN <= today]
    stale_count = max(1, round(len(open_work) * STALE_SHARE)) if can_be_stale else 0
    stale = set(can_be_stale[:stale_count])
    for i in sorted(open_work):
        course = courses[i]
        course.last_report = last_report_day(rng, course.start, today, stale_days, i in stale)
        if course.outcome == ON_TIME:
            course.at_risk = rng.random() < AT_RISK_SHARE
            if course.due < today:
                extend(rng, course, today)
    return courses


def _take(pool: list[int], count: int, fits: Callable[[Course], bool], courses: list[Course]) -> list[int]:
    """Remove from `pool` and return the first `count` entries whose course fits."""
    taken = [i for i in pool if fits(courses[i])][:count]
    for i in taken:
        pool.remove(i)
    return taken


def can_complete(start: date, due: date, today: date) -> bool:
    """Work is finished in the second half of its planned span at the earliest."""
    return start + max(90 * DAY, (due - start) / 2) < today


def completion_day(
    rng: random.Random, start: date, due: date, today: date, latest: date | None = None, min_days: int = 90
) -> date:
    """Mostly in the second half of the planned span, sometimes up to four months late; never after today."""
    high = min(due + 120 * DAY, today - DAY, latest or date.max)
    low = min(start + max(min_days * DAY, (due - start) / 2), high)
    usual = max(low, start + timedelta(days=int((due - start).days * 0.55)))
    return day_between(rng, usual, high) if usual <= high else day_between(rng, low, high)


def last_report_day(rng: random.Random, start: date, today: date, stale_days: int, stale: bool) -> date:
    # Stale: the latest report is more than `stale_days` old; otherwise it is within them.
    gap = rng.randint(stale_days + 5, stale_days + 400) if stale else rng.randint(1, max(1, stale_days - 2))
    return max(today - gap * DAY, start + 10 * DAY)


def extend(rng: random.Random, course: Course, today: date) -> None:
    """The office grants more time (recorded with the latest reports) to a date after today."""
    assert course.last_report is not None
    last = course.last_report
    low = course.due if course.due <= last else last - 90 * DAY
    low = max(low, last - 365 * DAY, course.start + 10 * DAY)
    course.extended_on = day_between(rng, low, last)
    course.new_due = month_end(today + rng.randint(60, 540) * DAY)


def project_course(rng: random.Random, item: Course, start: date, due: date, today: date, stale_days: int) -> Course:
    """A project follows its work item: done before the item is, late with it, now and then suspended."""
    course = Course(start, due, NOT_STARTED)
    if item.outcome == NOT_STARTED or start > today - MIN_RUN:
        return course
    if item.outcome == COMPLETED:
        course.outcome = COMPLETED
        course.closed_on = completion_day(rng, start, due, today, latest=item.closed_on, min_days=60)
    elif can_complete(start, due, today) and rng.random() < (0.4 if item.outcome == ON_TIME else 0.35):
        course.outcome = COMPLETED
        course.closed_on = completion_day(rng, start, due, today)
    elif rng.random() < PROJECT_SUSPENDED_SHARE:
        course.outcome = SUSPENDED
        latest = min(due, today - DAY)
        course.closed_on = day_between(rng, min(start + 60 * DAY, latest), latest)
    else:
        extended = item.new_due is not None and due < today
        course.outcome = OVERDUE if due < today and not extended else ON_TIME
        stale = rng.random() < 0.3 and start + (stale_days * DAY) + MIN_RUN <= today
        course.last_report = last_report_day(rng, start, today, stale_days, stale)
        if course.outcome == ON_TIME:
            course.at_risk = rng.random() < 0.25
            if extended:
                assert item.extended_on is not None
                course.extended_on = min(max(item.extended_on, start + 10 * DAY), course.last_report)
                course.new_due = item.new_due
    return course


def project_schedule(rng: random.Random, item: Course) -> tuple[date, date]:
    """Within the item's span: starts in its first third, due by the item's planned due date."""
    end = item.closed_on or item.due
    start = item.start + rng.randint(0, max(0, int((end - item.start).days * 0.3))) * DAY
    if start + 180 * DAY > item.due:
        return start, max(item.due, start)
    return start, min(item.due, month_end(day_between(rng, start + 180 * DAY, item.due - 31 * DAY)))


def _office_hours(rng: random.Random, day: date) -> datetime:
    # Stored as naive UTC: 01:00-09:59 UTC is 09:00-17:59 in Hangzhou.
    return datetime.combine(day, time(rng.randint(1, 9), rng.randint(0, 59)))


def _round5(value: float) -> int:
    return int(5 * round(value / 5))


def course_track(rng: random.Random, course: Course) -> Track:
    dues: list[tuple[date, date | None]] = [(date.min, course.due)]
    if course.extended_on and course.new_due:
        dues.append((course.extended_on, course.new_due))
    end = course.closed_on or course.last_report
    if course.outcome == NOT_STARTED or end is None:
        return Track([], dues)
    days = _report_days(rng, course, end)
    target = _final_progress(rng, course, end)
    pace = _Pace(course, end, rng)
    reports: list[Report] = []
    progress = 0
    for index, day in enumerate(days):
        at = _office_hours(rng, day)
        if index == len(days) - 1 and course.outcome == COMPLETED:
            reports.append(Report(at, Status.COMPLETED.value, 100, rng.choice(text.COMPLETED_NOTES)))
            break
        if index == len(days) - 1 and course.outcome == SUSPENDED:
            reports.append(Report(at, Status.SUSPENDED.value, progress, rng.choice(text.SUSPENDED_NOTES)))
            break
        value = max(progress, 5, min(95, _round5(target * pace.share(day))))
        if day == course.extended_on:
            assert course.new_due is not None
            note = text.extension_note(course.due.isoformat(), course.new_due.isoformat())
        elif value > progress:
            note = text.progress_note(rng, value)
        else:
            note = rng.choice(text.UNCHANGED_NOTES)
        reports.append(_open_report(rng, course, day, at, value, note, last=index == len(days) - 1))
        progress = value
    return Track(reports, dues)


class _Pace:
    """Share of the final progress reached on a day: along a curve to `reach` at the planned due date (all of it
    if the work ends by then), then straight on to all of it at the end."""

    def __init__(self, course: Course, end: date, rng: random.Random) -> None:
        self.start, self.end = course.start, end
        self.pivot = min(course.due, end)
        self.curve = rng.uniform(0.8, 1.3)
        if end <= course.due:
            self.reach = 1.0
        else:
            self.reach = rng.uniform(0.75, 0.95) if course.outcome == COMPLETED else rng.uniform(0.5, 0.85)

    def share(self, day: date) -> float:
        if day <= self.pivot:
            return self.reach * ((day - self.start).days / max(1, (self.pivot - self.start).days)) ** self.curve
        return self.reach + (1 - self.reach) * (day - self.pivot).days / max(1, (self.end - self.pivot).days)


def _open_report(
    rng: random.Random, course: Course, day: date, at: datetime, value: int, note: str, last: bool
) -> Report:
    """A report on work not yet closed: late past its due date on that day, at risk when warned, else in progress."""
    due = course.due_on(day)
    if day > due:
        if course.outcome == COMPLETED and course.closed_on:
            expected = max(day + 15 * DAY, course.closed_on + rng.randint(-15, 45) * DAY)
        else:
            expected = day + rng.randint(45, 270) * DAY
        return _late(rng, at, Status.DELAYED.value, value, note, expected)
    warning = course.outcome == OVERDUE and (due - day).days <= 120 and value < 70
    if (course.at_risk and last) or warning:
        return _late(rng, at, Status.AT_RISK.value, value, note, due + rng.randint(0, 120) * DAY)
    return Report(at, Status.IN_PROGRESS.value, value, note)


def _late(rng: random.Random, at: datetime, status: str, value: int, note: str, expected: date) -> Report:
    reason, remedy = rng.choice(text.DELAY_REASONS), rng.choice(text.REMEDIES)
    return Report(at, status, value, note, reason, remedy, expected)


def _report_days(rng: random.Random, course: Course, end: date) -> list[date]:
    """Every two to four months while on schedule; every five to eleven once past the due date."""
    days = []
    day = course.start + rng.randint(10, 40) * DAY
    while day < end:
        days.append(day)
        late = day > course.due_on(day)
        day += (rng.randint(150, 330) if late else rng.randint(60, 120)) * DAY
    days.append(end)
    if course.extended_on:
        days.append(course.extended_on)
    return sorted(set(days))


def _final_progress(rng: random.Random, course: Course, end: date) -> int:
    if course.outcome == ON_TIME:
        fraction = (end - course.start).days / max(1, (course.final_due - course.start).days)
        return min(95, max(10, _round5(100 * fraction * rng.uniform(0.85, 1.1))))
    if course.outcome == OVERDUE:
        return 5 * rng.randint(6, 18)
    if course.outcome == SUSPENDED:
        return 5 * rng.randint(2, 12)
    return 100


@dataclass(frozen=True)
class Child:
    title: str
    weight: Decimal
    track: Track


def rollup_track(children: Sequence[Child], planned_due: date | None) -> Track:
    """A parent's journal that follows its children: one report per quarter in which a child reported.

    Progress is the weighted mean of the children's (never falling; work items are never suspended in the demo);
    the parent is completed when all children are, late when its own due date (pushed out with its children's)
    has passed, and at risk while a child is late or at risk.
    """

    def due_on(day: date) -> date | None:
        dues = [d for d in (c.track.due_on(day) for c in children) if d] + ([planned_due] if planned_due else [])
        return max(dues) if dues else None

    change_days = sorted({since for c in children for since, _ in c.track.due_changes if since != date.min})
    due_changes = [(date.min, due_on(date.min))]
    for day in change_days:
        if due_on(day) != due_changes[-1][1]:
            due_changes.append((day, due_on(day)))
    track = Track([], due_changes)

    latest_in_quarter: dict[tuple[int, int], datetime] = {}
    for child in children:
        for report in child.track.reports:
            key = (report.at.year, (report.at.month - 1) // 3)
            latest_in_quarter[key] = max(latest_in_quarter.get(key, report.at), report.at)
    previous: Report | None = None
    for key in sorted(latest_in_quarter):
        report = _rollup_report(children, latest_in_quarter[key] + timedelta(minutes=30), track, previous)
        track.reports.append(report)
        previous = report
        if report.status == Status.COMPLETED.value:
            break
    return track


def _rollup_report(children: Sequence[Child], at: datetime, track: Track, previous: Report | None) -> Report:
    states = [(child, child.track.report_at(at)) for child in children]
    if all(r is not None and r.status == Status.COMPLETED.value for _, r in states):
        return Report(at, Status.COMPLETED.value, 100, text.PARENT_DONE_NOTE)
    total = sum((c.weight for c, _ in states), Decimal(0))
    weighted = sum((c.weight * (r.progress if r else 0) for c, r in states), Decimal(0))
    mean = weighted / total if total > 0 else Decimal(sum(r.progress if r else 0 for _, r in states)) / len(states)
    progress = max(previous.progress if previous else 0, min(99, int(mean.to_integral_value(ROUND_HALF_UP))))
    day = at.date()
    due = track.due_on(day)
    due_before = track.due_on(previous.at.date()) if previous else None
    if due_before and due and due_before != due:
        note = text.extension_note(due_before.isoformat(), due.isoformat())
    else:
        note = text.PARENT_NOTE
    # The child to name in the explanation: a delayed one before one at risk.
    late = sorted(
        ((c, r) for c, r in states if r is not None and r.status in LATE_STATUSES),
        key=lambda pair: pair[1].status != Status.DELAYED.value,
    )
    if due is not None and day > due:
        status = Status.DELAYED.value
    elif late:
        status = Status.AT_RISK.value
    else:
        return Report(at, Status.IN_PROGRESS.value, progress, note)
    if late:
        child, child_report = late[0]
        reason = text.parent_delay_reason(child.title, child_report.delay_reason)
        remedy = child_report.remedy or text.PARENT_REMEDY
    else:
        reason, remedy = text.PARENT_LATE_REASON, text.PARENT_REMEDY
    expected = max([day + 30 * DAY] + [r.expected_completion for _, r in late if r.expected_completion])
    return Report(at, status, progress, note, reason, remedy, expected)

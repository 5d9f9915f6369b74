"""Months and periods: what `trends` compares and what charts put on their axis."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from bulletin_cli.errors import QueryError

_MONTH = re.compile(r"^(\d{4})-(\d{1,2})$")


def month_of(date: dt.date | str) -> str:
    """YYYY-MM of a date or of a YYYY-MM-DD string.

    >>> month_of(dt.date(2024, 6, 5)), month_of("2024-06-05")
    ('2024-06', '2024-06')
    """
    return date.isoformat()[:7] if isinstance(date, dt.date) else date[:7]


def add_months(month: str, count: int) -> str:
    """The month count months after (or before, if negative) month.

    >>> add_months("2024-11", 2), add_months("2024-01", -1), add_months("2024-12", -12)
    ('2025-01', '2023-12', '2023-12')
    """
    year, mon = int(month[:4]), int(month[5:7])
    index = year * 12 + mon - 1 + count
    return f"{index // 12:04d}-{index % 12 + 1:02d}"


def months_between(first: str, last: str) -> list[str]:
    """Every month from first to last, both included.

    >>> months_between("2024-11", "2025-02")
    ['2024-11', '2024-12', '2025-01', '2025-02']
    """
    months = []
    month = first
    while month <= last:
        months.append(month)
        month = add_months(month, 1)
    return months


def first_day(month: str) -> dt.date:
    return dt.date(int(month[:4]), int(month[5:7]), 1)


def last_day(month: str) -> dt.date:
    return first_day(add_months(month, 1)) - dt.timedelta(days=1)


@dataclass(frozen=True)
class Period:
    """Whole days from since to until, both included."""

    since: dt.date
    until: dt.date

    @property
    def label(self) -> str:
        """2024-11 for a whole month, 2023-11..2024-10 for whole months, else the days.

        >>> Period(dt.date(2024, 11, 1), dt.date(2024, 11, 30)).label
        '2024-11'
        >>> Period(dt.date(2023, 11, 1), dt.date(2024, 10, 31)).label
        '2023-11..2024-10'
        """
        first, last = month_of(self.since), month_of(self.until)
        if self.since == first_day(first) and self.until == last_day(last):
            return first if first == last else f"{first}..{last}"
        return f"{self.since.isoformat()}..{self.until.isoformat()}"

    @property
    def months(self) -> list[str]:
        return months_between(month_of(self.since), month_of(self.until))

    def holds(self, date: str) -> bool:
        return bool(date) and self.since.isoformat() <= date <= self.until.isoformat()


def month_period(first: str, last: str | None = None) -> Period:
    return Period(first_day(first), last_day(last or first))


def parse_period(text: str) -> Period:
    """A period written as a month, a day, or a range of either: 2024-11, 2024-09..2024-11,
    2024-11-01..2024-11-15.

    >>> parse_period("2024-09..2024-11").label, parse_period("2024-11-03").label
    ('2024-09..2024-11', '2024-11-03..2024-11-03')
    >>> parse_period("2024-13")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    bulletin_cli.errors.QueryError: period '2024-13' is not a month (2024-11), a day (2024-11-05) or ...
    """
    start, sep, end = text.strip().partition("..")
    try:
        since = _bound(start, first=True)
        until = _bound(end if sep else start, first=False)
    except ValueError:
        raise QueryError(
            f"period {text!r} is not a month (2024-11), a day (2024-11-05) or a range of them (2024-09..2024-11)"
        ) from None
    if since > until:
        raise QueryError(f"period {text!r} ends before it starts; swap its two ends")
    return Period(since, until)


def _bound(text: str, first: bool) -> dt.date:
    text = text.strip()
    match = _MONTH.match(text)
    if match:
        month = f"{int(match.group(1)):04d}-{int(match.group(2)):02d}"
        if not 1 <= int(match.group(2)) <= 12:
            raise ValueError(text)
        return first_day(month) if first else last_day(month)
    return dt.date.fromisoformat(text)

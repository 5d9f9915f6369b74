"""Terminal charts drawn with Rich: articles per month as columns, a word's share as a sparkline.

Block characters (▁▂▃▄▅▆▇█) only, so the charts print in any terminal font that has them
and copy as text; no colour is needed to read them.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence

from rich.console import Console, ConsoleOptions, RenderResult
from rich.measure import Measurement
from rich.segment import Segment
from rich.style import Style
from rich.text import Text

BLOCKS = "▁▂▃▄▅▆▇█"
CHART_ROWS = 4  # rows of the column chart: 32 heights
SPARK_CELLS = 24  # at most this many cells per sparkline: longer spans are binned


def binned(values: Sequence[float], cells: int) -> list[list[int]]:
    """Split indexes 0..len(values)-1 into at most cells consecutive bins of equal size
    (the last one may be shorter).

    >>> binned(range(5), 3)
    [[0, 1], [2, 3], [4]]
    >>> binned(range(3), 5)
    [[0], [1], [2]]
    """
    size = max(1, math.ceil(len(values) / max(1, cells)))
    return [list(range(i, min(i + size, len(values)))) for i in range(0, len(values), size)]


def sparkline(counts: Sequence[int], totals: Sequence[int], cells: int = SPARK_CELLS) -> str:
    """A word's share of the articles of each month (counts of totals), one character a
    month, or a bin of months when there are more than cells; a month with no articles at
    all is a space, a share of nothing ▁, the largest share █.

    >>> sparkline([0, 1, 2, 4], [10, 10, 10, 10])
    '▁▃▅█'
    >>> sparkline([1, 0, 3], [4, 0, 4])
    '▃ █'
    """
    bins = binned(totals, cells)
    shares: list[float | None] = []
    for group in bins:
        total = sum(totals[i] for i in group)
        shares.append(sum(counts[i] for i in group) / total if total else None)
    top = max((s for s in shares if s is not None), default=0.0)
    out = []
    for share in shares:
        if share is None:
            out.append(" ")
        elif top <= 0 or share <= 0:
            out.append(BLOCKS[0])
        else:
            out.append(BLOCKS[max(1, min(7, round(share / top * 7)))])
    return "".join(out)


class MonthChart:
    """Articles per month as a column chart that fits the width it is given.

    Each month is a column (two or three characters wide when there is room; several months
    to a column when there is not, as the caption then says), months in highlight drawn in
    bold over ═ on the axis (the period a summary selected, or the recent period of a trend),
    the largest count at the top of the axis, the first and last month and each January
    below it.
    """

    def __init__(
        self,
        months: Sequence[str],
        counts: Sequence[int],
        title: str = "",
        highlight: Iterable[str] = (),
        caption: str = "",
        binned_caption: str = "each column is {n} months",
    ) -> None:
        self.months = list(months)
        self.counts = list(counts)
        self.title = title
        self.highlight = set(highlight)
        self.caption = caption
        self.binned_caption = binned_caption

    def __rich_measure__(self, console: Console, options: ConsoleOptions) -> Measurement:
        gutter = len(f"{max(self.counts, default=0):,}") + 2
        return Measurement(min(options.max_width, gutter + 8), options.max_width)

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        if not self.months:
            return
        top = max(self.counts, default=0)
        gutter = len(f"{top:,}") + 1
        room = max(1, options.max_width - gutter - 1)
        bins = binned(self.counts, room)
        values = [sum(self.counts[i] for i in b) for b in bins]
        top = max(values, default=0)
        gutter = len(f"{top:,}") + 1
        width = max(1, min(3, (options.max_width - gutter - 1) // len(bins)))
        bar = width - 1 if width > 1 else 1
        lit = [any(self.months[i] in self.highlight for i in b) for b in bins]
        if self.title:
            yield Text(self.title, style="bold")
        normal, bright = Style(), Style(bold=True, color="cyan")
        levels = [round(v / top * CHART_ROWS * 8) if top else 0 for v in values]
        levels = [max(lv, 1) if v else 0 for lv, v in zip(levels, values)]
        for row in range(CHART_ROWS, 0, -1):
            label = f"{top:,}" if row == CHART_ROWS else ""
            yield Segment(f"{label:>{gutter - 1}} {'┤' if row == CHART_ROWS else '│'}")
            for level, on in zip(levels, lit):
                filled = level - (row - 1) * 8
                ch = "█" if filled >= 8 else (BLOCKS[filled - 1] if filled > 0 else " ")
                yield Segment(ch * bar, bright if on else normal)
                if width > 1:
                    yield Segment(" ")
            yield Segment.line()
        # Highlighted months are drawn bold and underlined with ═, which shows without colour.
        axis = "".join(("═" if on else "─") * bar + ("─" if width > 1 else "") for on in lit)
        yield Segment(f"{'0':>{gutter - 1}} └" + axis + "\n")
        yield Text(" " * (gutter + 1) + self._axis(bins, width), no_wrap=True, overflow="crop")
        size = len(bins[0]) if bins else 1
        notes = [self.caption] if self.caption else []
        if size > 1:
            notes.append(self.binned_caption.format(n=size))
        if notes:
            yield Text(" " * (gutter + 1) + " · ".join(notes), style="dim")

    def _axis(self, bins: list[list[int]], width: int) -> str:
        """Month labels under their columns: the first and last, then Januaries, never overlapping."""
        cells = len(bins) * width
        line = [" "] * (cells + 8)
        taken: list[tuple[int, int]] = []

        def place(col: int, label: str, force: bool = False) -> None:
            start = min(col * width, max(0, cells - len(label)))
            end = start + len(label)
            if not force and any(start < e + 1 and s < end + 1 for s, e in taken):
                return
            taken.append((start, end))
            line[start:end] = list(label)

        place(0, self.months[bins[0][0]], force=True)
        last = self.months[bins[-1][-1]]
        if len(bins) > 1:
            place(len(bins) - 1, last)
        for col, group in enumerate(bins[1:-1], 1):
            month = self.months[group[0]]
            if any(self.months[i].endswith("-01") for i in group):
                place(col, month[:4] if width * 2 < 7 else month)
        return "".join(line).rstrip()

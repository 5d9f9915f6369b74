"""Which words say what a set of articles is about, and which rose or fell between two periods.

Pure arithmetic over article counts; ``queries`` gathers the counts from the index. A word's
counts are numbers of articles (document frequencies), never of occurrences: one long speech
that repeats a word forty times is one article.

Keywords are ranked by JLH (Elasticsearch's ``significant_terms`` default): with ``fg`` the
share of the selected articles that contain a word and ``bg`` its share of the whole archive,
``(fg - bg) * fg / bg``. The difference alone would favour words every article uses; the
ratio alone, words that occur twice in the archive. On top of that:

- a word that more than one in twenty articles of the archive contains names no topic of a
  part of it (中国, 经济, 会议 on a national paper; 社区 and 居民 are stop words already);
- a keyword is in at least two of the selected articles, three once 50 are selected;
- a word that at least two of the selected headlines contain ranks above one that only the
  bodies use: a headline says what an article is about; a word of bodies only must be in a
  tenth of the selected articles and ten times as common in them as in the archive (on a
  small archive: half the articles that contain it are selected ones);
- no keyword is a half of another (垃圾分类 leaves out 垃圾 and 分类 where they are mostly
  its halves, and takes the better place of the two);
- the words of the query itself are left out: they are what was asked, not an answer;
- a verb counts only where the articles that use it use it again and again (扶贫, 下岗,
  兼并 name a topic; 提出, 改善, 考察 do not).

Changes are ranked by the log-likelihood ratio G² of a word's share in the two periods (Dunning
1993): a change from 0 to 5 % of 400 articles ranks far above 30 % to 33 %, which chance explains;
a change chance would give more than one time in twenty is left out.
"""

from __future__ import annotations

import math
from bisect import insort
from collections.abc import Callable, Collection, Iterable, Mapping
from dataclasses import dataclass
from typing import TypeVar

T = TypeVar("T")

COMMON_SHARE = 0.05
COMMON_FLOOR = 20  # on a small archive a word may be in this many articles and still count
SMALL_SELECTION = 50
HEADLINE_MIN = 2
PREVIOUS_WEIGHT = 1.0
# A word no two selected headlines use is a keyword only if this share of the selected
# articles contains it: a name or detail of one story is no topic of the selection.
BODY_SHARE = 0.1
# ... and must be this many times as common in them as in the archive: words a tenth of any
# province's articles use (全市, 办法, 指导 …, 3-6 times their share of the 1998 pages) say
# nothing of it; the terms of a topic do (税收政策 85 times, 住房问题 50, 贫困山区 28).
BODY_LIFT = 10.0
# Where the selection is more than a twentieth of the archive (a small archive) no word can be
# ten times as common: there half the archive's articles with the word must be selected ones.
BODY_CONCENTRATION = 0.5
# A verb names a topic where the articles that use it use it this many times on average
# (扶贫 3.9, 兼并 3.2, 下岗 2.1 in the 1998 pages; 提出 1.6, 改善 1.3, 考察 1.6).
VERB_REPEATS = 2.0
CHANGE_MIN = 3  # a rising word is in this many articles of the recent period (falling: of the base)
CHANGE_G2 = 3.84  # G² of a change that chance gives less than one time in twenty (chi², 1 df)


@dataclass(frozen=True)
class Counted:
    """A word with the articles that contain it: selected, selected by their headline, all."""

    term: str
    selected: float  # may be an estimate scaled up from a sample of a large selection
    headlines: float
    archive: int


def common_limit(total: int) -> float:
    """The most articles of an archive of total that a keyword may be in."""
    return max(COMMON_SHARE * total, COMMON_FLOOR)


def min_articles(size: int) -> int:
    """How many of size selected articles a keyword must be in (one of one).

    >>> min_articles(1), min_articles(12), min_articles(500)
    (1, 2, 3)
    """
    return min(size, 2 if size < SMALL_SELECTION else 3)


def jlh(selected: float, size: int, archive: int, total: int) -> float:
    """JLH score of a word in selected of size articles and archive of total articles.

    >>> round(jlh(30, 100, 60, 10000), 2), jlh(5, 100, 500, 10000)
    (14.7, 0.0)
    """
    fg = selected / size
    bg = max(archive, selected) / total
    return (fg - bg) * fg / bg if fg > bg else 0.0


def rank_keywords(
    selected: Mapping[str, float],
    headlines: Mapping[str, float],
    archive: Callable[[str], int],
    size: int,
    total: int,
    top: int,
    exclude: Iterable[str] = (),
    verbs: Collection[str] = (),
    repeats: Callable[[str], float] | None = None,
    before: Mapping[str, float] | None = None,
    before_size: int = 0,
) -> list[tuple[Counted, float]]:
    """The top keywords of size selected articles of an archive of total, best first.

    selected and headlines count the selected articles that contain each word, and those
    whose headline does; archive(word) is how many articles of the archive contain it (an
    index look-up, so it is asked only of words that could still make the list: a word in
    fewer selected articles can score at most ``jlh_bound`` of that). A word of verbs counts
    only where repeats(word), its occurrences per article that uses it, is VERB_REPEATS or
    more. A selection that is the whole archive has nothing to stand out from: its keywords
    are the words most of its articles contain, below the common limit.

    before counts the words in the before_size articles of the period just before a selection
    of a period (a month: the month before): a word stands out as much as it is more common
    in the selection than in the archive and than PREVIOUS_WEIGHT times in that period, so that
    a month's keywords say what was new in it, not what the month before already said.

    >>> selected = {"垃圾分类": 8, "分类": 8, "社会": 40, "宣传": 6, "义诊": 1}
    >>> headlines = {"垃圾分类": 3, "分类": 1, "社会": 2, "义诊": 1}
    >>> archive = {"垃圾分类": 9, "分类": 30, "社会": 900, "宣传": 10, "义诊": 2}.get
    >>> [(c.term, round(s, 3)) for c, s in rank_keywords(selected, headlines, archive, 50, 2000, 5)]
    [('垃圾分类', 5.529), ('宣传', 2.76)]
    """
    limit = common_limit(total)
    least = min_articles(size)
    headline_min = min(HEADLINE_MIN, size)
    skip = {t.lower() for t in exclude}
    # A few more than asked: words that are part of a better one are dropped at the end.
    wanted = 2 * top + 5
    first: list[tuple[float, Counted]] = []  # in at least HEADLINE_MIN selected headlines
    second: list[tuple[float, Counted]] = []
    candidates = sorted(((n, t) for t, n in selected.items() if n >= least and t not in skip), reverse=True)
    for n, term in candidates:
        bound = jlh_bound(n, size, total)
        in_headlines = headlines.get(term, 0) >= headline_min
        if len(first) >= wanted and bound < first[wanted - 1][0]:
            break  # no word in fewer articles can make the list any more
        if not in_headlines:
            room = wanted - len(first)  # places left for words of bodies only
            if n < BODY_SHARE * size or room <= 0 or (len(second) >= room and bound < second[room - 1][0]):
                continue
        found = archive(term)
        if found > limit or (term in verbs and repeats is not None and repeats(term) < VERB_REPEATS):
            continue
        if size >= total:
            score = n / size
        else:
            background: float = found
            if before and before_size:
                background = max(found, PREVIOUS_WEIGHT * before.get(term, 0) / before_size * total)
            lift = n * total / (size * max(background, n))
            if not in_headlines and lift < min(BODY_LIFT, BODY_CONCENTRATION * total / size):
                continue
            score = jlh(n, size, background, total)
        if score <= 0:
            continue
        tier = first if in_headlines else second
        # Ties go to the word more headlines use, then to the longer, more specific one.
        insort(tier, (score, Counted(term, n, headlines.get(term, 0), found)),
               key=lambda s: (-s[0], -s[1].headlines, -len(s[1].term), s[1].term))
    chosen = whole_terms([(c.term, c.selected, (c, score)) for score, c in first + second], top)
    return [item for _, _, item in chosen]


def jlh_bound(selected: float, size: int, total: int) -> float:
    """The highest score a word in selected of size articles can have: when no other
    article of the archive contains it.

    >>> jlh_bound(3, 100, 10000) >= jlh(3, 100, 3, 10000)
    True
    """
    if size >= total:
        return selected / size
    return selected * (total - size) / (size * size)


@dataclass(frozen=True)
class Change:
    """A word's articles in the recent and the base period, and the sizes of both."""

    term: str
    recent: float
    base: float
    recent_size: int
    base_size: int

    @property
    def recent_share(self) -> float:
        return self.recent / self.recent_size if self.recent_size else 0.0

    @property
    def base_share(self) -> float:
        return self.base / self.base_size if self.base_size else 0.0

    @property
    def change(self) -> float:
        """The change of the word's share of articles, in percentage points."""
        return 100 * (self.recent_share - self.base_share)


def log_likelihood(a: float, n: int, b: float, m: int) -> float:
    """Signed G² of a words in n articles against b in m: positive when the share rose.

    >>> round(log_likelihood(20, 400, 5, 4000), 1), round(log_likelihood(120, 400, 1200, 4000), 1)
    (72.7, 0.0)
    """
    if n == 0 or m == 0 or a + b == 0:
        return 0.0

    def ll(k: float, size: int, p: float) -> float:
        p = min(max(p, 1e-12), 1 - 1e-12)
        return k * math.log(p) + (size - k) * math.log(1 - p)

    p1, p2, p = a / n, b / m, (a + b) / (n + m)
    g2 = 2 * (ll(a, n, p1) + ll(b, m, p2) - ll(a, n, p) - ll(b, m, p))
    return math.copysign(max(g2, 0.0), p1 - p2)


def rank_changes(changes: Iterable[Change], top: int) -> tuple[list[Change], list[Change]]:
    """The top words that rose and that fell most, each best first; no word part of another."""
    rising, falling = [], []
    for c in changes:
        g2 = log_likelihood(c.recent, c.recent_size, c.base, c.base_size)
        if g2 >= CHANGE_G2 and c.recent >= CHANGE_MIN:
            rising.append((g2, c))
        elif g2 <= -CHANGE_G2 and c.base >= CHANGE_MIN:
            falling.append((-g2, c))
    return _best(rising, top), _best(falling, top)


def _best(scored: list[tuple[float, Change]], top: int) -> list[Change]:
    scored.sort(key=lambda s: (s[0], s[1].term), reverse=True)
    return [c for _, _, c in whole_terms([(c.term, max(c.recent, c.base), c) for _, c in scored], top)]


def whole_terms(ranked: list[tuple[str, float, T]], top: int) -> list[tuple[str, float, T]]:
    """The first top of ranked (term, articles, item) without halves: a term inside another
    that is in at least half as many articles goes (分类 under 垃圾分类), the longer one taking
    the better place of the two.

    >>> [t for t, _, _ in whole_terms([("充电", 4, 0), ("电线", 3, 0), ("飞线充电", 4, 0), ("分类", 9, 0)], 3)]
    ['飞线充电', '电线', '分类']
    >>> [t for t, _, _ in whole_terms([("垃圾", 9, 0), ("垃圾分类", 2, 0)], 3)]
    ['垃圾', '垃圾分类']
    """
    chosen: list[tuple[str, float, T]] = []
    for entry in ranked:
        term, articles, _ = entry
        if any(term in kept and n >= articles / 2 for kept, n, _ in chosen):
            continue  # a half of a term already chosen
        halves = [i for i, (kept, n, _) in enumerate(chosen) if kept in term and articles >= n / 2]
        if halves:
            chosen[halves[0]] = entry
            chosen = [c for i, c in enumerate(chosen) if i not in halves[1:]]
        else:
            chosen.append(entry)
        if len(chosen) == top:
            break
    return chosen

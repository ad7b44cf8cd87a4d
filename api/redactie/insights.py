"""What people ask the assistant: the numbers behind the editors' dashboard ("Wat vragen mensen?").

Pure functions over plain dataclasses: no web code, no database code, so the HTML page and the JSON
API can share them. Unanswered and low-confidence questions are grouped by meaning (complete-linkage
clustering on cosine similarity of sentence embeddings), so the editors see which missing article
would help the most people.

Usage::

    from api.redactie.insights import AskedQuestion, build_dashboard, line_chart_svg

    dashboard = build_dashboard(
        questions, votes,
        threshold=0.82,                                   # the search's answer threshold
        article_titles={"diploma": "Krijg ik een diploma?"},
        article_topics={"diploma": "diploma"},
        embed=lambda texts: embedder.encode_uncached(texts, as_query=True),
        today=datetime.date.today(),
    )
    dashboard.groups[0].representative    # e.g. "krijg ik ne diploma me duaal leren"
    svg = line_chart_svg([(d.day.strftime("%d/%m"), d.share) for d in dashboard.daily],
                         "Aandeel beantwoorde vragen per dag")
"""

from __future__ import annotations

import datetime
import html
import math
from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass

import numpy as np

ANSWERED = "antwoord"
UNANSWERED = "geen_antwoord"
OTHER = "overig"
INFORMATIONAL = frozenset({ANSWERED, UNANSWERED})

DEFAULT_MARGIN = 0.02
# Tuned on multilingual-e5-small with the "query: " prefix. That model puts any two questions about
# duaal leren at cosine ~0.86-0.95, so the bar must be high; complete linkage (every pair in a group
# must clear it) keeps paraphrases together without chaining different topics into one group.
DEFAULT_SIMILARITY = 0.92
MAX_GROUPED = 1000
MAX_EXAMPLES = 5
MAX_TOP = 10

Embed = Callable[[list[str]], np.ndarray]


# --- inputs ---------------------------------------------------------------------------------------

@dataclass(frozen=True)
class AskedQuestion:
    """One user question the assistant handled (text already redacted of personal data)."""
    question: str
    outcome: str  # ANSWERED | UNANSWERED | OTHER (small talk, contact route, ...)
    confidence: float | None  # search score of the best article, when a search ran
    article_id: str | None  # the article that answered, if any
    asked_at: datetime.datetime  # timezone-aware UTC


@dataclass(frozen=True)
class Vote:
    """A thumbs up or down on an answer."""
    rating: str  # "up" | "down"
    comment: str | None
    question: str | None  # the question that got this answer
    article_id: str | None
    given_at: datetime.datetime


# --- outputs --------------------------------------------------------------------------------------

@dataclass(frozen=True)
class QuestionGroup:
    count: int
    examples: list[str]  # distinct wordings, most frequent first, at most MAX_EXAMPLES
    representative: str  # the wording closest to the group's centre
    low_confidence: int  # how many were answered, but with low confidence
    last_asked: datetime.datetime


@dataclass(frozen=True)
class DownVote:
    question: str | None
    comment: str | None
    article_id: str | None
    article_title: str | None
    given_at: datetime.datetime


@dataclass(frozen=True)
class DayShare:
    day: datetime.date
    asked: int  # informational questions (answered or not)
    answered: int
    share: float | None  # answered / asked, None when nothing was asked


@dataclass(frozen=True)
class TopicCount:
    topic: str
    count: int


@dataclass(frozen=True)
class ArticleCount:
    article_id: str
    title: str
    count: int


@dataclass(frozen=True)
class Totals:
    asked: int
    answered: int
    unanswered: int
    low_confidence: int
    share_answered: float | None


@dataclass(frozen=True)
class Dashboard:
    groups: list[QuestionGroup]
    down_votes: list[DownVote]
    daily: list[DayShare]
    top_topics: list[TopicCount]
    top_articles: list[ArticleCount]
    totals: Totals


# --- the whole dashboard --------------------------------------------------------------------------

def build_dashboard(questions: Iterable[AskedQuestion], votes: Iterable[Vote], *, threshold: float,
                    article_titles: Mapping[str, str], article_topics: Mapping[str, str], embed: Embed,
                    today: datetime.date, days: int = 30, margin: float = DEFAULT_MARGIN,
                    similarity: float = DEFAULT_SIMILARITY, max_grouped: int = MAX_GROUPED) -> Dashboard:
    """Everything the dashboard shows for the ``days`` days up to and including ``today`` (UTC dates).

    Questions and votes outside that window are ignored. Only the ``max_grouped`` most recent
    candidates are embedded and grouped; counts, totals and top lists use every question in the window.
    """
    if days < 1:
        raise ValueError("days must be at least 1")
    recent = [q for q in questions if in_window(q.asked_at, today, days)]
    recent_votes = [v for v in votes if in_window(v.given_at, today, days)]
    return Dashboard(
        groups=group_questions(recent, embed, threshold=threshold, margin=margin, similarity=similarity,
                               max_grouped=max_grouped),
        down_votes=down_votes(recent_votes, article_titles),
        daily=daily_shares(recent, today, days),
        top_topics=top_topics(recent, article_topics),
        top_articles=top_articles(recent, article_titles),
        totals=totals(recent, threshold, margin),
    )


# --- small building blocks ------------------------------------------------------------------------

def utc_date(moment: datetime.datetime) -> datetime.date:
    """The UTC calendar date of a moment; naive datetimes are taken to be UTC already."""
    if moment.tzinfo is None:
        return moment.date()
    return moment.astimezone(datetime.timezone.utc).date()


def in_window(moment: datetime.datetime, today: datetime.date, days: int) -> bool:
    """Whether ``moment`` falls on one of the ``days`` days ending with ``today``."""
    first = today - datetime.timedelta(days=days - 1)
    return first <= utc_date(moment) <= today


def _sort_key(moment: datetime.datetime) -> datetime.datetime:
    """Comparable moments even when naive and aware datetimes are mixed (naive means UTC)."""
    return moment.replace(tzinfo=datetime.timezone.utc) if moment.tzinfo is None else moment


def is_informational(question: AskedQuestion) -> bool:
    return question.outcome in INFORMATIONAL


def is_low_confidence(question: AskedQuestion, threshold: float, margin: float = DEFAULT_MARGIN) -> bool:
    """Answered, but with a score just above the answer threshold (below ``threshold + margin``)."""
    return (question.outcome == ANSWERED and question.confidence is not None
            and question.confidence < threshold + margin)


def normalise_question(text: str) -> str:
    """The grouping key of a wording: case-folded, whitespace collapsed."""
    return " ".join(text.split()).casefold()


def _share(part: int, whole: int) -> float | None:
    return part / whole if whole else None


# --- grouping -------------------------------------------------------------------------------------

@dataclass
class _Wording:
    """All questions that normalise to the same text."""
    key: str
    forms: Counter[str]
    count: int
    low_confidence: int
    last_asked: datetime.datetime

    @property
    def display(self) -> str:
        """The most common original spelling (ties: alphabetical, so the result is stable)."""
        return min(self.forms.items(), key=lambda item: (-item[1], item[0]))[0]


def group_questions(questions: Iterable[AskedQuestion], embed: Embed, *, threshold: float,
                    margin: float = DEFAULT_MARGIN, similarity: float = DEFAULT_SIMILARITY,
                    max_grouped: int = MAX_GROUPED) -> list[QuestionGroup]:
    """Unanswered and low-confidence questions, grouped by meaning, biggest group first."""
    candidates = [q for q in questions
                  if q.outcome == UNANSWERED or is_low_confidence(q, threshold, margin)]
    candidates = _most_recent(candidates, max_grouped)
    wordings = _collect_wordings(candidates, threshold, margin)
    if not wordings:
        return []
    vectors = _embed_texts(embed, [w.key for w in wordings])
    clusters = cluster_by_similarity(vectors, similarity)
    groups = [_make_group([wordings[i] for i in members], vectors[members]) for members in clusters]
    return sorted(groups, key=lambda g: (-g.count, -_sort_key(g.last_asked).timestamp(), g.representative))


def _most_recent(questions: Sequence[AskedQuestion], limit: int) -> list[AskedQuestion]:
    return sorted(questions, key=lambda q: _sort_key(q.asked_at), reverse=True)[:max(limit, 0)]


def _collect_wordings(questions: Iterable[AskedQuestion], threshold: float,
                     margin: float = DEFAULT_MARGIN) -> list[_Wording]:
    """One entry per normalised text, most frequent first (then most recent, then alphabetical)."""
    by_key: dict[str, _Wording] = {}
    for q in questions:
        key = normalise_question(q.question)
        if not key:
            continue
        low = int(is_low_confidence(q, threshold, margin))
        shown = " ".join(q.question.split())
        if key not in by_key:
            by_key[key] = _Wording(key, Counter({shown: 1}), 1, low, q.asked_at)
            continue
        wording = by_key[key]
        wording.forms[shown] += 1
        wording.count += 1
        wording.low_confidence += low
        wording.last_asked = max(wording.last_asked, q.asked_at, key=_sort_key)
    return sorted(by_key.values(), key=lambda w: (-w.count, -_sort_key(w.last_asked).timestamp(), w.key))


def _embed_texts(embed: Embed, texts: list[str]) -> np.ndarray:
    """Embed once, check the shape, and make sure rows are unit length (cosine = dot product)."""
    vectors = np.asarray(embed(texts), dtype=np.float64)
    if vectors.ndim != 2 or vectors.shape[0] != len(texts):
        raise ValueError(f"embed returned shape {vectors.shape} for {len(texts)} texts")
    norms = np.linalg.norm(vectors, axis=1, keepdims=True)
    return vectors / np.where(norms > 0, norms, 1.0)


def cluster_by_similarity(vectors: np.ndarray, similarity: float) -> list[list[int]]:
    """Complete-linkage agglomerative clustering on cosine similarity of unit row vectors.

    Repeatedly merges the two clusters whose *least* similar pair is the most similar, while that
    pair still reaches ``similarity``. So every two members of a cluster are at least that similar:
    no chaining of A~B~C into one group when A and C differ. Deterministic: ties go to the lowest
    indices. Returns clusters as lists of row indices, each sorted, ordered by their first index.
    """
    n = len(vectors)
    if n == 0:
        return []
    linkage = vectors @ vectors.T
    np.fill_diagonal(linkage, -np.inf)
    members: list[list[int]] = [[i] for i in range(n)]
    while n > 1:
        a, b = divmod(int(np.argmax(linkage)), n)
        if linkage[a, b] < similarity:
            break
        a, b = min(a, b), max(a, b)
        merged = np.minimum(linkage[a], linkage[b])  # complete linkage: the weakest pair counts
        linkage[a, :] = merged
        linkage[:, a] = merged
        linkage[a, a] = linkage[b, :] = linkage[:, b] = -np.inf
        members[a].extend(members[b])
        members[b] = []
    return [sorted(m) for m in members if m]


def _make_group(wordings: list[_Wording], vectors: np.ndarray) -> QuestionGroup:
    """Summarise a cluster; ``wordings`` arrive most frequent first, aligned with ``vectors``."""
    counts = np.array([w.count for w in wordings], dtype=np.float64)
    return QuestionGroup(
        count=int(counts.sum()),
        examples=[w.display for w in wordings[:MAX_EXAMPLES]],
        representative=wordings[_central_index(vectors, counts)].display,
        low_confidence=sum(w.low_confidence for w in wordings),
        last_asked=max((w.last_asked for w in wordings), key=_sort_key),
    )


def _central_index(vectors: np.ndarray, weights: np.ndarray) -> int:
    """The row closest to the weighted centroid (ties: the first, i.e. the most frequent wording)."""
    centroid = weights @ vectors
    return int(np.argmax(vectors @ centroid))


# --- counts ---------------------------------------------------------------------------------------

def daily_shares(questions: Iterable[AskedQuestion], today: datetime.date, days: int) -> list[DayShare]:
    """One entry per day, oldest first, including days on which nothing was asked."""
    asked: Counter[datetime.date] = Counter()
    answered: Counter[datetime.date] = Counter()
    for q in questions:
        if is_informational(q):
            day = utc_date(q.asked_at)
            asked[day] += 1
            answered[day] += q.outcome == ANSWERED
    first = today - datetime.timedelta(days=days - 1)
    all_days = (first + datetime.timedelta(days=i) for i in range(days))
    return [DayShare(day, asked[day], answered[day], _share(answered[day], asked[day])) for day in all_days]


def totals(questions: Iterable[AskedQuestion], threshold: float, margin: float = DEFAULT_MARGIN) -> Totals:
    informational = [q for q in questions if is_informational(q)]
    answered = sum(q.outcome == ANSWERED for q in informational)
    return Totals(
        asked=len(informational),
        answered=answered,
        unanswered=len(informational) - answered,
        low_confidence=sum(is_low_confidence(q, threshold, margin) for q in informational),
        share_answered=_share(answered, len(informational)),
    )


def _ranked(counts: Counter[str], limit: int) -> list[tuple[str, int]]:
    """Most common first; ties alphabetical so the order is stable."""
    return sorted(counts.items(), key=lambda item: (-item[1], item[0]))[:limit]


def top_topics(questions: Iterable[AskedQuestion], article_topics: Mapping[str, str],
               limit: int = MAX_TOP) -> list[TopicCount]:
    """Topics of the articles that answered questions (articles without a known topic are left out)."""
    counts = Counter(article_topics[q.article_id] for q in questions
                     if q.outcome == ANSWERED and q.article_id in article_topics)
    return [TopicCount(topic, count) for topic, count in _ranked(counts, limit)]


def top_articles(questions: Iterable[AskedQuestion], article_titles: Mapping[str, str],
                 limit: int = MAX_TOP) -> list[ArticleCount]:
    """The articles that answered the most questions; the id stands in for an unknown title."""
    counts = Counter(q.article_id for q in questions if q.outcome == ANSWERED and q.article_id)
    return [ArticleCount(article_id, article_titles.get(article_id, article_id), count)
            for article_id, count in _ranked(counts, limit)]


def down_votes(votes: Iterable[Vote], article_titles: Mapping[str, str]) -> list[DownVote]:
    """Thumbs-down votes, newest first, with the title of the article that was voted on."""
    down = [v for v in votes if v.rating == "down"]
    down.sort(key=lambda v: _sort_key(v.given_at), reverse=True)
    return [DownVote(v.question, v.comment, v.article_id,
                     article_titles.get(v.article_id) if v.article_id else None, v.given_at) for v in down]


# --- charts ---------------------------------------------------------------------------------------

NO_DATA = "Geen gegevens"
_FONT = 'font-family="system-ui, sans-serif" font-size="12"'


def _esc(text: str) -> str:
    return html.escape(str(text), quote=True)


def _number(value: float) -> str:
    return f"{value:.1f}".rstrip("0").rstrip(".")


def _finite(value: float | None) -> float | None:
    return value if value is not None and math.isfinite(value) else None


def _svg_open(title: str, width: int, height: int) -> str:
    label = _esc(title)
    return (f'<svg xmlns="http://www.w3.org/2000/svg" role="img" aria-label="{label}" '
            f'viewBox="0 0 {width} {height}" class="dla-chart" {_FONT}><title>{label}</title>')


def _text(x: float, y: float, content: str, anchor: str = "start") -> str:
    return (f'<text x="{_number(x)}" y="{_number(y)}" text-anchor="{anchor}" '
            f'fill="currentColor">{_esc(content)}</text>')


def _shorten(label: str, limit: int) -> str:
    return label if len(label) <= limit else label[:limit - 1].rstrip() + "…"


def _no_data(title: str) -> str:
    return _svg_open(title, 400, 40) + _text(8, 24, NO_DATA) + "</svg>"


def bar_chart_svg(bars: list[tuple[str, float]], max_value: float | None, title: str,
                  value_format: str = "{:.0f}") -> str:
    """Horizontal bar chart: label left, bar, value right of the bar. ``max_value`` None = largest bar."""
    if not bars:
        return _no_data(title)
    label_width, bar_width, value_width, row, top = 180, 260, 60, 26, 8
    values = [max(_finite(value) or 0.0, 0.0) for _, value in bars]
    scale = max_value if max_value and max_value > 0 else (max(values) or 1.0)
    height = top * 2 + row * len(bars)
    parts = [_svg_open(title, label_width + bar_width + value_width, height)]
    for i, ((label, _), value) in enumerate(zip(bars, values)):
        y = top + i * row
        length = bar_width * min(value / scale, 1.0)
        parts.append(_text(label_width - 8, y + 16, _shorten(label, 28), anchor="end"))
        parts.append(f'<rect x="{label_width}" y="{y + 4}" width="{_number(length)}" height="{row - 8}" '
                     f'fill="currentColor" opacity="0.7"/>')
        parts.append(_text(label_width + length + 6, y + 16, value_format.format(value)))
    return "".join(parts) + "</svg>"


def line_chart_svg(points: list[tuple[str, float | None]], title: str, max_value: float = 1.0,
                   value_format: str = "{:.0%}") -> str:
    """Line chart of values from 0 to ``max_value`` (default: shares shown as percentages).

    ``None`` values (e.g. days without questions) leave a gap in the line; every known value also
    gets a dot, so a lone value between two gaps stays visible. At most ~7 x labels are drawn.
    """
    if not points:
        return _no_data(title)
    left, right, top, bottom, width, height = 48, 24, 12, 28, 600, 200
    plot_w, plot_h = width - left - right, height - top - bottom
    scale = max_value if max_value > 0 else 1.0
    step = plot_w / max(len(points) - 1, 1)

    def x_at(i: int) -> float:
        return left + i * step if len(points) > 1 else left + plot_w / 2

    def y_at(value: float) -> float:
        return top + plot_h * (1 - min(max(value / scale, 0.0), 1.0))

    parts = [_svg_open(title, width, height)]
    for fraction in (0.0, 0.5, 1.0):
        y = y_at(fraction * scale)
        parts.append(f'<line x1="{left}" y1="{_number(y)}" x2="{width - right}" y2="{_number(y)}" '
                     f'stroke="currentColor" stroke-opacity="0.25"/>')
        parts.append(_text(left - 6, y + 4, value_format.format(fraction * scale), anchor="end"))
    parts.extend(_polyline(segment) for segment in _segments(points, x_at, y_at))
    for i, (_, value) in enumerate(points):
        if (value := _finite(value)) is not None:
            parts.append(f'<circle cx="{_number(x_at(i))}" cy="{_number(y_at(value))}" r="2.5" '
                         f'fill="currentColor"/>')
    label_every = max(math.ceil(len(points) / 7), 1)
    for i, (label, _) in enumerate(points):
        if i % label_every == 0 or i == len(points) - 1:
            parts.append(_text(x_at(i), height - 8, label, anchor="middle"))
    return "".join(parts) + "</svg>"


def _segments(points: list[tuple[str, float | None]], x_at: Callable[[int], float],
              y_at: Callable[[float], float]) -> list[list[tuple[float, float]]]:
    """Runs of consecutive known values, as (x, y) coordinates."""
    segments: list[list[tuple[float, float]]] = [[]]
    for i, (_, value) in enumerate(points):
        value = _finite(value)
        if value is None:
            segments.append([])
        else:
            segments[-1].append((x_at(i), y_at(value)))
    return [s for s in segments if len(s) > 1]


def _polyline(coordinates: list[tuple[float, float]]) -> str:
    joined = " ".join(f"{_number(x)},{_number(y)}" for x, y in coordinates)
    return f'<polyline points="{joined}" fill="none" stroke="currentColor" stroke-width="2"/>'

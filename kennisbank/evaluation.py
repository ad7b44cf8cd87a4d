"""Evaluate search quality: Recall@k, MRR (per audience), and the rejection of out-of-scope questions.

Usage::

    questions = EvalSet.load(Path("kennisbank/eval/vragen.yaml"))
    runs = run_searches(kb, questions, mode="dense")
    RetrievalEvaluator()(runs)                     # {"alle": {"recall@1": ..., "recall@3": ..., "mrr": ...}, "ouder": {...}}
    RejectionEvaluator(threshold=0.85)(runs)       # {"oos_rejected": ..., "in_scope_rejected": ...}
"""

from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Iterable

import yaml
from pydantic import BaseModel, Field

RANK_DEPTH = 10


class InScopeQuestion(BaseModel):
    vraag: str = Field(min_length=2)
    artikels: list[str] = Field(min_length=1)
    doelgroep: str


class OutOfScopeQuestion(BaseModel):
    vraag: str = Field(min_length=2)


class EvalSet(BaseModel):
    in_scope: list[InScopeQuestion]
    out_of_scope: list[OutOfScopeQuestion]

    @classmethod
    def load(cls, path: Path) -> "EvalSet":
        return cls.model_validate(yaml.safe_load(path.read_text(encoding="utf-8")))

    def unknown_articles(self, known: Iterable[str]) -> list[str]:
        known = set(known)
        return sorted({a for q in self.in_scope for a in q.artikels if a not in known})


@dataclass(frozen=True)
class Run:
    """One question's ranked article ids and the top score, without any threshold applied."""

    question: str
    expected: frozenset[str]
    audience: str | None
    ranking: list[str]
    top_score: float

    @property
    def in_scope(self) -> bool:
        return bool(self.expected)

    def rank(self) -> int | None:
        return next((i + 1 for i, a in enumerate(self.ranking) if a in self.expected), None)


def run_searches(search: Callable, questions: EvalSet, progress: Callable[[Iterable], Iterable] = iter) -> list[Run]:
    """``search(question) -> (ranked article ids, top score)``; runs every question once."""
    runs = []
    items = [(q.vraag, frozenset(q.artikels), q.doelgroep) for q in questions.in_scope]
    items += [(q.vraag, frozenset(), None) for q in questions.out_of_scope]
    for text, expected, audience in progress(items):
        ranking, top = search(text)
        runs.append(Run(text, expected, audience, ranking[:RANK_DEPTH], top))
    return runs


class RetrievalEvaluator:
    def __init__(self, ks: tuple[int, ...] = (1, 3)) -> None:
        self.ks = ks

    def __call__(self, runs: list[Run]) -> dict[str, dict[str, float]]:
        in_scope = [r for r in runs if r.in_scope]
        groups = {"alle": in_scope}
        for run in in_scope:
            groups.setdefault(run.audience or "onbekend", []).append(run)
        return {name: self._metrics(group) for name, group in groups.items()}

    def _metrics(self, runs: list[Run]) -> dict[str, float]:
        ranks = [r.rank() for r in runs]
        metrics = {f"recall@{k}": sum(1 for x in ranks if x and x <= k) / len(ranks) for k in self.ks}
        metrics["mrr"] = sum(1 / x for x in ranks if x) / len(ranks)
        metrics["n"] = len(ranks)
        return metrics


class RejectionEvaluator:
    def __init__(self, threshold: float) -> None:
        self.threshold = threshold

    def __call__(self, runs: list[Run]) -> dict[str, float]:
        out = [r for r in runs if not r.in_scope]
        inside = [r for r in runs if r.in_scope]
        return {
            "oos_rejected": sum(r.top_score < self.threshold for r in out) / max(len(out), 1),
            "in_scope_rejected": sum(r.top_score < self.threshold for r in inside) / max(len(inside), 1),
        }


def calibrate_threshold(runs: list[Run], max_in_scope_rejected: float = 0.05) -> float:
    """Highest threshold that wrongly rejects at most ``max_in_scope_rejected`` of in-scope questions."""
    scores = sorted(r.top_score for r in runs if r.in_scope)
    allowed = int(max_in_scope_rejected * len(scores))
    return scores[allowed] if scores else 0.0


def cross_validated_rejection(runs: list[Run], folds: int = 2, max_in_scope_rejected: float = 0.05) -> dict[str, float]:
    """Calibrate on all folds but one, measure on the held-out fold; average. An honest rejection figure."""
    totals = {"oos_rejected": 0.0, "in_scope_rejected": 0.0}
    for fold in range(folds):
        train = [r for i, r in enumerate(runs) if i % folds != fold]
        test = [r for i, r in enumerate(runs) if i % folds == fold]
        measured = RejectionEvaluator(calibrate_threshold(train, max_in_scope_rejected))(test)
        for key in totals:
            totals[key] += measured[key] / folds
    return totals

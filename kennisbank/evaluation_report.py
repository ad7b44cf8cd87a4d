"""``kennisbank evalueer``: dense, lexical and hybrid side by side, with calibrated thresholds.

Usage::

    evaluate_all(kb, Path("kennisbank/eval/vragen.yaml"), recalibrate=True)
"""

import json
from pathlib import Path

from tqdm import tqdm

from kennisbank.engine import CALIBRATION_FILE, MODES, Kennisbank
from kennisbank.evaluation import (
    EvalSet, RejectionEvaluator, RetrievalEvaluator, Run, calibrate_threshold, cross_validated_rejection, run_searches,
)

TARGETS = "doelen: Recall@3 >= 0.95, MRR >= 0.85, buiten scope afgewezen >= 0.90, binnen scope afgewezen <= 0.05"


def evaluate_all(kb: Kennisbank, eval_file: Path, recalibrate: bool = False) -> dict:
    questions = EvalSet.load(eval_file)
    unknown = questions.unknown_articles(kb.content.articles)
    if unknown:
        raise SystemExit(f"De evaluatieset verwijst naar onbekende artikels: {', '.join(unknown)}")
    runs = {mode: _runs(kb, questions, mode) for mode in MODES}
    if recalibrate:
        kb.thresholds = {mode: round(calibrate_threshold(runs[mode]), 4) for mode in MODES}
        CALIBRATION_FILE.write_text(json.dumps({"model": kb.embedder.model_name.rsplit("/", 1)[-1],
                                                "thresholds": kb.thresholds}, indent=2) + "\n")
        print(f"Drempels gekalibreerd en bewaard in {CALIBRATION_FILE.name}: {kb.thresholds}")
    report = {mode: _report(runs[mode], kb.thresholds[mode]) for mode in MODES}
    _print(report, len(questions.in_scope), len(questions.out_of_scope))
    return report


def _runs(kb: Kennisbank, questions: EvalSet, mode: str) -> list[Run]:
    def search(text: str):
        result = kb.search(text, limit=10, mode=mode)
        return [h.article_id for h in result.hits], result.confidence

    return run_searches(search, questions, progress=lambda items: tqdm(items, desc=f"evalueren ({mode})", leave=False))


def _report(runs: list[Run], threshold: float) -> dict:
    return {"retrieval": RetrievalEvaluator()(runs), "rejection": RejectionEvaluator(threshold)(runs),
            "rejection_cv": cross_validated_rejection(runs), "threshold": threshold}


def _print(report: dict, n_in: int, n_out: int) -> None:
    print(f"\nEvaluatie: {n_in} vragen binnen scope, {n_out} buiten scope ({TARGETS})\n")
    groups = list(report["dense"]["retrieval"])
    print(f"{'':32}" + "".join(f"{mode:>12}" for mode in MODES))
    for group in groups:
        for metric in ("recall@1", "recall@3", "mrr"):
            values = [report[m]["retrieval"].get(group, {}).get(metric, float("nan")) for m in MODES]
            n = report["dense"]["retrieval"][group]["n"]
            print(f"{f'{metric} ({group}, n={n})':32}" + "".join(f"{v:12.3f}" for v in values))
    rows = [("drempel", lambda r: r["threshold"]),
            ("buiten scope afgewezen", lambda r: r["rejection"]["oos_rejected"]),
            ("binnen scope afgewezen", lambda r: r["rejection"]["in_scope_rejected"]),
            ("buiten scope afgewezen (2-fold)", lambda r: r["rejection_cv"]["oos_rejected"]),
            ("binnen scope afgewezen (2-fold)", lambda r: r["rejection_cv"]["in_scope_rejected"])]
    for label, get in rows:
        print(f"{label:32}" + "".join(f"{get(report[m]):12.3f}" for m in MODES))

"""``kennisbank bench``: search latency (shipped and a generated 5,000-article kennisbank), build time,
peak memory. Prints figures; asserts nothing.

Usage::

    run_benchmark(KennisbankSettings(), generated_articles=5000)
"""

import dataclasses
import resource
import statistics
import tempfile
import time
from pathlib import Path

import faiss
import numpy as np

from kennisbank.config import KennisbankSettings
from kennisbank.engine import Kennisbank
from kennisbank.evaluation import EvalSet
from kennisbank.index import Snapshot
from kennisbank.lexical import LexicalIndex
from kennisbank.loader import Content, load_content

WARMUP = 10


def run_benchmark(settings: KennisbankSettings, generated_articles: int = 5000) -> None:
    questions = _questions(settings.eval_file)
    content = load_content(settings.content_dir)
    with tempfile.TemporaryDirectory() as empty_cache:
        started = time.perf_counter()
        kb = Kennisbank.from_settings(settings.content_dir, settings.embedding_model, Path(empty_cache))
        cold = time.perf_counter() - started
    units = len(kb.snapshot.units)
    print(f"Volledige bouw zonder cache (model laden + {units} zoekeenheden embedden): {cold:.1f} s "
          f"({units / cold:.0f} eenheden/s)")
    started = time.perf_counter()
    kb.reload(content)
    print(f"Herbouw met alle vectoren in het geheugen (zoals na een redactiewijziging): {time.perf_counter() - started:.2f} s")
    _latency(kb, questions, f"gepubliceerde kennisbank ({len(content.articles)} artikels)")
    kb.use_snapshot(synthetic_snapshot(kb.snapshot, generated_articles, kb.dutch))
    _latency(kb, questions, f"gegenereerde kennisbank ({generated_articles} artikels, "
                            f"{kb.snapshot.vectors.ntotal} vectoren)")
    estimate = kb.snapshot.vectors.ntotal / (units / cold)
    print(f"Geschatte bouwtijd van die {generated_articles} artikels met embedden: {estimate / 60:.0f} min "
          f"(op basis van de gemeten snelheid)")
    print(f"Piekgeheugen van dit proces: {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MiB")


def _questions(eval_file: Path) -> list[str]:
    questions = EvalSet.load(eval_file)
    return [q.vraag for q in questions.in_scope] + [q.vraag for q in questions.out_of_scope]


def _latency(kb: Kennisbank, questions: list[str], label: str) -> None:
    for question in questions[:WARMUP]:
        kb.search(question)
    timings = []
    for question in questions:
        started = time.perf_counter()
        kb.search(question)
        timings.append((time.perf_counter() - started) * 1000)
    p50 = statistics.median(timings)
    p95 = statistics.quantiles(timings, n=20)[-1]
    print(f"Zoeken, {label}: p50 {p50:.1f} ms, p95 {p95:.1f} ms over {len(timings)} vragen (1 tegelijk)")


def synthetic_snapshot(base: Snapshot, articles: int, dutch) -> Snapshot:
    """A kennisbank of ``articles`` articles made by copying the real ones with perturbed vectors.

    It measures how search scales with size; the vectors are not embeddings of real new text.
    """
    rng = np.random.default_rng(0)
    copies = -(-articles // len(base.article_ids))
    matrix = base.vectors.reconstruct_n(0, base.vectors.ntotal)
    noisy = np.concatenate([matrix + rng.normal(0, 0.02, matrix.shape).astype(np.float32) for _ in range(copies)])
    noisy /= np.linalg.norm(noisy, axis=1, keepdims=True)
    index = faiss.IndexFlatIP(matrix.shape[1])
    index.add(noisy)
    article_ids = [f"{a}-{c}" if c else a for c in range(copies) for a in base.article_ids]
    unit_article = np.concatenate([base.unit_article + c * len(base.article_ids) for c in range(copies)])
    rows = [(q + c * len(matrix), p + c * len(matrix)) for c in range(copies) for q, p in base.article_rows]
    articles_map = {f"{a}-{c}" if c else a: base.content.articles[a] for c in range(copies) for a in base.article_ids}
    lexical_texts = {i: " ".join([articles_map[i].title, *articles_map[i].example_questions]) for i in article_ids}
    return dataclasses.replace(
        base, content=Content(articles=articles_map, partners=base.content.partners,
                              out_of_scope=base.content.out_of_scope),
        units=base.units * copies, unit_article=unit_article, article_ids=article_ids, vectors=index,
        matrix=noisy, article_rows=rows,
        article_vectors=np.tile(base.article_vectors, (copies, 1)), lexical=LexicalIndex(lexical_texts, dutch),
    )

"""A built, immutable search index over one version of the content.

Usage::

    snapshot = build_snapshot(content, embedder, dutch, cache_dir=Path("data/index"))
    snapshot.dense_scores(query_vector, top_units=200)   # {"wat-is-duaal-leren": 0.91, ...}
"""

import hashlib
import json
from dataclasses import dataclass
from pathlib import Path

import faiss
import numpy as np

from kennisbank.chunking import SearchUnit, article_units, plain
from kennisbank.embedder import Embedder
from kennisbank.lexical import LexicalIndex
from kennisbank.loader import Content
from kennisbank.text import DutchText

INDEX_VERSION = "1"
CANDIDATE_UNITS = 256
QUESTION_WEIGHT = 0.7  # question-like units (title, example questions) vs. passages (answer text)


@dataclass(frozen=True)
class Snapshot:
    content: Content
    units: list[SearchUnit]
    unit_article: np.ndarray
    article_ids: list[str]
    vectors: faiss.Index
    matrix: np.ndarray
    article_rows: list[tuple[np.ndarray, np.ndarray]]
    article_vectors: np.ndarray
    lexical: LexicalIndex
    anchors: np.ndarray
    fingerprint: str

    def anchor_score(self, query_vector: np.ndarray) -> float:
        """Similarity to the closest out-of-scope anchor question (-1 when there are none)."""
        return float((self.anchors @ query_vector).max()) if len(self.anchors) else -1.0

    def dense_scores(self, query_vector: np.ndarray, top_units: int = CANDIDATE_UNITS) -> tuple[dict[str, float], float]:
        """Score the articles that own the FAISS top units; also return the best single unit's cosine.

        Score = 0.7 x mean of the two best question-like units + 0.3 x best passage, so one stray
        example question cannot carry an article on its own.
        """
        k = min(top_units, self.vectors.ntotal)
        similarities, positions = self.vectors.search(query_vector.reshape(1, -1), k)
        candidates = dict.fromkeys(int(self.unit_article[p]) for p in positions[0] if p >= 0)
        scores = {self.article_ids[a]: self._article_score(a, query_vector) for a in candidates}
        return scores, float(similarities[0][0]) if k else -1.0

    def _article_score(self, article: int, query_vector: np.ndarray) -> float:
        question_rows, passage_rows = self.article_rows[article]
        questions = np.sort(self.matrix[question_rows] @ query_vector)[-2:]
        passage = float((self.matrix[passage_rows] @ query_vector).max()) if len(passage_rows) else float(questions[-1])
        return float(QUESTION_WEIGHT * questions.mean() + (1 - QUESTION_WEIGHT) * passage)

    def related(self, article_id: str, count: int = 3) -> list[str]:
        """Articles whose title/questions lie closest to this one's."""
        position = self.article_ids.index(article_id)
        similarities = self.article_vectors @ self.article_vectors[position]
        order = [i for i in np.argsort(-similarities) if i != position]
        return [self.article_ids[i] for i in order[:count]]


def fingerprint(content: Content, embedder: Embedder) -> str:
    text = f"{INDEX_VERSION}|{content.fingerprint()}|{embedder.identity()}"
    return hashlib.sha256(text.encode()).hexdigest()[:24]


def build_snapshot(content: Content, embedder: Embedder, dutch: DutchText, cache_dir: Path | None = None,
                   show_progress: bool = False) -> Snapshot:
    units = [u for a in content.articles.values() for u in article_units(a, dutch)]
    article_ids = list(content.articles)
    position = {a: i for i, a in enumerate(article_ids)}
    cache = cache_dir / f"embeddings-{embedder.identity()}.npz" if cache_dir else None
    if cache:
        embedder.load_cache(cache)
    matrix = _embed_units(units, embedder, show_progress)
    anchors = embedder.encode(content.out_of_scope_questions, as_query=True)
    if cache:
        embedder.save_cache(cache)
    vectors = faiss.IndexFlatIP(embedder.dimension)
    vectors.add(matrix)
    unit_article = np.array([position[u.article_id] for u in units], dtype=np.int64)
    snapshot = Snapshot(
        content=content, units=units, unit_article=unit_article, article_ids=article_ids, vectors=vectors,
        matrix=matrix, article_rows=_article_rows(units, unit_article, len(article_ids)),
        article_vectors=_article_centroids(matrix, units, unit_article, len(article_ids)),
        lexical=LexicalIndex({a.id: _lexical_text(a) for a in content.articles.values()}, dutch),
        anchors=anchors,
        fingerprint=fingerprint(content, embedder),
    )
    if cache_dir:
        _write_manifest(cache_dir, snapshot, embedder)
    return snapshot


def _embed_units(units: list[SearchUnit], embedder: Embedder, show_progress: bool) -> np.ndarray:
    matrix = np.zeros((len(units), embedder.dimension), dtype=np.float32)
    for as_query in (True, False):
        rows = [i for i, u in enumerate(units) if u.is_query_like == as_query]
        if rows:
            matrix[rows] = embedder.encode([units[i].text for i in rows], as_query=as_query, show_progress=show_progress)
    return matrix


def _article_rows(units: list[SearchUnit], unit_article: np.ndarray, count: int) -> list[tuple[np.ndarray, np.ndarray]]:
    query_like = np.array([u.is_query_like for u in units], dtype=bool)
    return [(np.flatnonzero((unit_article == a) & query_like), np.flatnonzero((unit_article == a) & ~query_like))
            for a in range(count)]


def _article_centroids(matrix: np.ndarray, units: list[SearchUnit], unit_article: np.ndarray, count: int) -> np.ndarray:
    centroids = np.zeros((count, matrix.shape[1]), dtype=np.float32)
    for row, unit in enumerate(units):
        if unit.is_query_like:
            centroids[unit_article[row]] += matrix[row]
    norms = np.linalg.norm(centroids, axis=1, keepdims=True)
    return centroids / np.maximum(norms, 1e-9)


def _lexical_text(article) -> str:
    return " ".join([article.title, *article.example_questions, plain(article.body)])


def _write_manifest(cache_dir: Path, snapshot: Snapshot, embedder: Embedder) -> None:
    cache_dir.mkdir(parents=True, exist_ok=True)
    manifest = {"fingerprint": snapshot.fingerprint, "model": embedder.model_name,
                "articles": len(snapshot.article_ids), "units": len(snapshot.units)}
    (cache_dir / "manifest.json").write_text(json.dumps(manifest, indent=2))

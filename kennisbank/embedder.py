"""Sentence embeddings for Dutch with E5 prefixes, cached per text.

Usage::

    embedder = Embedder("models/multilingual-e5-small")
    vectors = embedder.encode(["Wat is duaal leren?"], as_query=True)   # (1, 384) float32, L2-normalised
"""

import hashlib
import json
import os
import threading
from pathlib import Path

import numpy as np

E5_QUERY_PREFIX = "query: "
E5_PASSAGE_PREFIX = "passage: "


class Embedder:
    def __init__(self, model: str, query_prefix: str = E5_QUERY_PREFIX, passage_prefix: str = E5_PASSAGE_PREFIX,
                 batch_size: int = 32) -> None:
        from sentence_transformers import SentenceTransformer  # heavy import, only when needed

        self.model_name = model
        self._model = SentenceTransformer(model, device="cpu")
        self._prefixes = (query_prefix, passage_prefix)
        self._batch_size = batch_size
        self._cache: dict[str, np.ndarray] = {}
        self._lock = threading.Lock()
        self.dimension = int(self._model.get_embedding_dimension())

    def identity(self) -> str:
        """What identifies this model's vectors: name plus the conversion record when there is one."""
        marker = Path(self.model_name) / "conversion.json"
        extra = marker.read_text() if marker.exists() else ""
        return hashlib.sha256(f"{self.model_name}|{self._prefixes}|{extra}".encode()).hexdigest()[:16]

    def encode_uncached(self, texts: list[str], as_query: bool) -> np.ndarray:
        """For user questions: never kept in the cache (memory stays flat, nothing personal is saved)."""
        prefix = self._prefixes[0] if as_query else self._prefixes[1]
        return self._model.encode([prefix + t for t in texts], normalize_embeddings=True, convert_to_numpy=True,
                                  show_progress_bar=False).astype(np.float32)

    def encode(self, texts: list[str], as_query: bool, show_progress: bool = False) -> np.ndarray:
        """For kennisbank content: each distinct text is embedded once and remembered."""
        prefix = self._prefixes[0] if as_query else self._prefixes[1]
        keyed = [prefix + t for t in texts]
        missing = sorted({k for k in keyed if k not in self._cache})
        if missing:
            vectors = self._model.encode(missing, batch_size=self._batch_size, normalize_embeddings=True,
                                         convert_to_numpy=True, show_progress_bar=show_progress)
            with self._lock:
                self._cache.update(zip(missing, vectors.astype(np.float32)))
        if not keyed:
            return np.zeros((0, self.dimension), dtype=np.float32)
        return np.stack([self._cache[k] for k in keyed])

    def save_cache(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        with self._lock:
            keys = list(self._cache)
            matrix = np.stack([self._cache[k] for k in keys]) if keys else np.zeros((0, self.dimension), np.float32)
        tmp = path.with_suffix(f".{os.getpid()}-{threading.get_ident()}.tmp.npz")  # replicas may save at once
        np.savez(tmp, vectors=matrix, keys=np.array(json.dumps(keys)))
        tmp.replace(path)

    def load_cache(self, path: Path) -> int:
        if not path.exists():
            return 0
        with np.load(path) as data:
            keys = json.loads(str(data["keys"]))
            if data["vectors"].shape[1:] != (self.dimension,):
                return 0
            with self._lock:
                self._cache.update(zip(keys, data["vectors"]))
        return len(keys)

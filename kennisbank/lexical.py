"""BM25 over Dutch lemmas (spaCy), per article.

Usage::

    lexical = LexicalIndex({"a": "Wat is duaal leren ..."}, DutchText())
    lexical.scores("duaal leren betaald")   # {"a": 1.7, ...}
"""

from rank_bm25 import BM25Okapi

from kennisbank.text import DutchText


class LexicalIndex:
    def __init__(self, documents: dict[str, str], dutch: DutchText) -> None:
        self._dutch = dutch
        self._ids = list(documents)
        self._position = {article_id: i for i, article_id in enumerate(self._ids)}
        self._bm25 = BM25Okapi([dutch.terms(documents[i]) or ["_"] for i in self._ids])

    def scores(self, query: str, only: list[str] | None = None) -> dict[str, float]:
        """BM25 per article; ``only`` limits the work to those articles (e.g. the dense candidates)."""
        ids = self._ids if only is None else only
        terms = self._dutch.terms(query)
        if not terms:
            return dict.fromkeys(ids, 0.0)
        if only is None:
            values = self._bm25.get_scores(terms)
        else:
            values = self._bm25.get_batch_scores(terms, [self._position[i] for i in ids])
        return dict(zip(ids, (float(v) for v in values)))

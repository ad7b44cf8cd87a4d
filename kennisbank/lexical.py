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
        self._bm25 = BM25Okapi([dutch.terms(documents[i]) or ["_"] for i in self._ids])

    def scores(self, query: str) -> dict[str, float]:
        terms = self._dutch.terms(query)
        if not terms:
            return {i: 0.0 for i in self._ids}
        return dict(zip(self._ids, (float(s) for s in self._bm25.get_scores(terms))))

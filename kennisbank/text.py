"""Dutch text processing with spaCy: sentences, lemmas, stop words.

Trained Dutch spaCy pipelines are not on PyPI; a blank Dutch model with the lookup lemmatizer
from ``spacy-lookups-data`` gives tokenisation, sentence boundaries, stop words and lemmas.

Usage::

    dutch = DutchText()
    dutch.sentences("Wat is duaal leren? Het is leren op school en op de werkplek.")
    dutch.terms("Wordt mijn zoon betaald?")   # ['zoon', 'betaald']
"""

from functools import lru_cache

import spacy
from spacy.language import Language


@lru_cache(maxsize=1)
def dutch_pipeline() -> Language:
    nlp = spacy.blank("nl")
    nlp.add_pipe("sentencizer")
    nlp.add_pipe("lemmatizer", config={"mode": "lookup"})
    nlp.initialize()
    return nlp


class DutchText:
    def __init__(self) -> None:
        self._nlp = dutch_pipeline()

    def sentences(self, text: str) -> list[str]:
        return [s.text.strip() for s in self._nlp(text).sents if s.text.strip()]

    def terms(self, text: str) -> list[str]:
        """Lower-cased lemmas of the content words (no stop words, punctuation or numbers-only)."""
        return [
            token.lemma_.lower()
            for token in self._nlp(text)
            if not (token.is_stop or token.is_punct or token.is_space) and any(c.isalpha() for c in token.text)
        ]

"""Split an article into search units: title, short answer, detail chunks on sentence boundaries,
and each example question as its own unit pointing to the article.

Usage::

    units = article_units(article, DutchText())
    units[0]  # SearchUnit(article_id='wat-is-duaal-leren', kind='title', text='Wat is duaal leren?')
"""

import re
from dataclasses import dataclass
from typing import Literal

from kennisbank.schema import Article
from kennisbank.text import DutchText

MAX_CHUNK_WORDS = 80
UnitKind = Literal["title", "question", "short", "chunk"]
_MARKDOWN = re.compile(r"(\*\*|__|`|^#+\s*|^\s*[-*]\s+|^\s*\d+\.\s+)", re.MULTILINE)


@dataclass(frozen=True)
class SearchUnit:
    article_id: str
    kind: UnitKind
    text: str

    @property
    def is_query_like(self) -> bool:
        """Titles and example questions are embedded as queries, the rest as passages (E5 prefixes)."""
        return self.kind in ("title", "question")


def plain(markdown: str) -> str:
    return re.sub(r"\s+", " ", _MARKDOWN.sub("", markdown)).strip()


def chunk_sentences(sentences: list[str], max_words: int = MAX_CHUNK_WORDS) -> list[str]:
    chunks: list[list[str]] = [[]]
    for sentence in sentences:
        words = sum(len(s.split()) for s in chunks[-1])
        if chunks[-1] and words + len(sentence.split()) > max_words:
            chunks.append([])
        chunks[-1].append(sentence)
    return [" ".join(chunk) for chunk in chunks if chunk]


def article_units(article: Article, dutch: DutchText) -> list[SearchUnit]:
    units = [SearchUnit(article.id, "title", article.title)]
    units += [SearchUnit(article.id, "question", q) for q in article.example_questions]
    units.append(SearchUnit(article.id, "short", plain(article.short_answer)))
    paragraphs = [plain(p) for p in article.detail.split("\n\n") if plain(p)]
    sentences = [s for p in paragraphs for s in dutch.sentences(p)]
    units += [SearchUnit(article.id, "chunk", c) for c in chunk_sentences(sentences)]
    return units

"""Typed content of the kennisbank: articles, their sources, and the partner directory.

Usage::

    article = Article.model_validate({"id": "wat-is-duaal-leren", ...})
    article.short_answer  # first paragraph of the body
"""

import re
import datetime as dt
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, HttpUrl, field_validator, model_validator

Audience = Literal["ouder", "leerling", "onderneming", "school"]
AUDIENCES: tuple[str, ...] = ("ouder", "leerling", "onderneming", "school")
Topic = Literal[
    "basis", "doelgroep", "diploma", "organisatie", "overeenkomst", "vergoeding", "premies", "erkenning",
    "mentor", "partners", "aanbod", "aanloopfase", "studiebekrachtiging", "federaal", "brussel",
    "volwassenenonderwijs", "actieplan",
]
Region = Literal["antwerpen", "limburg", "oost-vlaanderen", "vlaams-brabant", "west-vlaanderen", "brussel"]
SLUG = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")
MAX_SHORT_ANSWER_WORDS = 90
MAX_SHORT_ANSWER_CHARS = 800


class Source(BaseModel):
    model_config = ConfigDict(extra="forbid")

    document: str = Field(min_length=2)
    reference: str = Field(min_length=1)
    url: HttpUrl | None = None
    date: dt.date | str | None = Field(default=None, union_mode="left_to_right")

    def label(self) -> str:
        """'Actieplan Duaal Leren 2025, Actie 15'."""
        return f"{self.document}, {self.reference}"

    def citation(self) -> dict[str, str | None]:
        """How a source is shown to users: ``{"title", "reference", "url"}``."""
        return {"title": self.document, "reference": self.reference, "url": str(self.url) if self.url else None}


class Article(BaseModel):
    model_config = ConfigDict(extra="forbid")

    id: str
    title: str = Field(min_length=5)
    audiences: list[Audience] = Field(min_length=1)
    topic: Topic
    sources: list[Source] = Field(min_length=1)
    example_questions: list[str] = Field(min_length=3)
    valid_from: dt.date
    valid_until: dt.date | None = None
    last_reviewed: dt.date
    under_review: bool = False
    body: str = Field(min_length=20)

    @field_validator("id")
    @classmethod
    def slug(cls, value: str) -> str:
        if not SLUG.match(value):
            raise ValueError("gebruik enkel kleine letters, cijfers en koppeltekens")
        return value

    @field_validator("body")
    @classmethod
    def starts_with_short_answer(cls, value: str) -> str:
        short = value.strip().split("\n\n", 1)[0]
        if short.startswith("#"):
            raise ValueError("de tekst moet beginnen met een kort antwoord, niet met een titel")
        if len(short.split()) > MAX_SHORT_ANSWER_WORDS or len(short) > MAX_SHORT_ANSWER_CHARS:
            raise ValueError(f"het korte antwoord (eerste alinea) is te lang: maximaal {MAX_SHORT_ANSWER_WORDS} woorden")
        return value.strip()

    @model_validator(mode="after")
    def dates_in_order(self) -> "Article":
        if self.valid_until and self.valid_until < self.valid_from:
            raise ValueError("valid_until ligt vóór valid_from")
        return self

    @property
    def short_answer(self) -> str:
        return self.body.split("\n\n", 1)[0].strip()

    @property
    def detail(self) -> str:
        parts = self.body.split("\n\n", 1)
        return parts[1].strip() if len(parts) > 1 else ""

    def is_valid_on(self, day: dt.date) -> bool:
        return self.valid_from <= day and (self.valid_until is None or day <= self.valid_until)



class Partner(BaseModel):
    model_config = ConfigDict(extra="forbid")

    id: str
    name: str = Field(min_length=2)
    short_name: str | None = None
    kind: Literal["partnerschap", "overheid", "school", "centrum", "adviesraad", "federaal", "regionaal", "info"]
    role: str = Field(min_length=10)
    audiences: list[Audience] = Field(min_length=1)
    contact_for: list[str] = Field(min_length=1)
    sectors: list[str] = Field(default_factory=list)
    regions: list[Region] = Field(default_factory=list)
    website: HttpUrl | None = None
    email: str | None = None
    phone: str | None = None
    where_to_find: str | None = None
    in_contact_route: bool = True
    sources: list[Source] = Field(min_length=1)

    @field_validator("id")
    @classmethod
    def slug(cls, value: str) -> str:
        return Article.slug(value)

    @model_validator(mode="after")
    def says_where_to_find_missing_contact(self) -> "Partner":
        if not (self.website or self.email or self.phone) and not self.where_to_find:
            raise ValueError("zonder website, e-mail of telefoon moet where_to_find zeggen waar je de info vindt")
        return self


class OutOfScopeTopic(BaseModel):
    """A topic the assistant deliberately does not answer; its questions act as negative anchors in search."""

    model_config = ConfigDict(extra="forbid")

    onderwerp: str = Field(min_length=3)
    vragen: list[str] = Field(min_length=1)

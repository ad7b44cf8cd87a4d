"""Request and response bodies of the public chat API."""

import re
from typing import Annotated, Literal

from pydantic import AfterValidator, BaseModel, Field, StringConstraints, field_validator

SESSION_ID_PATTERN = re.compile(r"^[A-Za-z0-9_-]{8,64}$")


def _check_session_id(value: str) -> str:
    if not SESSION_ID_PATTERN.match(value):
        raise ValueError("session_id moet 8 tot 64 letters, cijfers, - of _ bevatten")
    return value


SessionId = Annotated[str, AfterValidator(_check_session_id),
                      Field(description="Opaque random id made by the widget (8-64 letters, digits, - or _)",
                            json_schema_extra={"pattern": SESSION_ID_PATTERN.pattern})]


def is_valid_text(value: str) -> bool:
    """False for text that is not valid Unicode: JSON's ``"\\ud800"`` decodes to a lone surrogate, which no
    database, tokenizer or response can encode."""
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def _check_text(value: str) -> str:
    if not is_valid_text(value):
        raise ValueError("deze tekst bevat een ongeldig teken")
    return value


Text = Annotated[str, AfterValidator(_check_text)]
# A search question: trimmed first, then 2 to 1000 characters (three spaces are not a question).
Question = Annotated[str, StringConstraints(strip_whitespace=True, min_length=2, max_length=1000)]


class ChatRequest(BaseModel):
    session_id: SessionId
    message: str = Field(description="The user's message, 1 to 1000 characters after trimming")

    @field_validator("message")
    @classmethod
    def valid_message(cls, value: str) -> str:
        value = value.strip()
        if not is_valid_text(value):
            raise ValueError("Je bericht bevat een ongeldig teken.")
        if not value:
            raise ValueError("Je bericht is leeg. Typ een vraag.")
        if len(value) > 1000:
            raise ValueError("Je bericht is te lang: gebruik maximaal 1000 tekens.")
        return value


class Button(BaseModel):
    title: str
    payload: str


class Source(BaseModel):
    title: str
    reference: str | None = None
    url: str | None = None


class BotMessage(BaseModel):
    id: str
    text: str = ""
    buttons: list[Button] = Field(default_factory=list)
    sources: list[Source] = Field(default_factory=list)
    article_id: str | None = None
    outcome: Literal["antwoord", "geen_antwoord"] | None = Field(default=None, exclude=True)  # kept, not sent
    confidence: float | None = Field(default=None, exclude=True)


class ChatResponse(BaseModel):
    messages: list[BotMessage]
    degraded: bool = False


class Health(BaseModel):
    app: Literal["ok"] = "ok"
    rasa: Literal["ok", "onbereikbaar"]
    kennisbank: str


class FeedbackRequest(BaseModel):
    session_id: SessionId
    message_id: str = Field(pattern=r"^[a-f0-9]{32}$")
    rating: Literal["up", "down"]
    comment: str | None = Field(default=None, max_length=1000)


class SearchResultItem(BaseModel):
    article_id: str
    title: str
    short_answer: str
    score: float
    sources: list[Source]


class SearchResponse(BaseModel):
    answered: bool
    threshold: float
    results: list[SearchResultItem]

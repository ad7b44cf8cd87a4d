"""What the redactie does, shared by its JSON API and its pages: list, save, publish, restore, test a question.

A publish is validated by the repository, then this replica refreshes its index at once; the other
replicas follow within ``content_poll_seconds``.

Usage::

    redactie = Redactie(repository, live)
    item = redactie.save("artikel", data, version=4, editor=editor, publish=True)   # live on return
    redactie.items("artikel", ItemFilter(audience="ouder", expired=True))
"""

import datetime as dt
from dataclasses import dataclass, field

from kennisbank.engine import SearchResult
from kennisbank.live import LiveContent
from kennisbank.repository import ContentRepository, ItemView, Kind

REVIEW_AFTER_DAYS = 365


@dataclass(frozen=True)
class ItemFilter:
    audience: str | None = None
    topic: str | None = None
    status: str | None = None
    expired: bool = False
    stale: bool = False  # not reviewed for longer than REVIEW_AFTER_DAYS
    text: str | None = None


@dataclass(frozen=True)
class ItemRow:
    """One line of the article or partner list."""

    item: ItemView
    flags: list[str] = field(default_factory=list)

    @property
    def title(self) -> str:
        return self.item.data.get("title") or self.item.data.get("name") or self.item.slug


def flags(item: ItemView, today: dt.date) -> list[str]:
    """Warnings an editor should see at a glance: verlopen, lang niet nagekeken, wordt onderzocht."""
    data = item.data
    found = []
    if data.get("valid_until") and dt.date.fromisoformat(data["valid_until"]) < today:
        found.append("verlopen")
    if data.get("last_reviewed") and (today - dt.date.fromisoformat(data["last_reviewed"])).days > REVIEW_AFTER_DAYS:
        found.append("lang niet nagekeken")
    if data.get("under_review"):
        found.append("wordt onderzocht")
    return found


def matches(row: ItemRow, wanted: ItemFilter) -> bool:
    data = row.item.data
    checks = [
        not wanted.audience or wanted.audience in data.get("audiences", []),
        not wanted.topic or data.get("topic") == wanted.topic,
        not wanted.status or row.item.status == wanted.status,
        not wanted.expired or "verlopen" in row.flags,
        not wanted.stale or "lang niet nagekeken" in row.flags,
        not wanted.text or wanted.text.lower() in f"{row.item.slug} {row.title}".lower(),
    ]
    return all(checks)


class Redactie:
    def __init__(self, repository: ContentRepository, live: LiveContent) -> None:
        self.repository = repository
        self.live = live

    def items(self, kind: Kind, wanted: ItemFilter | None = None, today: dt.date | None = None) -> list[ItemRow]:
        today = today or dt.date.today()
        wanted = wanted or ItemFilter()
        rows = [ItemRow(item, flags(item, today))
                for item in self.repository.list_items(kind, include_deleted=wanted.status == "verwijderd")]
        return [row for row in rows if matches(row, wanted)]

    def save(self, kind: Kind, data: dict, version: int | None, author: str, publish: bool) -> ItemView:
        item = self.repository.save(kind, data, version, author, publish)
        if publish:
            self.live.refresh()
        return item

    def delete(self, kind: Kind, slug: str, version: int, author: str) -> ItemView:
        item = self.repository.delete(kind, slug, version, author)
        self.live.refresh()
        return item

    def restore(self, kind: Kind, slug: str, revision_id: int, author: str) -> ItemView:
        item = self.repository.restore(kind, slug, revision_id, author)
        self.live.refresh()
        return item

    def test_question(self, question: str, audience: str | None = None, limit: int = 8) -> SearchResult:
        """The live search exactly as the chat runs it, with more hits, for the 'test een vraag' page."""
        return self.live.kennisbank.search(question, audience=audience, limit=limit)

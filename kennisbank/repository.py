"""The runtime store of the kennisbank: articles and partners with drafts, versions and revisions.

Every save is validated first (nothing invalid is stored), checks the version the editor started from
(a second editor gets a Conflict, not a silent overwrite) and writes a revision.

Usage::

    repo = ContentRepository(connect("sqlite:///data/app.db"))
    repo.seed_if_empty(load_content(Path("kennisbank/content")))
    item = repo.save("artikel", data, expected_version=3, author="an", publish=True)
    repo.live_content(out_of_scope)          # what the chat answers from
"""

import datetime as dt
import difflib
from dataclasses import dataclass
from typing import Literal

from sqlalchemy import JSON, DateTime, Integer, String, func, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Mapped, Session, mapped_column, sessionmaker

from kennisbank.database import Base, utc_now
from kennisbank.errors import ContentError, ContentProblem
from kennisbank.files import item_text
from kennisbank.loader import Content, validate_item
from kennisbank.schema import Article, OutOfScopeTopic, Partner

Kind = Literal["artikel", "partner"]
MODELS = {"artikel": Article, "partner": Partner}
Status = Literal["concept", "gepubliceerd", "gewijzigd", "verwijderd"]
SYSTEM_AUTHOR = "systeem"
MAX_INTEGER = 2**31 - 1  # the Integer columns (ids, versions) hold no more in PostgreSQL; SQLite fails past 2**63
INVALID_TEXT = "deze tekst bevat een ongeldig teken"



class ContentItem(Base):
    """One article or partner: its live (published) version and an optional unpublished draft."""

    __tablename__ = "content_items"
    kind: Mapped[str] = mapped_column(String(16), primary_key=True)
    slug: Mapped[str] = mapped_column(String(200), primary_key=True)
    draft: Mapped[dict | None] = mapped_column(JSON)
    published: Mapped[dict | None] = mapped_column(JSON)
    version: Mapped[int] = mapped_column(Integer, default=1)
    deleted_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))
    updated_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utc_now)
    updated_by: Mapped[str] = mapped_column(String(100))


class Revision(Base):
    """A saved state of an item: who, when, what action, and the full data at that moment."""

    __tablename__ = "revisions"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    kind: Mapped[str] = mapped_column(String(16), index=True)
    slug: Mapped[str] = mapped_column(String(200), index=True)
    version: Mapped[int] = mapped_column(Integer)
    action: Mapped[str] = mapped_column(String(20))
    data: Mapped[dict] = mapped_column(JSON)
    changed_fields: Mapped[list] = mapped_column(JSON, default=list)
    author: Mapped[str] = mapped_column(String(100))
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utc_now)


@dataclass(frozen=True)
class ItemView:
    kind: Kind
    slug: str
    status: Status
    version: int
    data: dict  # the version an editor works on: the draft if there is one, else the published one
    published: dict | None
    updated_at: dt.datetime
    updated_by: str

    @property
    def is_live(self) -> bool:
        return self.published is not None and self.status != "verwijderd"


@dataclass(frozen=True)
class RevisionView:
    id: int
    version: int
    action: str
    author: str
    created_at: dt.datetime
    changed_fields: list[str]
    data: dict


class NotFound(LookupError):
    def __init__(self, kind: str, slug: str) -> None:
        super().__init__(f"{'Het artikel' if kind == 'artikel' else 'De partner'} '{slug}' bestaat niet.")


class Conflict(Exception):
    """Someone else saved this item since the editor opened it."""

    def __init__(self, current: ItemView, message: str | None = None) -> None:
        self.current = current
        super().__init__(message or (
            f"{current.updated_by} heeft dit intussen opgeslagen (versie {current.version}). Je wijzigingen zijn "
            "niet opgeslagen, maar staan nog in het formulier: bekijk de verschillen en sla opnieuw op."))


class ContentRepository:
    def __init__(self, sessions: sessionmaker) -> None:
        self._sessions = sessions

    # --- reading -------------------------------------------------------------------------------------------

    def list_items(self, kind: Kind, include_deleted: bool = False) -> list[ItemView]:
        with self._sessions() as db:
            query = select(ContentItem).where(ContentItem.kind == kind).order_by(ContentItem.slug)
            if not include_deleted:
                query = query.where(ContentItem.deleted_at.is_(None))
            return [_view(item) for item in db.scalars(query)]

    def get(self, kind: Kind, slug: str) -> ItemView:
        with self._sessions() as db:
            return _view(self._item(db, kind, slug))

    def live_content(self, out_of_scope: list[OutOfScopeTopic]) -> Content:
        """The published, not deleted articles and partners: what the assistant answers from."""
        with self._sessions() as db:
            rows = db.scalars(select(ContentItem).where(ContentItem.deleted_at.is_(None),
                                                        ContentItem.published.is_not(None))).all()
        articles = {r.slug: Article.model_validate(r.published) for r in rows if r.kind == "artikel"}
        partners = {r.slug: Partner.model_validate(r.published) for r in rows if r.kind == "partner"}
        return Content(articles=dict(sorted(articles.items())), partners=dict(sorted(partners.items())),
                       out_of_scope=out_of_scope)

    def generation(self) -> int:
        """Grows with every saved revision: a cheap way for each replica to see that content changed."""
        with self._sessions() as db:
            return db.scalar(select(func.max(Revision.id))) or 0

    def revisions(self, kind: Kind, slug: str) -> list[RevisionView]:
        with self._sessions() as db:
            self._item(db, kind, slug)
            query = select(Revision).where(Revision.kind == kind, Revision.slug == slug).order_by(Revision.id.desc())
            return [_revision_view(r) for r in db.scalars(query)]

    def diff(self, kind: Kind, slug: str, revision_id: int) -> str:
        """Unified diff of a revision against the revision before it (file format, line by line)."""
        history = list(reversed(self.revisions(kind, slug)))
        position = next((i for i, r in enumerate(history) if r.id == revision_id), None)
        if position is None:
            raise NotFound(kind, f"{slug}#{revision_id}")
        before = item_text(kind, history[position - 1].data) if position else ""
        after = item_text(kind, history[position].data)
        return text_diff(before, after, f"versie {history[position - 1].version}" if position else "leeg",
                         f"versie {history[position].version}")

    # --- writing -------------------------------------------------------------------------------------------

    def save(self, kind: Kind, data: dict, expected_version: int | None, author: str, publish: bool,
             action: str | None = None) -> ItemView:
        """Create (expected_version None) or update an item; raises ContentError, Conflict or NotFound."""
        label = data.get("id") or "(nieuw)"
        if problems := [ContentProblem(label, field, INVALID_TEXT) for field in _invalid_text_fields(data)]:
            raise ContentError(problems)
        model = validate_item(MODELS[kind], data, label)
        stored = model.model_dump(mode="json")
        try:
            with self._sessions.begin() as db:
                item = self._claim(db, kind, model.id, expected_version) or self._new(db, kind, model.id)
                self._apply(db, item, stored, publish, author, action or ("gepubliceerd" if publish else "concept"))
                return _view(item)
        except IntegrityError as error:  # someone created the same id a moment ago
            raise _already_exists(model.id) from error

    def delete(self, kind: Kind, slug: str, expected_version: int, author: str) -> ItemView:
        """Soft delete: the item stops being served but stays in the history and can be restored."""
        with self._sessions.begin() as db:
            item = self._claim(db, kind, slug, expected_version)
            item.deleted_at = utc_now()
            self._bump(db, item, author, "verwijderd", item.draft or item.published, [])
            return _view(item)

    def restore(self, kind: Kind, slug: str, revision_id: int, author: str) -> ItemView:
        """Publish the data of an earlier revision again (also brings back a deleted item)."""
        with self._sessions() as db:
            revision = db.get(Revision, revision_id) if abs(revision_id) <= MAX_INTEGER else None
            if revision is None or (revision.kind, revision.slug) != (kind, slug):
                raise NotFound(kind, f"{slug}#{revision_id}")
        current = self.get(kind, slug)
        return self.save(kind, revision.data, current.version, author, publish=True, action="hersteld")

    def seed_if_empty(self, content: Content) -> int:
        """Load the shipped files into an empty database (first start); returns how many items were added."""
        with self._sessions() as db:
            if db.scalar(select(func.count()).select_from(ContentItem)):
                return 0
        try:
            return self.replace_all(content, SYSTEM_AUTHOR)
        except IntegrityError:  # another replica seeded at the same moment: its seed stands
            return 0

    def replace_all(self, content: Content, author: str) -> int:
        """Make the live content equal to ``content`` (already validated) in one transaction.

        New or changed items are published; items missing from ``content`` are soft-deleted.
        Returns the number of items that changed.
        """
        incoming = {("artikel", a.id): a for a in content.articles.values()}
        incoming |= {("partner", p.id): p for p in content.partners.values()}
        changed = 0
        with self._sessions.begin() as db:
            existing = {(i.kind, i.slug): i for i in db.scalars(select(ContentItem))}
            for key, model in incoming.items():
                item = existing.get(key) or self._new(db, *key)
                stored = model.model_dump(mode="json")
                if item.published != stored or item.draft is not None or item.deleted_at is not None:
                    item.deleted_at = None
                    self._apply(db, item, stored, True, author, "geïmporteerd")
                    changed += 1
            for key in existing.keys() - incoming.keys():
                item = existing[key]
                if item.deleted_at is None:
                    item.deleted_at = utc_now()
                    self._bump(db, item, author, "verwijderd", item.draft or item.published, [])
                    changed += 1
        return changed

    # --- helpers -------------------------------------------------------------------------------------------

    def _claim(self, db: Session, kind: str, slug: str, expected_version: int | None) -> ContentItem | None:
        """Lock the row if it still has ``expected_version`` (compare-and-set, safe between processes).

        ``expected_version`` None means "create": the item must not exist yet (returns None).
        """
        if expected_version is None:
            if db.get(ContentItem, (kind, slug)) is not None:
                raise _already_exists(slug)
            return None
        key = (ContentItem.kind == kind) & (ContentItem.slug == slug)
        claimed = abs(expected_version) <= MAX_INTEGER and db.execute(
            update(ContentItem).where(key, ContentItem.version == expected_version)
            .values(version=ContentItem.version)).rowcount
        item = self._item(db, kind, slug)
        if not claimed:
            raise Conflict(_view(item))
        return item

    @staticmethod
    def _item(db: Session, kind: str, slug: str) -> ContentItem:
        item = db.get(ContentItem, (kind, slug))
        if item is None:
            raise NotFound(kind, slug)
        return item

    @staticmethod
    def _new(db: Session, kind: str, slug: str) -> ContentItem:
        item = ContentItem(kind=kind, slug=slug, version=0, updated_by=SYSTEM_AUTHOR)
        db.add(item)
        return item

    def _apply(self, db: Session, item: ContentItem, stored: dict, publish: bool, author: str, action: str) -> None:
        changed = changed_fields(item.draft or item.published or {}, stored)
        if publish:
            item.published, item.draft = stored, None
        else:
            item.draft = stored
        if action == "hersteld":
            item.deleted_at = None
        self._bump(db, item, author, action, stored, changed)

    @staticmethod
    def _bump(db: Session, item: ContentItem, author: str, action: str, data: dict, changed: list[str]) -> None:
        item.version += 1
        item.updated_at = utc_now()
        item.updated_by = author
        db.add(Revision(kind=item.kind, slug=item.slug, version=item.version, action=action, data=data,
                        changed_fields=changed, author=author))
        db.flush()


def _already_exists(slug: str) -> ContentError:
    return ContentError([ContentProblem(slug, "id", "er bestaat al een item met deze id")])


def _invalid_text_fields(value, path: str = "") -> list[str]:
    """Where JSON data holds text that is not valid Unicode: JSON's ``"\\ud800"`` decodes to a lone surrogate,
    which the database keeps but no response, file or embedding model can encode."""
    if isinstance(value, str):
        return [] if _encodes(value) else [path or "(tekst)"]
    if isinstance(value, dict):
        pairs = [(str(key) if _encodes(str(key)) else None, item) for key, item in value.items()]
    elif isinstance(value, list):
        pairs = [(str(index), item) for index, item in enumerate(value)]
    else:
        return []
    found = []
    for key, item in pairs:
        if key is None:  # the field name itself
            found.append(f"{path} (veldnaam)" if path else "(veldnaam)")
        else:
            found += _invalid_text_fields(item, f"{path}.{key}" if path else key)
    return found


def _encodes(text: str) -> bool:
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def changed_fields(before: dict, after: dict) -> list[str]:
    return [name for name in after if before.get(name) != after.get(name)]


def text_diff(before: str, after: str, before_label: str, after_label: str) -> str:
    lines = difflib.unified_diff(before.splitlines(), after.splitlines(), before_label, after_label, lineterm="")
    return "\n".join(lines)


def _status(item: ContentItem) -> Status:
    if item.deleted_at is not None:
        return "verwijderd"
    if item.published is None:
        return "concept"
    return "gewijzigd" if item.draft is not None else "gepubliceerd"


def _view(item: ContentItem) -> ItemView:
    return ItemView(kind=item.kind, slug=item.slug, status=_status(item), version=item.version,
                    data=item.draft or item.published, published=item.published, updated_at=item.updated_at,
                    updated_by=item.updated_by)


def _revision_view(revision: Revision) -> RevisionView:
    return RevisionView(id=revision.id, version=revision.version, action=revision.action, author=revision.author,
                        created_at=revision.created_at, changed_fields=list(revision.changed_fields or []),
                        data=revision.data)

"""The redactie's JSON API under ``/api/redactie``: log in, manage articles and partners, history, test a
question. Every call except logging in needs the session cookie; changes also need ``X-CSRF-Token``.
"""

import asyncio
from dataclasses import asdict
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, Query, Request, Response
from pydantic import BaseModel, Field

from api.deps import from_state
from api.redactie.accounts import Accounts, Role
from api.redactie.security import (
    SESSION_COOKIE, BeheerderDep, EditorDep, clear_session_cookie, log_in, set_session_cookie,
)
from api.redactie.service import ItemFilter, ItemRow, Redactie
from api.redactie.views import dashboard_for, search_view
from api.schemas import Question, Text
from kennisbank.repository import ItemView, Kind, RevisionView
from kennisbank.schema import Audience

router = APIRouter(prefix="/api/redactie", tags=["redactie"])
RedactieDep = Annotated[Redactie, Depends(from_state("redactie"))]
AccountsDep = Annotated[Accounts, Depends(from_state("accounts"))]
KIND_BY_PATH: dict[str, Kind] = {"artikels": "artikel", "partners": "partner"}
KindPath = Literal["artikels", "partners"]


class Login(BaseModel):
    gebruikersnaam: str = Field(min_length=1, max_length=50)
    wachtwoord: str = Field(min_length=1, max_length=200)


class Me(BaseModel):
    gebruikersnaam: str
    rol: Role
    csrf_token: str


class Item(BaseModel):
    soort: Kind
    id: str
    status: str
    versie: int
    live: bool
    data: dict[str, Any]
    bijgewerkt_op: str
    bijgewerkt_door: str
    waarschuwingen: list[str] = Field(default_factory=list)


class SaveRequest(BaseModel):
    data: dict[str, Any]
    publiceren: bool = False
    versie: int | None = Field(default=None, description="De versie waarvan je vertrok; leeg voor een nieuw item")


class RevisionOut(BaseModel):
    id: int
    versie: int
    actie: str
    auteur: str
    op: str
    gewijzigde_velden: list[str]


class NewUser(BaseModel):
    gebruikersnaam: str
    wachtwoord: Annotated[Text, Field(max_length=200)]  # logging in accepts no longer password
    rol: Role = "redacteur"


def _item(view: ItemView, warnings: list[str] | None = None) -> Item:
    return Item(soort=view.kind, id=view.slug, status=view.status, versie=view.version, live=view.is_live,
                data=view.data, bijgewerkt_op=view.updated_at.isoformat(), bijgewerkt_door=view.updated_by,
                waarschuwingen=warnings or [])


def _revision(revision: RevisionView) -> RevisionOut:
    return RevisionOut(id=revision.id, versie=revision.version, actie=revision.action, auteur=revision.author,
                       op=revision.created_at.isoformat(), gewijzigde_velden=revision.changed_fields)


@router.post("/aanmelden", response_model=Me)
async def login(body: Login, request: Request, response: Response) -> Me:
    token, editor = await log_in(request, body.gebruikersnaam, body.wachtwoord)
    settings = request.app.state.settings
    set_session_cookie(response, token, int(settings.login_session_hours * 3600), settings.secure_cookies)
    return Me(gebruikersnaam=editor.username, rol=editor.role, csrf_token=editor.csrf_token)


@router.post("/afmelden")
async def logout(editor: EditorDep, request: Request, response: Response, accounts: AccountsDep) -> dict:
    await asyncio.to_thread(accounts.close_session, request.cookies.get(SESSION_COOKIE))
    clear_session_cookie(response)
    return {"status": "afgemeld"}


@router.get("/ik", response_model=Me)
async def me(editor: EditorDep) -> Me:
    return Me(gebruikersnaam=editor.username, rol=editor.role, csrf_token=editor.csrf_token)


@router.get("/test")
async def test_question(editor: EditorDep, redactie: RedactieDep,
                        vraag: Annotated[Question, Query()], doelgroep: Audience | None = None) -> dict:
    """The live search as the chat runs it: the best matches with their scores and the threshold."""
    return search_view(await asyncio.to_thread(redactie.test_question, vraag, doelgroep))


@router.get("/dashboard")
async def dashboard(editor: EditorDep, request: Request, dagen: int = Query(default=30, ge=1, le=365)) -> dict:
    """Unanswered and low-confidence questions grouped by similarity, thumbs-down, answered share, topics."""
    board = await asyncio.to_thread(dashboard_for, request.app.state, dagen)
    return asdict(board)


@router.get("/gebruikers")
async def users(editor: BeheerderDep, accounts: AccountsDep) -> list[dict]:
    return [{"id": u.id, "gebruikersnaam": u.username, "rol": u.role, "actief": u.active}
            for u in await asyncio.to_thread(accounts.list_users)]


@router.post("/gebruikers", status_code=201)
async def create_user(body: NewUser, editor: BeheerderDep, accounts: AccountsDep) -> dict:
    user = await asyncio.to_thread(accounts.create_user, body.gebruikersnaam, body.wachtwoord, body.rol)
    return {"id": user.id, "gebruikersnaam": user.username, "rol": user.role, "actief": user.active}


@router.get("/{soort}", response_model=list[Item])
async def list_items(soort: KindPath, editor: EditorDep, redactie: RedactieDep,
                     doelgroep: Audience | None = None, onderwerp: str | None = None,
                     status: Literal["concept", "gepubliceerd", "gewijzigd", "verwijderd"] | None = None,
                     verlopen: bool = False, lang_niet_nagekeken: bool = False,
                     zoek: str | None = Query(default=None, max_length=100)) -> list[Item]:
    wanted = ItemFilter(doelgroep, onderwerp, status, verlopen, lang_niet_nagekeken, zoek)
    rows: list[ItemRow] = await asyncio.to_thread(redactie.items, KIND_BY_PATH[soort], wanted)
    return [_item(row.item, row.flags) for row in rows]


@router.get("/{soort}/{item_id}", response_model=Item)
async def get_item(soort: KindPath, item_id: str, editor: EditorDep, redactie: RedactieDep) -> Item:
    return _item(await asyncio.to_thread(redactie.repository.get, KIND_BY_PATH[soort], item_id))


@router.post("/{soort}", response_model=Item, status_code=201)
async def create_item(soort: KindPath, body: SaveRequest, editor: EditorDep, redactie: RedactieDep) -> Item:
    view = await asyncio.to_thread(redactie.save, KIND_BY_PATH[soort], body.data, None, editor.username,
                                   body.publiceren)
    return _item(view)


@router.put("/{soort}/{item_id}", response_model=Item)
async def update_item(soort: KindPath, item_id: str, body: SaveRequest, editor: EditorDep,
                      redactie: RedactieDep) -> Item:
    data = {**body.data, "id": item_id}
    version = body.versie if body.versie is not None else -1  # no version given: treat as a stale edit
    view = await asyncio.to_thread(redactie.save, KIND_BY_PATH[soort], data, version, editor.username,
                                   body.publiceren)
    return _item(view)


@router.delete("/{soort}/{item_id}", response_model=Item)
async def delete_item(soort: KindPath, item_id: str, versie: int, editor: BeheerderDep,
                      redactie: RedactieDep) -> Item:
    return _item(await asyncio.to_thread(redactie.delete, KIND_BY_PATH[soort], item_id, versie, editor.username))


@router.get("/{soort}/{item_id}/revisies", response_model=list[RevisionOut])
async def revisions(soort: KindPath, item_id: str, editor: EditorDep, redactie: RedactieDep) -> list[RevisionOut]:
    return [_revision(r) for r in await asyncio.to_thread(redactie.repository.revisions, KIND_BY_PATH[soort], item_id)]


@router.get("/{soort}/{item_id}/revisies/{revision_id}/verschil")
async def revision_diff(soort: KindPath, item_id: str, revision_id: int, editor: EditorDep,
                        redactie: RedactieDep) -> dict:
    diff = await asyncio.to_thread(redactie.repository.diff, KIND_BY_PATH[soort], item_id, revision_id)
    return {"verschil": diff}


@router.post("/{soort}/{item_id}/revisies/{revision_id}/herstel", response_model=Item)
async def restore(soort: KindPath, item_id: str, revision_id: int, editor: EditorDep,
                  redactie: RedactieDep) -> Item:
    return _item(await asyncio.to_thread(redactie.restore, KIND_BY_PATH[soort], item_id, revision_id, editor.username))

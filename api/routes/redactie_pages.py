"""The redactie's HTML pages under ``/redactie``: log in, articles and partners, history, test a question,
the dashboard and user management. Server-rendered (Jinja2, autoescaped), no JavaScript, strict CSP.

Articles and partners share every route and template: ``{soort}`` is ``artikels`` or ``partners``.

Usage (in ``create_app``)::

    install_redactie_pages(app)       # the pages and their stylesheet under /redactie/static
"""

import asyncio
import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated, Any, Literal, get_args
from urllib.parse import urlencode, urlsplit
from zoneinfo import ZoneInfo

from fastapi import APIRouter, Depends, FastAPI, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from fastapi.staticfiles import StaticFiles
from fastapi.templating import Jinja2Templates
from jinja2 import Environment, FileSystemLoader, StrictUndefined
from markdown_it import MarkdownIt
from markupsafe import Markup

from api.deps import from_state
from api.redactie import forms
from api.redactie.accounts import ROLES, AccountError, Accounts
from api.redactie.insights import bar_chart_svg, line_chart_svg
from api.redactie.security import (
    LOGIN_REQUIRED, SESSION_COOKIE, BeheerderDep, EditorDep, RedactieDenied, check_login_csrf, clear_session_cookie,
    log_in, new_login_csrf, set_session_cookie,
)
from api.redactie.service import ItemFilter, Redactie
from api.redactie.views import dashboard_for, search_view
from kennisbank.errors import ContentError
from kennisbank.files import item_text
from kennisbank.repository import Conflict, ItemView, Kind, NotFound, RevisionView, text_diff
from kennisbank.schema import AUDIENCES, Audience, Topic

REDACTIE_DIR = Path(__file__).resolve().parent.parent / "redactie"
TEMPLATES = Jinja2Templates(env=Environment(loader=FileSystemLoader(REDACTIE_DIR / "templates"), autoescape=True,
                                            undefined=StrictUndefined, trim_blocks=True, lstrip_blocks=True))
MARKDOWN = MarkdownIt("commonmark", {"html": False})
LOCAL_TIME = ZoneInfo("Europe/Brussels")
HOME = "/redactie/"
LOGIN = "/redactie/aanmelden"

PAGE_HEADERS = {
    "Content-Security-Policy": (
        "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; "
        "form-action 'self'; base-uri 'none'; frame-ancestors 'none'"
    ),
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
    "Cache-Control": "no-store",
}

SAVED_MESSAGES = {
    "gepubliceerd": "Gepubliceerd: de chat gebruikt dit binnen enkele seconden.",
    "concept": "Concept opgeslagen: nog niet zichtbaar in de chat.",
    "hersteld": "Hersteld: deze versie staat weer live in de chat.",
}
TOPICS: tuple[str, ...] = get_args(Topic)
STATUSES = ("concept", "gepubliceerd", "gewijzigd", "verwijderd")
STATUS_LABELS = {"concept": "Concept", "gepubliceerd": "Gepubliceerd", "gewijzigd": "Gepubliceerd, met concept",
                 "verwijderd": "Verwijderd"}

router = APIRouter(prefix="/redactie", include_in_schema=False)
RedactieDep = Annotated[Redactie, Depends(from_state("redactie"))]
AccountsDep = Annotated[Accounts, Depends(from_state("accounts"))]
SoortPath = Literal["artikels", "partners"]


@dataclass(frozen=True)
class KindPage:
    """How one kind of item is named and shown in the pages."""

    kind: Kind
    path: str
    singular: str
    plural: str
    new_label: str
    preview_field: str | None  # the Markdown field shown in the preview
    has_dates: bool  # filters on expiry and review date make sense

    @property
    def spec(self) -> forms.FormSpec:
        return forms.FIELDS[self.kind]

    @property
    def base(self) -> str:
        return f"/redactie/{self.path}"


PAGES: dict[str, KindPage] = {
    "artikels": KindPage("artikel", "artikels", "artikel", "Artikels", "Nieuw artikel", "body", True),
    "partners": KindPage("partner", "partners", "partner", "Partners", "Nieuwe partner", None, False),
}


# --- rendering -------------------------------------------------------------------------------------

def local_time(moment: dt.datetime) -> str:
    """'14/03/2025 om 09:05' in Belgian time (stored times are UTC)."""
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=dt.timezone.utc)
    return moment.astimezone(LOCAL_TIME).strftime("%d/%m/%Y om %H:%M")


TEMPLATES.env.filters["when"] = local_time


def render(request: Request, template: str, status_code: int = 200, **context: Any) -> HTMLResponse:
    """A page with the layout's context (who is logged in, the CSRF token) and the security headers."""
    editor = getattr(request.state, "editor", None)
    base = {"editor": editor, "csrf_token": editor.csrf_token if editor else "", "path": request.url.path,
            "audience_labels": forms.AUDIENCE_LABELS, "status_labels": STATUS_LABELS}
    html = TEMPLATES.get_template(template).render(**base, **context)
    return HTMLResponse(html, status_code=status_code, headers=PAGE_HEADERS)


def login_page(request: Request, status_code: int = 200, message: str | None = None, volgende: str = HOME,
               username: str = "", info: str | None = None) -> HTMLResponse:
    """The login form with a fresh double-submit CSRF token (cookie and hidden field)."""
    carrier = Response()
    token = new_login_csrf(carrier, request.app.state.settings.secure_cookies)
    response = render(request, "login.html", status_code, login_csrf=token, message=message, info=info,
                      volgende=safe_next(volgende), username=username)
    response.raw_headers.extend(h for h in carrier.raw_headers if h[0] == b"set-cookie")
    return response


def error_page(request: Request, status_code: int, message: str) -> HTMLResponse:
    """What the redactie shows when something is refused (used by api.redactie.errors for RedactieDenied)."""
    if status_code == 401:
        target = str(request.url.path) + (f"?{request.url.query}" if request.url.query else "")
        return login_page(request, 401, message, volgende=target if request.method == "GET" else HOME)
    titles = {403: "Dit mag je niet doen", 404: "Niet gevonden", 409: "Iemand was je voor", 429: "Even geduld",
              503: "Even niet beschikbaar"}
    return render(request, "error.html", status_code, title=titles.get(status_code, "Er ging iets mis"),
                  message=message, code=status_code)


def safe_next(target: str | None) -> str:
    """Only a local /redactie path may be the page after logging in (no open redirect)."""
    if not target or "\\" in target or any(ord(c) < 32 for c in target):
        return HOME
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or not (parts.path == "/redactie" or parts.path.startswith("/redactie/")):
        return HOME
    return target


def see_other(url: str) -> RedirectResponse:
    return RedirectResponse(url, status_code=303)


def markdown_html(text: str) -> Markup:
    """Markdown to HTML with raw HTML disabled (markdown-it escapes it), so it is safe to show."""
    return Markup(MARKDOWN.render(text or ""))  # noqa: S704 (raw HTML is off; markdown-it escapes all text)


def diff_lines(diff: str) -> list[tuple[str, str]]:
    """Lines of a unified diff with their kind: added, removed, header or same."""
    def kind(line: str) -> str:
        if line.startswith(("+++", "---", "@@")):
            return "header"
        return {"+": "added", "-": "removed"}.get(line[:1], "same")
    return [(kind(line), line) for line in diff.splitlines()]


# --- logging in and out ----------------------------------------------------------------------------

@router.get("/aanmelden")
async def login_form(request: Request, volgende: str = HOME, afgemeld: bool = False) -> HTMLResponse:
    return login_page(request, volgende=volgende, info="Je bent afgemeld." if afgemeld else None)


@router.post("/aanmelden")
async def login(request: Request) -> Response:
    await check_login_csrf(request)
    form = await request.form()
    username, password = str(form.get("gebruikersnaam", "")), str(form.get("wachtwoord", ""))
    volgende = safe_next(str(form.get("volgende", HOME)))
    if not username.strip() or not password:
        return login_page(request, 422, "Vul je gebruikersnaam en je wachtwoord in.", volgende, username)
    try:
        token, _ = await log_in(request, username[:50], password[:200])
    except RedactieDenied as denied:
        return login_page(request, denied.status_code, denied.message, volgende, username)
    settings = request.app.state.settings
    response = see_other(volgende)
    set_session_cookie(response, token, int(settings.login_session_hours * 3600), settings.secure_cookies)
    return response


@router.post("/afmelden")
async def logout(request: Request, editor: EditorDep, accounts: AccountsDep) -> RedirectResponse:
    await asyncio.to_thread(accounts.close_session, request.cookies.get(SESSION_COOKIE))
    response = see_other(f"{LOGIN}?afgemeld=1")
    clear_session_cookie(response)
    return response


# --- overview --------------------------------------------------------------------------------------

@router.get("/")
async def overview(request: Request, editor: EditorDep, redactie: RedactieDep) -> HTMLResponse:
    counts, flagged = {}, []
    for page in PAGES.values():
        rows = await asyncio.to_thread(redactie.items, page.kind)
        counts[page.path] = {status: sum(r.item.status == status for r in rows) for status in STATUSES}
        flagged += [(page, row) for row in rows if {"verlopen", "lang niet nagekeken"} & set(row.flags)]
    return render(request, "overview.html", pages=PAGES, counts=counts, flagged=flagged)


# --- fixed pages (before /{soort} so their paths are not taken for a kind) ---------------------------

@router.get("/test")
async def test_question(request: Request, editor: EditorDep, redactie: RedactieDep,
                        vraag: str = Query(default="", max_length=1000), doelgroep: str = "") -> HTMLResponse:
    audience = doelgroep if doelgroep in AUDIENCES else None
    view, problem = None, None
    if len(vraag.strip()) >= 2:
        view = search_view(await asyncio.to_thread(redactie.test_question, vraag.strip(), audience))
    elif vraag:
        problem = "Typ een vraag van minstens 2 tekens."
    scale = max([1.0] + [hit["score"] for hit in (view or {}).get("resultaten", [])])
    return render(request, "test.html", vraag=vraag, doelgroep=audience or "", audiences=AUDIENCES, view=view,
                  problem=problem, scale=scale)


@router.get("/dashboard")
async def dashboard(request: Request, editor: EditorDep,
                    dagen: int = Query(default=30, ge=1, le=365)) -> HTMLResponse:
    board = await asyncio.to_thread(dashboard_for, request.app.state, dagen)
    daily_chart = line_chart_svg([(d.day.strftime("%d/%m"), d.share) for d in board.daily],
                                 f"Aandeel beantwoorde vragen per dag, laatste {dagen} dagen")
    topic_chart = bar_chart_svg([(t.topic, t.count) for t in board.top_topics], None,
                                "Meest gevraagde onderwerpen")
    new_links = [f"/redactie/artikels/nieuw?{urlencode([('vraag', q) for q in g.examples])}" for g in board.groups]
    return render(request, "dashboard.html", board=board, dagen=dagen, groups=list(zip(board.groups, new_links)),
                  daily_chart=Markup(daily_chart), topic_chart=Markup(topic_chart))  # noqa: S704 (insights escapes)


@router.get("/gebruikers")
async def users(request: Request, editor: BeheerderDep, accounts: AccountsDep, aangemaakt: str = "",
                gewijzigd: str = "") -> HTMLResponse:
    message = (f"Gebruiker '{aangemaakt}' is aangemaakt." if aangemaakt else
               f"Gebruiker '{gewijzigd}' is aangepast." if gewijzigd else None)
    return await users_page(request, accounts, message=message)


async def users_page(request: Request, accounts: Accounts, status_code: int = 200, **context: Any) -> HTMLResponse:
    context = {"message": None, "error": None, "new_user": {"gebruikersnaam": "", "rol": "redacteur"}, **context}
    return render(request, "users.html", status_code, users=await asyncio.to_thread(accounts.list_users),
                  roles=ROLES, **context)


@router.post("/gebruikers")
async def create_user(request: Request, editor: BeheerderDep, accounts: AccountsDep) -> Response:
    form = await request.form()
    username, role = str(form.get("gebruikersnaam", "")).strip(), str(form.get("rol", "redacteur"))
    try:
        await asyncio.to_thread(accounts.create_user, username, str(form.get("wachtwoord", "")), role)
    except AccountError as error:
        return await users_page(request, accounts, 422, error=str(error),
                                new_user={"gebruikersnaam": username, "rol": role})
    return see_other(f"/redactie/gebruikers?{urlencode({'aangemaakt': username.lower()})}")


@router.post("/gebruikers/{user_id}/actief")
async def set_active(request: Request, user_id: int, editor: BeheerderDep, accounts: AccountsDep) -> Response:
    active = (await request.form()).get("actief") == "1"
    if user_id == editor.id and not active:
        return await users_page(request, accounts, 422, error="Je kan jezelf niet uitschakelen.")
    try:
        await asyncio.to_thread(accounts.set_active, user_id, active)
    except AccountError as error:
        return await users_page(request, accounts, 404, error=str(error))
    names = {u.id: u.username for u in await asyncio.to_thread(accounts.list_users)}
    return see_other(f"/redactie/gebruikers?{urlencode({'gewijzigd': names.get(user_id, '')})}")


# --- articles and partners -------------------------------------------------------------------------

@router.get("/{soort}")
async def item_list(request: Request, soort: SoortPath, editor: EditorDep, redactie: RedactieDep,
                    doelgroep: str = "", onderwerp: str = "", status: str = "", verlopen: bool = False,
                    lang_niet_nagekeken: bool = False, zoek: str = Query(default="", max_length=100),
                    verwijderd: str = "") -> HTMLResponse:
    page = PAGES[soort]
    wanted = ItemFilter(audience=doelgroep if doelgroep in AUDIENCES else None,
                        topic=onderwerp if onderwerp in TOPICS else None,
                        status=status if status in STATUSES else None,
                        expired=verlopen, stale=lang_niet_nagekeken, text=zoek.strip() or None)
    rows = await asyncio.to_thread(redactie.items, page.kind, wanted)
    return render(request, "list.html", page=page, rows=rows, wanted=wanted, audiences=AUDIENCES, topics=TOPICS,
                  statuses=STATUSES, deleted=verwijderd)



@router.get("/{soort}/nieuw")
async def new_item(request: Request, soort: SoortPath, editor: EditorDep,
                   vraag: Annotated[list[str], Query()] = []) -> HTMLResponse:  # noqa: B006
    page = PAGES[soort]
    data = new_item_defaults(page, [q.strip()[:300] for q in vraag[:20] if q.strip()])
    return edit_page(request, page, forms.values_from_data(page.spec, data))


def new_item_defaults(page: KindPage, questions: list[str]) -> dict[str, Any]:
    if page.kind != "artikel":
        return {}
    today = dt.date.today().isoformat()
    return {"example_questions": questions, "valid_from": today, "last_reviewed": today}


@router.post("/{soort}/nieuw")
async def create_item(request: Request, soort: SoortPath, editor: EditorDep, redactie: RedactieDep) -> Response:
    page = PAGES[soort]
    values = forms.values_from_form(page.spec, await request.form())
    return await save_from_form(request, page, redactie, values, None, None, editor.username)


@router.get("/{soort}/{item_id}")
async def edit_item(request: Request, soort: SoortPath, item_id: str, editor: EditorDep, redactie: RedactieDep,
                    opgeslagen: str = "") -> HTMLResponse:
    page = PAGES[soort]
    item = await load_item(redactie, page, item_id)
    return edit_page(request, page, forms.values_from_data(page.spec, item.data), item=item,
                     message=SAVED_MESSAGES.get(opgeslagen))


@router.post("/{soort}/{item_id}")
async def update_item(request: Request, soort: SoortPath, item_id: str, editor: EditorDep,
                      redactie: RedactieDep) -> Response:
    page = PAGES[soort]
    form = await request.form()
    item = await load_item(redactie, page, item_id)
    values = forms.values_from_form(page.spec, form)
    values["id"] = item_id
    return await save_from_form(request, page, redactie, values, item, parse_version(form), editor.username)


async def save_from_form(request: Request, page: KindPage, redactie: Redactie, values: forms.FormValues,
                         item: ItemView | None, version: int | None, author: str) -> Response:
    """Preview, or save as draft / publish; on a problem show the form again with the editor's input."""
    action = str((await request.form()).get("actie", "concept"))
    if action == "voorbeeld":
        return edit_page(request, page, values, item=item, version=version, preview=True)
    data = forms.to_data(page.spec, values)
    publish = action == "publiceren"
    if item is None:
        version = None
    try:
        saved = await asyncio.to_thread(redactie.save, page.kind, data, -1 if item and version is None else version,
                                        author, publish)
    except ContentError as error:
        return edit_page(request, page, values, item=item, version=version, status_code=422,
                         errors=forms.field_errors(page.spec, error.problems))
    except Conflict as conflict:
        return conflict_page(request, page, values, item, data, conflict)
    state = "gepubliceerd" if publish else "concept"
    return see_other(f"{page.base}/{saved.slug}?opgeslagen={state}")


def conflict_page(request: Request, page: KindPage, values: forms.FormValues, item: ItemView | None, mine: dict,
                  conflict: Conflict) -> HTMLResponse:
    """Keep the editor's input; show what differs from the version saved meanwhile; next save is deliberate."""
    current = conflict.current
    diff = text_diff(item_text(page.kind, current.data), item_text(page.kind, mine),
                     f"versie {current.version} van {current.updated_by}", "jouw versie in het formulier")
    return edit_page(request, page, values, item=current if item else None, version=current.version,
                     status_code=409, conflict=str(conflict), conflict_diff=diff_lines(diff))


def parse_version(form) -> int | None:
    try:
        return int(str(form.get("versie", "")))
    except ValueError:
        return None


async def load_item(redactie: Redactie, page: KindPage, item_id: str) -> ItemView:
    try:
        return await asyncio.to_thread(redactie.repository.get, page.kind, item_id)
    except NotFound as missing:
        raise RedactieDenied(404, str(missing)) from missing


def edit_page(request: Request, page: KindPage, values: forms.FormValues, *, item: ItemView | None = None,
              version: int | None = None, status_code: int = 200, errors: dict[str, str] | None = None,
              preview: bool = False, message: str | None = None, conflict: str | None = None,
              conflict_diff: list[tuple[str, str]] | None = None) -> HTMLResponse:
    errors = errors or {}
    summary = [(forms.error_label(page.spec, key), forms.error_target(page.spec, key), text)
               for key, text in errors.items()]
    return render(request, "edit.html", status_code, page=page, spec=page.spec, values=values, item=item,
                  version=version if version is not None else (item.version if item else None), errors=errors,
                  summary=summary, message=message, conflict=conflict, conflict_diff=conflict_diff,
                  preview=preview_parts(page, values) if preview else None,
                  source_rows=forms.source_rows_for_display(values), source_parts=forms.SOURCE_PARTS,
                  source_labels=forms.SOURCE_LABELS, field_id=forms.field_id)


def preview_parts(page: KindPage, values: forms.FormValues) -> dict[str, Markup] | None:
    """The short answer (first paragraph, what the chat shows first) and the rest, rendered."""
    if not page.preview_field:
        return None
    text = str(values.get(page.preview_field, "")).strip()
    short, _, rest = text.partition("\n\n")
    return {"short": markdown_html(short), "rest": markdown_html(rest)}


@router.post("/{soort}/{item_id}/verwijderen")
async def delete_item(request: Request, soort: SoortPath, item_id: str, editor: BeheerderDep,
                      redactie: RedactieDep) -> Response:
    page = PAGES[soort]
    version = parse_version(await request.form())
    try:
        await asyncio.to_thread(redactie.delete, page.kind, item_id, -1 if version is None else version,
                                editor.username)
    except NotFound as missing:
        return error_page(request, 404, str(missing))
    except Conflict as conflict:
        return error_page(request, 409, f"{conflict.current.updated_by} heeft dit intussen opgeslagen "
                                        f"(versie {conflict.current.version}). Er is niets verwijderd: open "
                                        "het opnieuw en kijk of je het nog wil verwijderen.")
    return see_other(f"{page.base}?{urlencode({'verwijderd': item_id})}")


@router.get("/{soort}/{item_id}/geschiedenis")
async def history(request: Request, soort: SoortPath, item_id: str, editor: EditorDep,
                  redactie: RedactieDep) -> HTMLResponse:
    page = PAGES[soort]
    item = await load_item(redactie, page, item_id)
    revisions = await asyncio.to_thread(redactie.repository.revisions, page.kind, item_id)
    return render(request, "history.html", page=page, item=item,
                  revisions=[(r, diff_lines(d)) for r, d in revision_diffs(page.kind, revisions)])


def revision_diffs(kind: Kind, revisions: list[RevisionView]) -> list[tuple[RevisionView, str]]:
    """Each revision (newest first) with its diff against the one before it, in file format."""
    oldest_first = list(reversed(revisions))
    texts = [item_text(kind, r.data) for r in oldest_first]
    diffs = [text_diff(texts[i - 1] if i else "", texts[i],
                       f"versie {oldest_first[i - 1].version}" if i else "leeg", f"versie {r.version}")
             for i, r in enumerate(oldest_first)]
    return list(reversed(list(zip(oldest_first, diffs))))


@router.post("/{soort}/{item_id}/geschiedenis/{revision_id}/herstel")
async def restore(request: Request, soort: SoortPath, item_id: str, revision_id: int, editor: EditorDep,
                  redactie: RedactieDep) -> Response:
    page = PAGES[soort]
    try:
        await asyncio.to_thread(redactie.restore, page.kind, item_id, revision_id, editor.username)
    except NotFound as missing:
        return error_page(request, 404, str(missing))
    except Conflict:
        return error_page(request, 409, "Iemand anders heeft dit net opgeslagen. Open de geschiedenis opnieuw en "
                                        "probeer nog eens.")
    return see_other(f"{page.base}/{item_id}?opgeslagen=hersteld")


def install_redactie_pages(app: FastAPI) -> None:
    """The stylesheet first: ``/redactie/{soort}/{item_id}`` would otherwise also match its path."""
    app.mount("/redactie/static", StaticFiles(directory=REDACTIE_DIR / "static"), name="redactie-static")
    app.include_router(router)

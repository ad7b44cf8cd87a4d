"""Who may use the redactie: the login cookie, roles and CSRF checks, as FastAPI dependencies.

Every redactie route depends on ``EditorDep`` (any logged-in editor) or ``BeheerderDep``. A request that
changes something must carry the session's CSRF token: header ``X-CSRF-Token`` (JSON API) or form field
``csrf_token`` (pages). Failures raise ``RedactieDenied``; pages show it as HTML, the API as JSON.

Usage::

    @router.get("/artikels")
    def articles(editor: EditorDep): ...
"""

import asyncio
import secrets
from typing import Annotated

from fastapi import Depends, Request, Response

from api.redactie.accounts import Accounts, Editor

SESSION_COOKIE = "dla_redactie"
SAFE_METHODS = {"GET", "HEAD", "OPTIONS"}
CSRF_HEADER = "X-CSRF-Token"
CSRF_FIELD = "csrf_token"
LOGIN_REQUIRED = "Meld je aan om de redactie te gebruiken."
NOT_ALLOWED = "Dit mag enkel een beheerder."
BAD_CSRF = "De beveiligingscode van dit formulier ontbreekt of is verlopen. Laad de pagina opnieuw en probeer nog eens."


class RedactieDenied(Exception):
    def __init__(self, status_code: int, message: str) -> None:
        self.status_code = status_code
        self.message = message
        super().__init__(message)


async def current_editor(request: Request) -> Editor:
    accounts: Accounts = request.app.state.accounts
    editor = accounts.editor_for(request.cookies.get(SESSION_COOKIE))
    if editor is None:
        raise RedactieDenied(401, LOGIN_REQUIRED)
    if request.method not in SAFE_METHODS:
        await check_csrf(request, editor.csrf_token)
    request.state.editor = editor
    return editor


async def check_csrf(request: Request, expected: str) -> None:
    sent = request.headers.get(CSRF_HEADER)
    if sent is None and request.headers.get("content-type", "").startswith(
            ("application/x-www-form-urlencoded", "multipart/form-data")):
        sent = (await request.form()).get(CSRF_FIELD)
    if not sent or not secrets.compare_digest(str(sent), expected):
        raise RedactieDenied(403, BAD_CSRF)


async def beheerder(editor: Annotated[Editor, Depends(current_editor)]) -> Editor:
    if not editor.is_beheerder:
        raise RedactieDenied(403, NOT_ALLOWED)
    return editor


EditorDep = Annotated[Editor, Depends(current_editor)]
BeheerderDep = Annotated[Editor, Depends(beheerder)]


def set_session_cookie(response: Response, token: str, max_age_seconds: int, secure: bool) -> None:
    response.set_cookie(SESSION_COOKIE, token, max_age=max_age_seconds, httponly=True, samesite="strict",
                        secure=secure, path="/")


def clear_session_cookie(response: Response) -> None:
    response.delete_cookie(SESSION_COOKIE, path="/")


LOGIN_CSRF_COOKIE = "dla_login_csrf"
WRONG_LOGIN = "Je gebruikersnaam of wachtwoord klopt niet."
FAILED_LOGIN_DELAY_SECONDS = 0.5


async def log_in(request: Request, username: str, password: str) -> tuple[str, Editor]:
    """Check the password (throttled per user name and client); return the session token and the editor."""
    state = request.app.state
    client = request.client.host if request.client else "onbekend"
    wait = state.login_throttle.retry_after(username, client)
    if wait:
        minutes = max(1, round(wait / 60))
        raise RedactieDenied(429, f"Te veel mislukte pogingen. Probeer opnieuw over {minutes} minuten.")
    user = await asyncio.to_thread(state.accounts.authenticate, username, password)
    if user is None:
        state.login_throttle.failed(username, client)
        await asyncio.sleep(FAILED_LOGIN_DELAY_SECONDS)
        raise RedactieDenied(401, WRONG_LOGIN)
    return await asyncio.to_thread(state.accounts.open_session, user)


def new_login_csrf(response: Response, secure: bool) -> str:
    """The login form has no session yet: a double-submit token in a strict cookie and a hidden field."""
    token = secrets.token_urlsafe(32)
    response.set_cookie(LOGIN_CSRF_COOKIE, token, httponly=True, samesite="strict", secure=secure, path="/redactie")
    return token


async def check_login_csrf(request: Request) -> None:
    await check_csrf(request, request.cookies.get(LOGIN_CSRF_COOKIE) or secrets.token_urlsafe(32))

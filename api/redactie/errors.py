"""Dutch answers for what can go wrong in the redactie: JSON under /api, an HTML page elsewhere.

- invalid content (ContentError, AccountError): 422 with every problem
- someone saved in between (Conflict): 409 with the current version, so the editor loses nothing
- unknown item (NotFound): 404; not logged in / not allowed / bad CSRF (RedactieDenied): 401 / 403 / 429
"""

from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse, Response

from api.redactie.accounts import AccountError
from api.redactie.security import RedactieDenied
from kennisbank.errors import ContentError
from kennisbank.repository import Conflict, NotFound

INVALID = "De inhoud is niet opgeslagen: verbeter eerst deze fouten."


def _is_api(request: Request) -> bool:
    return request.url.path.startswith("/api/")


async def denied(request: Request, exc: RedactieDenied) -> Response:
    if _is_api(request):
        return JSONResponse({"detail": exc.message}, status_code=exc.status_code)
    from api.routes.redactie_pages import error_page  # noqa: PLC0415 (pages import this module)

    return error_page(request, exc.status_code, exc.message)


async def invalid_content(request: Request, exc: ContentError) -> JSONResponse:
    problems = [{"veld": p.field, "fout": p.message} for p in exc.problems]
    return JSONResponse({"detail": INVALID, "fouten": problems}, status_code=422)


async def conflict(request: Request, exc: Conflict) -> JSONResponse:
    return JSONResponse({"detail": str(exc), "huidige_versie": exc.current.version, "huidig": exc.current.data,
                         "bijgewerkt_door": exc.current.updated_by}, status_code=409)


async def not_found(request: Request, exc: NotFound) -> JSONResponse:
    return JSONResponse({"detail": str(exc)}, status_code=404)


async def account_error(request: Request, exc: AccountError) -> JSONResponse:
    return JSONResponse({"detail": str(exc)}, status_code=422)


def install_redactie_errors(app: FastAPI) -> None:
    app.add_exception_handler(RedactieDenied, denied)
    app.add_exception_handler(ContentError, invalid_content)
    app.add_exception_handler(Conflict, conflict)
    app.add_exception_handler(NotFound, not_found)
    app.add_exception_handler(AccountError, account_error)

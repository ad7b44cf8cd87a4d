"""Dutch error bodies for invalid requests: ``{"detail": "...", "fouten": [{"veld", "fout"}]}``."""

import logging

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from sqlalchemy.exc import InterfaceError, OperationalError
from starlette.exceptions import HTTPException as StarletteHTTPException

from kennisbank.errors import dutch_message

log = logging.getLogger(__name__)


async def validation_error_handler(request: Request, exc: RequestValidationError) -> JSONResponse:
    errors = [
        {"veld": ".".join(str(part) for part in error.get("loc", ())[1:]) or "body", "fout": _sentence(dutch_message(error))}
        for error in exc.errors()
    ]
    summary = "; ".join(f"{e['veld']}: {e['fout']}" for e in errors)
    return JSONResponse(status_code=422, content={"detail": f"Je aanvraag is ongeldig. {summary}", "fouten": errors})


UNAVAILABLE = "De dienst is even niet beschikbaar. Probeer het over een halve minuut opnieuw."


async def database_unavailable(request: Request, exc: Exception) -> Response:
    """The database is down or restarting: a clear 503 (never a 500); nothing half-written stays behind."""
    log.warning("Database onbereikbaar bij %s %s: %s", request.method, request.url.path, type(exc).__name__)
    if request.url.path.startswith("/redactie"):
        from api.routes.redactie_pages import error_page  # noqa: PLC0415 (the pages import this module)

        return error_page(request, 503, UNAVAILABLE)
    return JSONResponse({"detail": UNAVAILABLE}, status_code=503, headers={"Retry-After": "30"})


DUTCH_HTTP_DETAILS = {
    "There was an error parsing the body": "Je aanvraag is geen geldige JSON (UTF-8).",
    "Not Found": "Deze pagina of dit adres bestaat niet.",
    "Method Not Allowed": "Deze methode is hier niet toegestaan.",
}


async def http_error(request: Request, exc: StarletteHTTPException) -> JSONResponse:
    """FastAPI's own errors (bad JSON, unknown path, wrong method) in Dutch; ours are Dutch already."""
    detail = DUTCH_HTTP_DETAILS.get(exc.detail, exc.detail) if isinstance(exc.detail, str) else exc.detail
    return JSONResponse({"detail": detail}, status_code=exc.status_code, headers=exc.headers)


def install_error_handlers(app: FastAPI) -> None:
    app.add_exception_handler(RequestValidationError, validation_error_handler)
    app.add_exception_handler(StarletteHTTPException, http_error)
    app.add_exception_handler(OperationalError, database_unavailable)
    app.add_exception_handler(InterfaceError, database_unavailable)


def _sentence(text: str) -> str:
    return text[:1].upper() + text[1:] + ("" if text.endswith(".") else ".")

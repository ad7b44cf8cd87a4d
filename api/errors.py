"""Dutch error bodies for invalid requests: ``{"detail": "...", "fouten": [{"veld", "fout"}]}``."""

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse

from kennisbank.errors import dutch_message


async def validation_error_handler(request: Request, exc: RequestValidationError) -> JSONResponse:
    errors = [
        {"veld": ".".join(str(part) for part in error.get("loc", ())[1:]) or "body", "fout": _sentence(dutch_message(error))}
        for error in exc.errors()
    ]
    summary = "; ".join(f"{e['veld']}: {e['fout']}" for e in errors)
    return JSONResponse(status_code=422, content={"detail": f"Je aanvraag is ongeldig. {summary}", "fouten": errors})


def install_error_handlers(app: FastAPI) -> None:
    app.add_exception_handler(RequestValidationError, validation_error_handler)


def _sentence(text: str) -> str:
    return text[:1].upper() + text[1:] + ("" if text.endswith(".") else ".")

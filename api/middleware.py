"""HTTP middleware: security headers on every response, and a request-size limit."""

from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse

SECURITY_HEADERS = {
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "X-Frame-Options": "DENY",
}
API_CSP = "default-src 'none'; frame-ancestors 'none'"
TOO_LARGE = "Je aanvraag is te groot."
INTERNAL_PATHS = ("/webhook",)  # Rasa's action calls carry the whole tracker; they come from loopback only


def install_middleware(app: FastAPI, max_body_bytes: int) -> None:
    @app.middleware("http")
    async def limit_size_and_add_headers(request: Request, call_next):
        declared = request.headers.get("content-length", "0")
        limited = request.url.path not in INTERNAL_PATHS
        if limited and (not declared.isdigit() or int(declared) > max_body_bytes):
            response = JSONResponse({"detail": TOO_LARGE}, status_code=413)
        else:
            response = await call_next(request)
        for name, value in SECURITY_HEADERS.items():
            response.headers.setdefault(name, value)
        if response.headers.get("content-type", "").startswith("application/json"):
            response.headers.setdefault("Content-Security-Policy", API_CSP)
        return response

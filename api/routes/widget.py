"""The website chat widget: the demo page at ``/`` and the widget's files under ``/widget/``.

Usage (in ``create_app``)::

    install_widget(app)

Embed on any page: ``<script src="https://<host>/widget/widget.js" defer></script>``.
"""

from pathlib import Path

from fastapi import FastAPI
from fastapi.responses import FileResponse
from fastapi.staticfiles import StaticFiles

WIDGET_DIR = Path(__file__).resolve().parent.parent / "widget"

# Only this origin may run scripts, load styles and be called: no inline script or style anywhere.
DEMO_HEADERS = {
    "Content-Security-Policy": (
        "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; img-src 'self' data:; "
        "font-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'"
    ),
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
}


class WidgetFiles(StaticFiles):
    """Static files with the same security headers as the demo page."""

    async def get_response(self, path: str, scope):
        response = await super().get_response(path, scope)
        response.headers.update(DEMO_HEADERS)
        return response


def install_widget(app: FastAPI) -> None:
    @app.get("/", include_in_schema=False)
    async def demo_page() -> FileResponse:
        return FileResponse(WIDGET_DIR / "index.html", media_type="text/html", headers=DEMO_HEADERS)

    app.mount("/widget", WidgetFiles(directory=WIDGET_DIR), name="widget")

"""Read an HTML form the way a browser would submit it, so tests post exactly what the page offers.

Usage::

    fields = form_fields(page.text, action="/redactie/artikels/wat-is-duaal-leren")
    fields = replace(fields, "title", "Wat is duaal leren precies?")
    client.post(url, data=fields + [("actie", "publiceren")])
"""

from html.parser import HTMLParser

Pairs = list[tuple[str, str]]


class _FormReader(HTMLParser):
    def __init__(self, action: str) -> None:
        super().__init__(convert_charrefs=True)
        self.action = action
        self.inside = False
        self.pairs: Pairs = []
        self._textarea: str | None = None
        self._select: str | None = None
        self._first_option: str | None = None
        self._selected = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if tag == "form":
            self.inside = a.get("action") == self.action
        if not self.inside:
            return
        if tag == "input" and "name" in a:
            kind = a.get("type", "text")
            if kind in ("checkbox", "radio") and "checked" not in a:
                return
            if kind not in ("submit", "button"):
                self.pairs.append((a["name"], a.get("value", "on" if kind == "checkbox" else "")))
        elif tag == "textarea":
            self._textarea = a["name"]
            self.pairs.append((a["name"], ""))
        elif tag == "select":
            self._select, self._first_option, self._selected = a["name"], None, False
        elif tag == "option" and self._select:
            if self._first_option is None:
                self._first_option = a.get("value", "")
            if "selected" in a:
                self.pairs.append((self._select, a.get("value", "")))
                self._selected = True

    def handle_data(self, data: str) -> None:
        if self._textarea:
            name, value = self.pairs[-1]
            self.pairs[-1] = (name, value + data)

    def handle_endtag(self, tag: str) -> None:
        if tag == "form":
            self.inside = False
        elif tag == "textarea" and self._textarea:
            name, value = self.pairs[-1]
            self.pairs[-1] = (name, value[1:] if value.startswith("\n") else value)  # like the HTML parser
            self._textarea = None
        elif tag == "select" and self._select:
            if not self._selected:
                self.pairs.append((self._select, self._first_option or ""))
            self._select = None


def form_fields(html: str, action: str) -> Pairs:
    reader = _FormReader(action)
    reader.feed(html)
    if not reader.pairs:
        raise AssertionError(f"no form with action {action!r} on the page")
    return reader.pairs


def value(pairs: Pairs, name: str) -> str:
    return next(v for k, v in pairs if k == name)


def replace(pairs: Pairs, name: str, new: str) -> Pairs:
    return [(k, new if k == name else v) for k, v in pairs]


def without(pairs: Pairs, name: str) -> Pairs:
    return [(k, v) for k, v in pairs if k != name]


def as_data(pairs: Pairs) -> dict[str, list[str]]:
    """httpx's ``data=`` wants a dict: repeated names (checkboxes) become lists, in page order."""
    data: dict[str, list[str]] = {}
    for name, text in pairs:
        data.setdefault(name, []).append(text)
    return data

"""Dutch validation errors for kennisbank content."""

from dataclasses import dataclass


@dataclass(frozen=True)
class ContentProblem:
    file: str
    field: str
    message: str

    def __str__(self) -> str:
        return f"{self.file}: veld '{self.field}': {self.message}"


class ContentError(Exception):
    """Content failed validation; nothing of it may go live."""

    def __init__(self, problems: list[ContentProblem]) -> None:
        self.problems = problems
        super().__init__("\n".join(str(p) for p in problems))


_DUTCH_BY_TYPE = {
    "missing": "dit veld ontbreekt",
    "string_unicode": "deze tekst bevat een ongeldig teken",
    "string_type": "dit veld moet tekst zijn",
    "string_too_short": "deze tekst is te kort",
    "too_short": "hier zijn te weinig waarden: minimum {min_length}",
    "list_type": "dit veld moet een lijst zijn",
    "bool_type": "dit veld moet true of false zijn",
    "date_type": "dit veld moet een datum zijn (JJJJ-MM-DD)",
    "date_from_datetime_parsing": "dit is geen geldige datum (JJJJ-MM-DD)",
    "date_parsing": "dit is geen geldige datum (JJJJ-MM-DD)",
    "literal_error": "deze waarde is niet toegestaan; kies uit {expected}",
    "extra_forbidden": "dit veld kennen we niet",
    "url_parsing": "dit is geen geldige URL",
    "url_scheme": "een URL moet met http:// of https:// beginnen",
    "json_invalid": "dit is geen geldige JSON",
    "model_type": "hier verwachten we een object met velden",
    "model_attributes_type": "hier verwachten we een object met velden",
    "dict_type": "hier verwachten we een object met velden",
    "int_parsing": "dit veld moet een geheel getal zijn",
    "enum": "deze waarde is niet toegestaan",
}


def dutch_message(error: dict) -> str:
    """Translate one pydantic error (``ValidationError.errors()`` item) into Dutch."""
    kind = error.get("type", "")
    context = error.get("ctx") or {}
    if kind == "value_error":
        return str(context.get("error", "ongeldige waarde"))
    template = _DUTCH_BY_TYPE.get(kind, "ongeldige waarde")
    try:
        return template.format(**context)
    except (KeyError, IndexError):
        return template


def field_path(error: dict) -> str:
    return ".".join(str(part) for part in error.get("loc", ())) or "(bestand)"

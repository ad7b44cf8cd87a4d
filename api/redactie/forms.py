"""HTML forms for articles and partners: one field list per kind drives parsing, rendering and errors.

A form is read into ``FormValues`` (the raw strings the editor typed, so a page can always show them
again), turned into the dict the models expect with ``to_data``, and validation problems become inline
Dutch messages keyed by the form field they belong to.

Usage::

    fields = FIELDS["artikel"]
    values = values_from_form(fields, await request.form())      # or values_from_data(fields, item.data)
    data = to_data(fields, values)                              # {"title": ..., "sources": [...], ...}
    errors = field_errors(fields, content_error.problems)       # {"sources.0.url": "Dit is geen geldige URL."}
"""

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, Literal, get_args

from kennisbank.errors import ContentProblem
from kennisbank.schema import AUDIENCES, Partner, Region, Topic

Widget = Literal["text", "textarea", "lines", "choices", "select", "date", "flag", "sources"]
SOURCE_PARTS: tuple[str, ...] = ("document", "reference", "url", "date")
SOURCE_LABELS = {"document": "Document", "reference": "Waar in het document", "url": "Link (niet verplicht)",
                 "date": "Datum (niet verplicht)"}
EMPTY_SOURCE_ROWS = 2
MAX_SOURCE_ROWS = 50
GENERAL = "(algemeen)"

AUDIENCE_LABELS = {"ouder": "Ouders", "leerling": "Leerlingen", "onderneming": "Ondernemingen", "school": "Scholen"}
REGION_LABELS = {"antwerpen": "Antwerpen", "limburg": "Limburg", "oost-vlaanderen": "Oost-Vlaanderen",
                 "vlaams-brabant": "Vlaams-Brabant", "west-vlaanderen": "West-Vlaanderen", "brussel": "Brussel"}

FormValue = str | bool | list[str] | list[dict[str, str]]
FormValues = dict[str, FormValue]


@dataclass(frozen=True)
class Field:
    """One form field: ``name`` is the model field, ``widget`` says how it is shown and parsed."""

    name: str
    label: str
    widget: Widget
    hint: str = ""
    options: tuple[tuple[str, str], ...] = ()  # (value, label)
    optional: bool = False  # an empty value is stored as None
    fixed_after_create: bool = False  # only editable on a new item (the id)

    @property
    def html_id(self) -> str:
        return field_id(self.name)


def field_id(path: str) -> str:
    """The HTML id of a field path: ``sources.0.url`` -> ``veld-sources-0-url``."""
    return "veld-" + re.sub(r"[^a-z0-9]+", "-", path.lower()).strip("-")


def _options(values, labels: Mapping[str, str] | None = None) -> tuple[tuple[str, str], ...]:
    return tuple((value, (labels or {}).get(value, value)) for value in values)


@dataclass(frozen=True)
class FormSpec:
    """The fields of one kind, and the field a whole-item (model) validation error belongs to."""

    fields: tuple[Field, ...]
    model_error_field: str
    defaults: dict[str, Any] = field(default_factory=dict)

    def __iter__(self):
        return iter(self.fields)

    def by_name(self, name: str) -> Field | None:
        return next((f for f in self.fields if f.name == name), None)


ID_FIELD = Field("id", "Id (het laatste deel van de link)", "text", fixed_after_create=True,
                 hint="Kleine letters, cijfers en koppeltekens, bv. wat-is-duaal-leren. Je kan dit later niet "
                      "meer veranderen.")
AUDIENCES_FIELD = Field("audiences", "Voor wie?", "choices", options=_options(AUDIENCES, AUDIENCE_LABELS),
                        hint="Kies minstens één doelgroep.")
SOURCES_FIELD = Field("sources", "Bronnen", "sources",
                      hint="Minstens één bron. Een lege rij wordt genegeerd.")

ARTICLE = FormSpec(
    fields=(
        ID_FIELD,
        Field("title", "Titel", "text", hint="Een korte vraag of zin van minstens 5 tekens."),
        AUDIENCES_FIELD,
        Field("topic", "Onderwerp", "select", options=_options(get_args(Topic))),
        Field("body", "Tekst (Markdown)", "textarea",
              hint="De eerste alinea is het korte antwoord dat de chat toont: maximaal 90 woorden, geen titel. "
                   "Laat een lege regel tussen twee alinea's."),
        Field("example_questions", "Voorbeeldvragen", "lines",
              hint="Eén vraag per regel, minstens 3. Schrijf ze zoals mensen ze echt stellen."),
        Field("valid_from", "Geldig vanaf", "date"),
        Field("valid_until", "Geldig tot (niet verplicht)", "date", optional=True,
              hint="Laat leeg als het artikel geen einddatum heeft."),
        Field("last_reviewed", "Laatst nagekeken op", "date"),
        Field("under_review", "Deze info wordt nog onderzocht", "flag"),
        SOURCES_FIELD,
    ),
    model_error_field="valid_until",
)

PARTNER = FormSpec(
    fields=(
        ID_FIELD,
        Field("name", "Naam", "text"),
        Field("short_name", "Afkorting (niet verplicht)", "text", optional=True),
        Field("kind", "Soort organisatie", "select", options=_options(get_args(Partner.model_fields["kind"].annotation))),
        Field("role", "Rol", "textarea", hint="Eén tot drie zinnen: wat doet deze organisatie?"),
        AUDIENCES_FIELD,
        Field("contact_for", "Contacteer hen voor", "lines", hint="Eén onderwerp per regel, minstens één."),
        Field("sectors", "Sectoren", "lines", hint="Eén sector per regel. Leeg betekent: alle sectoren."),
        Field("regions", "Regio's", "choices", options=_options(get_args(Region), REGION_LABELS),
              hint="Niets aangevinkt betekent: heel Vlaanderen."),
        Field("website", "Website (niet verplicht)", "text", optional=True, hint="Begint met https://"),
        Field("email", "E-mail (niet verplicht)", "text", optional=True),
        Field("phone", "Telefoon (niet verplicht)", "text", optional=True),
        Field("where_to_find", "Waar vind je de contactgegevens?", "textarea", optional=True,
              hint="Verplicht als er geen website, e-mail of telefoon is."),
        Field("in_contact_route", "Toon deze partner als de chat iemand doorverwijst", "flag"),
        SOURCES_FIELD,
    ),
    model_error_field="where_to_find",
    defaults={"in_contact_route": True},
)

FIELDS: dict[str, FormSpec] = {"artikel": ARTICLE, "partner": PARTNER}


# --- form -> values -> data ------------------------------------------------------------------------

def values_from_form(spec: FormSpec, form: Mapping) -> FormValues:
    """The raw input of a submitted form (``form`` is Starlette's FormData or a MultiDict)."""
    values: FormValues = {}
    for f in spec:
        if f.widget == "choices":
            values[f.name] = [str(v) for v in form.getlist(f.name)]
        elif f.widget == "flag":
            values[f.name] = f.name in form
        elif f.widget == "sources":
            values[f.name] = source_rows_from_form(form, f.name)
        else:
            values[f.name] = str(form.get(f.name, "")).replace("\r\n", "\n")
    return values


def source_rows_from_form(form: Mapping, name: str = "sources") -> list[dict[str, str]]:
    """Rows named ``sources.<n>.<part>``, in index order, without fully empty rows."""
    pattern = re.compile(rf"^{re.escape(name)}\.(\d+)\.({'|'.join(SOURCE_PARTS)})$")
    indices = sorted({int(m.group(1)) for key in form.keys() if (m := pattern.match(key))})[:MAX_SOURCE_ROWS]
    rows = [{part: str(form.get(f"{name}.{i}.{part}", "")).strip() for part in SOURCE_PARTS} for i in indices]
    return [row for row in rows if any(row.values())]


def to_data(spec: FormSpec, values: FormValues) -> dict[str, Any]:
    """The dict the model expects; validation itself is left to the model (via the repository)."""
    return {f.name: _field_data(f, values.get(f.name)) for f in spec}


def _field_data(f: Field, value: FormValue | None) -> Any:
    if f.widget == "lines":
        return [line.strip() for line in str(value or "").splitlines() if line.strip()]
    if f.widget in ("choices", "flag"):
        return value if value is not None else ([] if f.widget == "choices" else False)
    if f.widget == "sources":
        return [_source_data(row) for row in value or []]
    text = str(value or "").strip()
    if not text and (f.optional or f.widget == "date"):
        return None
    return text


def _source_data(row: dict[str, str]) -> dict[str, str | None]:
    return {part: (row.get(part) or "").strip() or (None if part in ("url", "date") else "") for part in SOURCE_PARTS}


# --- data -> values --------------------------------------------------------------------------------

def values_from_data(spec: FormSpec, data: Mapping[str, Any]) -> FormValues:
    """Form values showing a stored item (or defaults for a new one)."""
    data = {**spec.defaults, **data}
    return {f.name: _field_value(f, data.get(f.name)) for f in spec}


def _field_value(f: Field, value: Any) -> FormValue:
    if f.widget == "lines":
        return "\n".join(str(v) for v in value or [])
    if f.widget == "choices":
        return [str(v) for v in value or []]
    if f.widget == "flag":
        return bool(value)
    if f.widget == "sources":
        return [{part: "" if row.get(part) is None else str(row[part]) for part in SOURCE_PARTS}
                for row in value or []]
    return "" if value is None else str(value)


def source_rows_for_display(values: FormValues, name: str = "sources") -> list[dict[str, str]]:
    """The editor's rows plus a few empty ones to add a source without JavaScript."""
    rows = list(values.get(name) or [])
    return rows + [dict.fromkeys(SOURCE_PARTS, "") for _ in range(EMPTY_SOURCE_ROWS)]


# --- problems -> inline errors ---------------------------------------------------------------------

def field_errors(spec: FormSpec, problems: list[ContentProblem]) -> dict[str, str]:
    """Dutch messages keyed by form field path (``title``, ``sources.0.url``, or GENERAL); first one wins."""
    errors: dict[str, str] = {}
    for problem in problems:
        errors.setdefault(error_key(spec, problem.field), sentence(humanise(spec, problem.message)))
    return errors


def error_key(spec: FormSpec, path: str) -> str:
    """Which form field a model error path belongs to (``audiences.1`` -> ``audiences``)."""
    parts = path.split(".")
    if parts[0] == "sources" and len(parts) >= 3 and parts[1].isdigit() and parts[2] in SOURCE_PARTS:
        return ".".join(parts[:3])
    if spec.by_name(parts[0]):
        return parts[0]
    if path == "(bestand)":
        return spec.model_error_field
    return GENERAL


def humanise(spec: FormSpec, message: str) -> str:
    """Replace technical field names in a message by their labels (``valid_until`` -> ``'Geldig tot'``)."""
    for f in sorted((f for f in spec if "_" in f.name), key=lambda f: -len(f.name)):
        label = f.label.split(" (")[0]
        message = re.sub(rf"\b{re.escape(f.name)}\b", f"'{label}'", message)
    return message


def sentence(message: str) -> str:
    message = message.strip()
    if not message:
        return message
    message = message[0].upper() + message[1:]
    return message if message.endswith((".", "!", "?")) else message + "."


def error_label(spec: FormSpec, key: str) -> str:
    """The label of the field an error belongs to, for the error summary (``Bron 1: Link``)."""
    parts = key.split(".")
    if parts[0] == "sources" and len(parts) == 3:
        return f"Bron {int(parts[1]) + 1}: {SOURCE_LABELS[parts[2]].split(' (')[0]}"
    f = spec.by_name(parts[0])
    return f.label.split(" (")[0] if f else "Algemeen"


def error_target(spec: FormSpec, key: str) -> str:
    """The HTML id the error summary links to (the first checkbox of a group)."""
    f = spec.by_name(key.split(".")[0])
    if f and f.widget == "choices" and f.options:
        return field_id(f"{f.name}.{f.options[0][0]}")
    if f and f.widget == "sources" and key == f.name:
        return field_id("sources.0.document")
    return field_id(key)

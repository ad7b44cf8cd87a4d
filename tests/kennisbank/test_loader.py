"""Validation: every problem is reported in Dutch with file and field, and nothing half-loads."""

import shutil
from pathlib import Path

import pytest

from kennisbank.errors import ContentError
from kennisbank.loader import load_content, parse_article

VALID = """---
id: testartikel
title: Is dit een testartikel?
audiences: [ouder]
topic: basis
sources:
  - document: Actieplan Duaal Leren 2025
    reference: Actie 15
example_questions:
  - Is dit een test?
  - is da ne test?
  - is dit een tset
valid_from: 2025-09-01
valid_until: null
last_reviewed: 2026-11-30
---
Ja, dit is een kort antwoord voor de test.

## Meer uitleg

Meer tekst.
"""


def test_shipped_content_is_valid(settings):
    content = load_content(settings.content_dir)
    assert len(content.articles) >= 60
    assert len(content.partners) >= 15


def test_valid_article_parses():
    article = parse_article(VALID, "testartikel.md")
    assert article.short_answer == "Ja, dit is een kort antwoord voor de test."
    assert article.sources[0].label() == "Actieplan Duaal Leren 2025, Actie 15"


@pytest.mark.parametrize("change, field, fragment", [
    (("audiences: [ouder]", "audiences: [grootouder]"), "audiences.0", "niet toegestaan"),
    (("topic: basis\n", ""), "topic", "ontbreekt"),
    (("  - is dit een tset\n", ""), "example_questions", "te weinig"),
    (("valid_from: 2025-09-01", "valid_from: morgen"), "valid_from", "datum"),
    (("id: testartikel", "id: Test Artikel"), "id", "kleine letters"),
    (("Ja, dit is een kort antwoord voor de test.", "woord " * 120), "body", "te lang"),
    (("reference: Actie 15", "reference: Actie 15\n    telefoon: 02 123 45 67"), "sources.0.telefoon", "kennen we niet"),
])
def test_invalid_article_names_file_field_and_problem(change, field, fragment):
    text = VALID.replace(*change)
    with pytest.raises(ContentError) as error:
        parse_article(text, "testartikel.md")
    [problem] = error.value.problems
    assert problem.file == "testartikel.md"
    assert problem.field == field
    assert fragment in problem.message


def test_broken_yaml_is_reported_not_crashed():
    with pytest.raises(ContentError, match="ongeldige YAML"):
        parse_article(VALID.replace("audiences: [ouder]", "audiences: [ouder"), "kapot.md")


def test_one_bad_file_rejects_the_whole_load(tmp_path, settings):
    content_dir = tmp_path / "content"
    shutil.copytree(settings.content_dir, content_dir)
    victim = sorted((content_dir / "artikels").glob("*.md"))[0]
    victim.write_text(victim.read_text().replace("topic:", "onderwerp:", 1))
    with pytest.raises(ContentError) as error:
        load_content(content_dir)
    assert any(p.file == victim.name and p.field == "topic" for p in error.value.problems)


def test_file_name_must_match_id(tmp_path):
    (tmp_path / "artikels").mkdir()
    Path(tmp_path / "artikels" / "andere-naam.md").write_text(VALID)
    with pytest.raises(ContentError, match="bestandsnaam"):
        load_content(tmp_path)


def test_partner_without_any_contact_must_say_where_to_find(tmp_path):
    (tmp_path / "artikels").mkdir()
    (tmp_path / "artikels" / "testartikel.md").write_text(VALID)
    (tmp_path / "partners.yaml").write_text(
        "- id: x\n  name: Partner X\n  kind: overheid\n  role: Een rol van minstens tien tekens.\n"
        "  audiences: [school]\n  contact_for: [iets]\n  sources: [{document: Actieplan, reference: Actie 15}]\n"
    )
    with pytest.raises(ContentError, match="where_to_find"):
        load_content(tmp_path)

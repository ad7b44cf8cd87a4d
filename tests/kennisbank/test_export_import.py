"""`kennisbank exporteer` writes the live content back to files; `kennisbank importeer` is all or nothing."""

import shutil

import pytest

from kennisbank.cli import main
from kennisbank.database import connect, migrate
from kennisbank.files import write_content
from kennisbank.loader import load_content
from kennisbank.repository import ContentRepository

ARTICLE = "word-je-betaald-in-duaal-leren"


@pytest.fixture
def database(tmp_path, monkeypatch, settings):
    url = f"sqlite:///{tmp_path}/app.db"
    monkeypatch.setenv("DLA_DATABASE_URL", url)
    migrate(url)
    repository = ContentRepository(connect(url))
    repository.seed_if_empty(load_content(settings.content_dir))
    return repository


def test_files_round_trip_without_loss(tmp_path, settings):
    shipped = load_content(settings.content_dir)
    write_content(shipped, tmp_path)
    assert load_content(tmp_path).articles == shipped.articles
    assert load_content(tmp_path).partners == shipped.partners
    assert write_content(shipped, tmp_path) == 0  # nothing changed: no file is rewritten


def test_export_writes_an_edit_back_to_its_markdown_file(database, tmp_path, capsys):
    item = database.get("artikel", ARTICLE)
    database.save("artikel", {**item.data, "title": "Krijg je loon als duale leerling?"}, item.version, "rik", True)
    assert main(["exporteer", "--map", str(tmp_path / "export")]) == 0
    assert "title: Krijg je loon als duale leerling?" in (tmp_path / "export" / "artikels" / f"{ARTICLE}.md").read_text()
    assert "geschreven naar" in capsys.readouterr().out


def test_import_with_one_bad_file_is_rejected_as_a_whole(database, tmp_path, settings, capsys):
    source = tmp_path / "bronnen"
    shutil.copytree(settings.content_dir, source)
    good = source / "artikels" / f"{ARTICLE}.md"
    good.write_text(good.read_text().replace("title: ", "title: Nieuw ", 1))
    bad = source / "artikels" / "hoeveel-is-de-leervergoeding.md"
    bad.write_text(bad.read_text().replace("topic: vergoeding", "topic: loon"))
    generation = database.generation()
    assert main(["importeer", "--map", str(source)]) == 1
    error = capsys.readouterr().err
    assert "hoeveel-is-de-leervergoeding.md" in error and "topic" in error
    assert database.generation() == generation  # not even the good file went in

    bad.write_text(bad.read_text().replace("topic: loon", "topic: vergoeding"))
    assert main(["importeer", "--map", str(source)]) == 0
    assert database.live_content([]).articles[ARTICLE].title.startswith("Nieuw ")


def test_export_refuses_an_empty_database(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("DLA_DATABASE_URL", f"sqlite:///{tmp_path}/leeg.db")
    assert main(["exporteer", "--map", str(tmp_path / "export")]) == 1
    assert "nog geen artikels" in capsys.readouterr().err
    assert not (tmp_path / "export").exists()

"""The content store: seeding, drafts, publishing, conflicts (also between threads), history, import."""

import threading
import pytest

from sqlalchemy import inspect

from kennisbank.database import connect, make_engine, migrate
from kennisbank.errors import ContentError
from kennisbank.loader import load_content
from kennisbank.repository import Conflict, ContentRepository, NotFound

ARTICLE = "word-je-betaald-in-duaal-leren"


@pytest.fixture(scope="module")
def shipped(settings):
    return load_content(settings.content_dir)


@pytest.fixture
def repo(database_url, shipped) -> ContentRepository:
    """The store on SQLite and on PostgreSQL (every test here runs on both)."""
    migrate(database_url)
    repository = ContentRepository(connect(database_url))
    assert repository.seed_if_empty(shipped) == len(shipped.articles) + len(shipped.partners)
    return repository


def edited(repo, answer: str, slug: str = ARTICLE) -> dict:
    data = repo.get("artikel", slug).data
    return {**data, "body": f"{answer}\n\n{data['body'].split(chr(10) * 2, 1)[1]}"}


def test_seeding_happens_once_and_serves_exactly_the_files(repo, shipped):
    assert repo.seed_if_empty(shipped) == 0
    live = repo.live_content(shipped.out_of_scope)
    assert live.articles == shipped.articles and live.partners == shipped.partners


def test_draft_keeps_the_published_version_live(repo, shipped):
    start = repo.get("artikel", ARTICLE)
    draft = repo.save("artikel", edited(repo, "Een concept, nog niet nagekeken."), start.version, "rik", publish=False)
    assert draft.status == "gewijzigd" and draft.data["body"].startswith("Een concept")
    assert repo.live_content([]).articles[ARTICLE] == shipped.articles[ARTICLE]
    published = repo.save("artikel", draft.data, draft.version, "bea", publish=True)
    assert published.status == "gepubliceerd"
    assert repo.live_content([]).articles[ARTICLE].short_answer == "Een concept, nog niet nagekeken."


def test_invalid_save_stores_nothing(repo):
    generation = repo.generation()
    broken = {**repo.get("artikel", ARTICLE).data, "audiences": ["oma"], "valid_until": "2020-01-01"}
    with pytest.raises(ContentError) as error:
        repo.save("artikel", broken, repo.get("artikel", ARTICLE).version, "rik", publish=True)
    fields = {problem.field for problem in error.value.problems}
    assert "audiences.0" in fields
    assert repo.generation() == generation


def test_stale_version_is_a_conflict_that_names_who_saved(repo):
    version = repo.get("artikel", ARTICLE).version
    repo.save("artikel", edited(repo, "Eerste versie van An."), version, "an", publish=True)
    with pytest.raises(Conflict) as conflict:
        repo.save("artikel", edited(repo, "Tweede versie van Jan."), version, "jan", publish=True)
    assert conflict.value.current.updated_by == "an" and "an heeft dit intussen opgeslagen" in str(conflict.value)
    assert repo.get("artikel", ARTICLE).data["body"].startswith("Eerste versie van An.")


def test_simultaneous_saves_from_two_threads_let_exactly_one_win(repo):
    version = repo.get("artikel", ARTICLE).version
    payloads = [edited(repo, f"Versie van redacteur {n}.") for n in range(2)]
    outcomes: list[str] = []
    barrier = threading.Barrier(2)

    def save(number: int) -> None:
        barrier.wait()
        try:
            repo.save("artikel", payloads[number], version, f"redacteur{number}", publish=True)
            outcomes.append("opgeslagen")
        except Conflict:
            outcomes.append("conflict")

    threads = [threading.Thread(target=save, args=(n,)) for n in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcomes) == ["conflict", "opgeslagen"]
    assert repo.get("artikel", ARTICLE).version == version + 1


def test_history_diff_and_restore(repo, shipped):
    start = repo.get("artikel", ARTICLE)
    repo.save("artikel", edited(repo, "Een fout antwoord."), start.version, "rik", publish=True)
    newest, seeded = repo.revisions("artikel", ARTICLE)
    assert (newest.author, newest.action, newest.changed_fields) == ("rik", "gepubliceerd", ["body"])
    assert "+Een fout antwoord." in repo.diff("artikel", ARTICLE, newest.id)
    restored = repo.restore("artikel", ARTICLE, seeded.id, "bea")
    assert restored.version == start.version + 2
    assert repo.live_content([]).articles[ARTICLE] == shipped.articles[ARTICLE]
    with pytest.raises(NotFound):
        repo.restore("artikel", "vpdl", seeded.id, "bea")  # a revision of another item


def test_soft_delete_hides_and_restore_brings_back(repo):
    item = repo.delete("artikel", ARTICLE, repo.get("artikel", ARTICLE).version, "bea")
    assert item.status == "verwijderd" and ARTICLE not in repo.live_content([]).articles
    assert ARTICLE in [i.slug for i in repo.list_items("artikel", include_deleted=True)]
    assert ARTICLE not in [i.slug for i in repo.list_items("artikel")]
    repo.restore("artikel", ARTICLE, repo.revisions("artikel", ARTICLE)[-1].id, "bea")
    assert ARTICLE in repo.live_content([]).articles


def test_replace_all_changes_only_what_differs_and_soft_deletes_the_rest(repo, shipped):
    article = shipped.articles[ARTICLE]
    changed = article.model_copy(update={"title": "Word je betaald als duale leerling?"})
    removed = next(a for a in shipped.articles if a != ARTICLE)
    fewer = {a: changed if a == ARTICLE else shipped.articles[a] for a in shipped.articles if a != removed}
    content = type(shipped)(articles=fewer, partners=shipped.partners, out_of_scope=[])
    assert repo.replace_all(content, "import") == 2  # one changed, one removed
    live = repo.live_content([])
    assert live.articles[ARTICLE].title == "Word je betaald als duale leerling?"
    assert removed not in live.articles


def test_migrate_twice_is_harmless(database_url):
    migrate(database_url)
    migrate(database_url)
    assert "content_items" in inspect(make_engine(database_url)).get_table_names()

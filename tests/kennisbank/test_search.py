"""Search quality and behaviour on the shipped kennisbank with the real model."""

import dataclasses
import datetime as dt
import threading

import pytest

from kennisbank.engine import LEXICAL_WEIGHT, Kennisbank
from kennisbank.loader import parse_article

# Realistic questions (typos, informal, tussentaal), none copied from an article's example questions.
SAMPLE = [
    ("krijgt mijne zoon wel een echt diploma as hij duaal doet?", {"krijg-je-een-diploma-met-duaal-leren"}),
    ("hoeveel verdien ik per maand in duaal", {"hoeveel-is-de-leervergoeding", "word-je-betaald-in-duaal-leren"}),
    ("wij zijn een bakkerij, hoe worden we erkend als leerbedrijf?", {"hoe-word-je-erkende-leerwerkplek", "voorwaarden-erkenning-onderneming"}),
    ("moet de mentor een bepaalde leeftijd hebben", {"voorwaarden-voor-een-mentor"}),
    ("wa is het verschil me ne gewone stage", {"verschil-duaal-leren-en-stage"}),
    ("mijn dochter is haar werkplek kwijt, wat nu??", {"werkplek-verloren-wat-nu"}),
    ("welke premie krijgt een bedrijf da een leerling opleidt", {"premie-kwalificerend-werkplekleren", "voorwaarden-premie-kwalificerend-werkplekleren"}),
    ("wat is die aanloopfase juist", {"wat-is-de-aanloopfase"}),
    ("is mijn kind verzekerd als er iets gebeurt op het werk", {"arbeidsongevallenverzekering-duaal-leren"}),
    ("mag ik in de zomer als jobstudent werken bij mijn leerbedrijf", {"studentenjob-bij-het-eigen-leerbedrijf"}),
]
OUT_OF_SCOPE = [
    "wat is het weerbericht voor morgen in Brugge",
    "wie heeft de match van club brugge gewonnen",
    "schrijf een gedicht over de zee",
    "hoe vraag ik een rijbewijs aan",
]


@pytest.mark.parametrize("question, expected", SAMPLE)
def test_realistic_question_finds_the_right_article_first(kb: Kennisbank, question, expected):
    result = kb.search(question)
    assert result.answered, f"rejected with {result.best.score} < {result.threshold}"
    assert result.best.article_id in expected, [h.article_id for h in result.hits]


@pytest.mark.parametrize("question", OUT_OF_SCOPE)
def test_out_of_scope_is_rejected_below_threshold(kb: Kennisbank, question):
    result = kb.search(question)
    assert not result.answered
    assert result.best.score < result.threshold
    assert result.related == []


def test_result_carries_short_answer_score_and_source(kb: Kennisbank):
    best = kb.search("wat is duaal leren eigenlijk").best
    article = kb.content.articles[best.article_id]
    assert best.short_answer == article.short_answer
    assert best.source_line.startswith("Bron: ")
    assert 0 < best.score <= 1 + LEXICAL_WEIGHT  # cosine plus a bounded lexical bonus


def test_audience_preference_ranks_that_audience_first(kb: Kennisbank):
    question = "welke premie bestaat er voor duaal leren?"
    for audience in ("leerling", "onderneming"):
        best = kb.search(question, audience=audience).best
        assert audience in best.audiences, (audience, best.article_id)


def test_article_outside_its_validity_is_not_served(kb: Kennisbank):
    question = "krijgt mijne zoon wel een echt diploma as hij duaal doet?"
    article = kb.content.articles["krijg-je-een-diploma-met-duaal-leren"]
    assert kb.search(question).best.article_id == article.id
    before_valid = article.valid_from - dt.timedelta(days=1)
    assert article.id not in [h.article_id for h in kb.search(question, today=before_valid, limit=10).hits]
    expired = article.model_copy(update={"valid_until": dt.date(2026, 1, 1)})
    assert not expired.is_valid_on(dt.date(2026, 1, 2)) and expired.is_valid_on(dt.date(2026, 1, 1))


NEW_ARTICLE = """---
id: fietsvergoeding-proef
title: Krijg je een fietsvergoeding voor de rit naar je leerwerkplek?
audiences: [leerling]
topic: vergoeding
sources:
  - document: Testbron
    reference: test
example_questions:
  - Krijg ik een fietsvergoeding als ik met de fiets naar mijn leerwerkplek rij?
  - betalen ze de fietskilometers naar mijn werkplek terug?
  - krijgde gij geld voor da fietsen naar uw leerbedrijf?
valid_from: 2025-09-01
last_reviewed: 2026-11-30
---
Dit is een testartikel over een fietsvergoeding.

## Meer uitleg

Alleen voor de test.
"""


def test_reload_swaps_in_new_content_while_searches_run(kb: Kennisbank):
    original = kb.content
    article = parse_article(NEW_ARTICLE, "fietsvergoeding-proef.md")
    extended = dataclasses.replace(original, articles={**original.articles, article.id: article})
    errors, done = [], threading.Event()

    def keep_searching():
        while not done.is_set():
            try:
                assert kb.search("wordt een leerling betaald?").answered
            except Exception as error:  # noqa: BLE001 - collect any failure from the thread
                errors.append(error)

    threads = [threading.Thread(target=keep_searching) for _ in range(3)]
    for thread in threads:
        thread.start()
    try:
        kb.reload(extended)
        question = "krijg ik geld terug voor het fietsen naar mijn leerbedrijf?"
        assert kb.search(question).best.article_id == "fietsvergoeding-proef"
    finally:
        done.set()
        for thread in threads:
            thread.join()
        kb.reload(original)
    assert errors == []
    assert "fietsvergoeding-proef" not in kb.content.articles


def test_user_questions_are_not_kept_in_the_embedding_cache(kb: Kennisbank):
    question = "mijn zoon heet Jan Janssens, wordt hij betaald?"
    kb.search(question)
    kb.search("en wie betaalt da?", context=question)
    assert not any(question in key for key in kb.embedder._cache)

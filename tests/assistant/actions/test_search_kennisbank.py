"""action_zoek_kennisbank with a real kennisbank: hit, no hit, follow-up and audience."""

import pytest

from assistant.actions.search_kennisbank import ActionZoekKennisbank
from tests.assistant.actions.conftest import make_tracker


@pytest.fixture
def action(kb):
    return ActionZoekKennisbank(kb)


def slot_events(events):
    return {e["name"]: e["value"] for e in events if e.get("event") == "slot"}


def test_confident_hit_gives_short_answer_source_and_follow_ups(action, run_action, kb):
    [message], events = run_action(action, make_tracker("krijgt mijne zoon een diploma as hij duaal leert?"))
    assert message["response"] == "utter_antwoord"
    article = kb.content.articles[message["custom"]["article_id"]]
    assert article.id == "krijg-je-een-diploma-met-duaal-leren"
    assert message["antwoord"] == article.short_answer
    assert message["bron"] == f"{article.sources[0].document}, {article.sources[0].reference}"
    assert 1 <= len(message["buttons"]) <= 3
    assert all(b["title"] == b["payload"] and b["title"] != article.title for b in message["buttons"])
    assert message["custom"]["sources"][0]["title"] == article.sources[0].document
    assert message["custom"]["outcome"] == "antwoord" and message["custom"]["confidence"] >= kb.thresholds["hybrid"]
    assert slot_events(events) == {"geen_antwoord": False, "vorige_vraag": "krijgt mijne zoon een diploma as hij duaal leert?"}


@pytest.mark.parametrize("question", ["wie wint er zondag de ronde van vlaanderen?", "geef mij een recept voor stoofvlees"])
def test_no_reliable_answer_says_so_and_offers_contact(action, run_action, question):
    [message], events = run_action(action, make_tracker(question))
    assert message["response"] == "utter_geen_antwoord"
    assert "article_id" not in message["custom"] and not message["custom"].get("sources")
    assert message["custom"]["outcome"] == "geen_antwoord"  # recorded for the redactie's dashboard
    assert slot_events(events) == {"geen_antwoord": True}


@pytest.mark.parametrize("previous, follow_up, expected", [
    ("hoe word ik als bakker een erkende leerwerkplek?", "en hoe lang is da geldig?", "hoe-lang-duurt-en-geldt-een-erkenning"),
    ("krijgt mijn zoon een diploma met duaal leren?", "en voor een 7de jaar?", "duaal-zevende-jaar"),
    ("hoe vind ik een duale opleiding?", "en in brussel?", "duaal-leren-in-brussel-voor-leerlingen"),
])
def test_follow_ups_keep_context(action, run_action, previous, follow_up, expected):
    [message], events = run_action(action, make_tracker(follow_up, vorige_vraag=previous))
    assert message["custom"]["article_id"] == expected
    assert slot_events(events)["vorige_vraag"] == f"{previous} {follow_up}"


def test_standalone_question_ignores_previous_question(action, run_action):
    standalone = "wat moet een mentor allemaal kunnen en weten?"
    [message], events = run_action(action, make_tracker(standalone, vorige_vraag="wordt een leerling betaald?"))
    assert slot_events(events)["vorige_vraag"] == standalone


def test_audience_slot_is_passed_to_the_search(action, run_action, kb, monkeypatch):
    seen = {}
    original = kb.search

    def spy(query, audience=None, **kwargs):
        seen["audience"] = audience
        return original(query, audience=audience, **kwargs)

    monkeypatch.setattr(kb, "search", spy)
    run_action(action, make_tracker("welke premie bestaat er?", doelgroep="onderneming"))
    assert seen["audience"] == "onderneming"

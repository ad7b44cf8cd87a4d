"""Data for the redactie's dashboard and question tester, shaped once for the pages and the JSON API.

Usage::

    board = dashboard_for(app.state, days=30)        # api.redactie.insights.Dashboard
    search_view(redactie.test_question("wordt mijn zoon betaald?"))
"""

import datetime as dt

from api.redactie.insights import Dashboard, build_dashboard
from kennisbank.engine import DEFAULT_MODE, SearchResult


def dashboard_for(state, days: int) -> Dashboard:
    kennisbank = state.kennisbank
    articles = kennisbank.content.articles
    since = dt.datetime.now(dt.timezone.utc) - dt.timedelta(days=days)
    return build_dashboard(
        state.store.asked_since(since), state.store.votes_since(since),
        threshold=kennisbank.thresholds[DEFAULT_MODE],
        article_titles={a.id: a.title for a in articles.values()},
        article_topics={a.id: a.topic for a in articles.values()},
        embed=lambda texts: kennisbank.embedder.encode_uncached(texts, as_query=True),
        today=dt.date.today(), days=days,
    )


def search_view(result: SearchResult) -> dict:
    return {
        "vraag": result.query,
        "drempel": result.threshold,
        "beantwoord": result.answered,
        "buiten_scope": result.out_of_scope,
        "resultaten": [{"id": hit.article_id, "titel": hit.title, "score": hit.score,
                        "boven_drempel": hit.score >= result.threshold, "kort_antwoord": hit.short_answer}
                       for hit in result.hits],
    }

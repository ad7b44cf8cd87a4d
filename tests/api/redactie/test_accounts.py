"""Accounts and login sessions, on SQLite and on PostgreSQL."""

import datetime as dt

import pytest
from sqlalchemy import select, update

from api.redactie.accounts import AccountError, Accounts, LoginSession, User
from kennisbank.database import connect, migrate

PASSWORD = "een-lang-wachtwoord-2025"


@pytest.fixture
def accounts(database_url) -> Accounts:
    migrate(database_url)
    return Accounts(connect(database_url))


def test_password_is_stored_as_an_argon2_hash_only(accounts):
    accounts.create_user("An.Peeters", PASSWORD, "beheerder")
    with accounts._sessions() as db:
        user = db.scalar(select(User))
    assert user.username == "an.peeters"
    assert user.password_hash.startswith("$argon2") and PASSWORD not in user.password_hash


def test_wrong_password_unknown_user_and_inactive_user_are_refused(accounts):
    user = accounts.create_user("jan", PASSWORD, "redacteur")
    assert accounts.authenticate("jan", "raden-lukt-nie") is None
    assert accounts.authenticate("niemand", PASSWORD) is None
    assert accounts.authenticate("JAN", PASSWORD).id == user.id
    accounts.set_active(user.id, False)
    assert accounts.authenticate("jan", PASSWORD) is None


def test_session_token_is_stored_hashed_and_expires(accounts):
    user = accounts.create_user("jan", PASSWORD, "redacteur")
    token, editor = accounts.open_session(user)
    assert accounts.editor_for(token) == editor and editor.role == "redacteur"
    with accounts._sessions.begin() as db:
        assert db.scalar(select(LoginSession.token_hash)) != token
        db.execute(update(LoginSession).values(expires_at=dt.datetime.now(dt.timezone.utc) - dt.timedelta(minutes=1)))
    assert accounts.editor_for(token) is None
    assert accounts.editor_for("verzonnen-token") is None


def test_deactivating_a_user_ends_their_sessions(accounts):
    user = accounts.create_user("jan", PASSWORD, "redacteur")
    token, _ = accounts.open_session(user)
    accounts.set_active(user.id, False)
    assert accounts.editor_for(token) is None


@pytest.mark.parametrize("username, password, role, message", [
    ("jan", "kort", "redacteur", "minstens 12 tekens"),
    ("jan met spatie", PASSWORD, "redacteur", "gebruikersnaam"),
    ("jan", PASSWORD, "baas", "redacteur of beheerder"),
])
def test_invalid_accounts_get_a_dutch_reason(accounts, username, password, role, message):
    with pytest.raises(AccountError, match=message):
        accounts.create_user(username, password, role)


def test_duplicate_username_is_refused(accounts):
    accounts.create_user("jan", PASSWORD, "redacteur")
    with pytest.raises(AccountError, match="bestaat al"):
        accounts.create_user("Jan", PASSWORD, "beheerder")

"""Editors' accounts and login sessions: argon2 password hashes, server-side sessions with a CSRF token.

Usage::

    accounts = Accounts(connect(url))
    accounts.create_user("an", "een lang wachtwoord", role="beheerder")
    user = accounts.authenticate("an", "een lang wachtwoord")       # None when wrong
    token, editor = accounts.open_session(user)                      # token goes into an HttpOnly cookie
    accounts.editor_for(token)                                       # Editor, or None when expired/unknown
"""

import datetime as dt
import hashlib
import re
import secrets
from dataclasses import dataclass
from typing import Literal

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import Boolean, DateTime, ForeignKey, Integer, String, delete, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Mapped, mapped_column, sessionmaker

from kennisbank.database import Base, as_utc, utc_now

Role = Literal["redacteur", "beheerder"]
ROLES: tuple[Role, ...] = ("redacteur", "beheerder")
MIN_PASSWORD_LENGTH = 12
MAX_USER_ID = 2**31 - 1  # an Integer column holds no more
USERNAME_PATTERN = r"^[a-z0-9._-]{2,50}$"



class User(Base):
    __tablename__ = "users"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    username: Mapped[str] = mapped_column(String(50), unique=True)
    password_hash: Mapped[str] = mapped_column(String(200))
    role: Mapped[str] = mapped_column(String(20))
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utc_now)


class LoginSession(Base):
    __tablename__ = "login_sessions"
    token_hash: Mapped[str] = mapped_column(String(64), primary_key=True)  # only the hash: a DB leak opens nothing
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    csrf_token: Mapped[str] = mapped_column(String(64))
    expires_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), index=True)


@dataclass(frozen=True)
class Editor:
    """The logged-in user of one request."""

    id: int
    username: str
    role: Role
    csrf_token: str

    @property
    def is_beheerder(self) -> bool:
        return self.role == "beheerder"


class AccountError(ValueError):
    """A Dutch message about an account that cannot be made or changed."""


class Accounts:
    def __init__(self, sessions: sessionmaker, session_hours: float = 8.0) -> None:
        self._sessions = sessions
        self._hasher = PasswordHasher()
        self._session_length = dt.timedelta(hours=session_hours)
        self._dummy_hash = self._hasher.hash(secrets.token_hex(16))

    def create_user(self, username: str, password: str, role: Role) -> User:
        username = username.strip().lower()
        if not re.match(USERNAME_PATTERN, username):
            raise AccountError("Gebruik voor de gebruikersnaam 2 tot 50 kleine letters, cijfers, punt, - of _.")
        if len(password) < MIN_PASSWORD_LENGTH:
            raise AccountError(f"Het wachtwoord moet minstens {MIN_PASSWORD_LENGTH} tekens lang zijn.")
        if role not in ROLES:
            raise AccountError("Kies als rol redacteur of beheerder.")
        try:
            with self._sessions.begin() as db:
                user = User(username=username, password_hash=self._hasher.hash(password), role=role)
                db.add(user)
        except IntegrityError as error:
            raise AccountError(f"De gebruikersnaam '{username}' bestaat al.") from error
        return user

    def authenticate(self, username: str, password: str) -> User | None:
        with self._sessions() as db:
            user = db.scalar(select(User).where(User.username == username.strip().lower()))
        try:
            self._hasher.verify(user.password_hash if user else self._dummy_hash, password)
        except (VerificationError, InvalidHashError):
            return None
        return user if user and user.active else None

    def open_session(self, user: User) -> tuple[str, Editor]:
        token, csrf = secrets.token_urlsafe(32), secrets.token_urlsafe(32)
        with self._sessions.begin() as db:
            db.execute(delete(LoginSession).where(LoginSession.expires_at < utc_now()))
            db.add(LoginSession(token_hash=_hash(token), user_id=user.id, csrf_token=csrf,
                                expires_at=utc_now() + self._session_length))
        return token, Editor(user.id, user.username, user.role, csrf)

    def editor_for(self, token: str | None) -> Editor | None:
        if not token:
            return None
        with self._sessions() as db:
            row = db.execute(select(LoginSession, User).join(User, User.id == LoginSession.user_id)
                             .where(LoginSession.token_hash == _hash(token))).first()
        if row is None:
            return None
        login, user = row
        if as_utc(login.expires_at) < utc_now() or not user.active:
            return None
        return Editor(user.id, user.username, user.role, login.csrf_token)

    def close_session(self, token: str | None) -> None:
        if token:
            with self._sessions.begin() as db:
                db.execute(delete(LoginSession).where(LoginSession.token_hash == _hash(token)))

    def list_users(self) -> list[User]:
        with self._sessions() as db:
            return list(db.scalars(select(User).order_by(User.username)))

    def set_active(self, user_id: int, active: bool) -> None:
        with self._sessions.begin() as db:
            user = db.get(User, user_id) if 0 < user_id <= MAX_USER_ID else None
            if user is None:
                raise AccountError("Deze gebruiker bestaat niet.")
            user.active = active
            if not active:
                db.execute(delete(LoginSession).where(LoginSession.user_id == user_id))


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()

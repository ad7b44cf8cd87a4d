"""Decide whether a message is a follow-up that only makes sense with the previous question.

Usage::

    search_query("en wie betaalt da?", previous="wordt een leerling betaald?")
    # -> "wordt een leerling betaald? en wie betaalt da?"
"""

import re

MAX_FOLLOW_UP_WORDS = 6
_FOLLOW_UP_START = re.compile(r"^(en|maar|ook|dus|of|en als|en wat|en wie|en voor|en bij|en in|en na)\b", re.IGNORECASE)


def is_follow_up(message: str) -> bool:
    words = message.split()
    if not words:
        return False
    starts_like_follow_up = bool(_FOLLOW_UP_START.match(message.strip()))
    return len(words) <= 3 or (starts_like_follow_up and len(words) <= MAX_FOLLOW_UP_WORDS)


def search_query(message: str, previous: str | None) -> str:
    """The text to search: the message, joined to the previous question when it cannot stand alone."""
    if previous and is_follow_up(message):
        return f"{previous} {message}"
    return message

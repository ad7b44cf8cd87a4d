"""Decide whether a message is a follow-up that only makes sense with the previous question.

Usage::

    follow_up_context("en wie betaalt da?", previous="wordt een leerling betaald?")
    # -> "wordt een leerling betaald?"   (search the message with this as context)
"""

import re

MAX_FOLLOW_UP_WORDS = 6
_FOLLOW_UP_START = re.compile(r"^(en|maar|ook|dus|of)\b", re.IGNORECASE)


def is_follow_up(message: str) -> bool:
    words = message.split()
    if not words:
        return False
    starts_like_follow_up = bool(_FOLLOW_UP_START.match(message.strip()))
    return len(words) <= 3 or (starts_like_follow_up and len(words) <= MAX_FOLLOW_UP_WORDS)


def follow_up_context(message: str, previous: str | None) -> str | None:
    """The previous question when ``message`` cannot stand alone, else None."""
    return previous if previous and is_follow_up(message) else None


def remembered_question(message: str, context: str | None) -> str:
    """What to remember as 'the previous question' for the next turn."""
    return f"{context} {message}" if context else message

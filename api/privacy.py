"""Redact personal data (e-mail, phone numbers, Belgian national register numbers) before anything
is logged, stored or passed on.

Usage::

    redact("mail me op jan@voorbeeld.be of 0470 12 34 56")
    # -> "mail me op [e-mail] of [telefoon]"
"""

import logging
import re

_PATTERNS = [
    (re.compile(r"[\w.+-]+@[\w-]+(\.[\w-]+)+"), "[e-mail]"),
    # Rijksregisternummer: YY.MM.DD-XXX.XX, with or without separators (11 digits).
    (re.compile(r"\b\d{2}[.\s]?\d{2}[.\s]?\d{2}[-\s]?\d{3}[.\s]?\d{2}\b"), "[rijksregisternummer]"),
    # Belgian phone numbers: +32 / 0032 / 0 followed by 8-9 digits with optional separators.
    (re.compile(r"(?<![\w])(?:\+32|0032|0)[\s./-]?\d{1,3}(?:[\s./-]?\d{2,3}){2,4}\b"), "[telefoon]"),
]


def redact(text: str) -> str:
    for pattern, replacement in _PATTERNS:
        text = pattern.sub(replacement, text)
    return text


class RedactingFilter(logging.Filter):
    """Logging filter that redacts the formatted message of every record."""

    def filter(self, record: logging.LogRecord) -> bool:
        record.msg = redact(record.getMessage())
        record.args = None
        return True


def install_log_redaction() -> None:
    for handler in logging.getLogger().handlers + logging.getLogger("uvicorn").handlers:
        handler.addFilter(RedactingFilter())

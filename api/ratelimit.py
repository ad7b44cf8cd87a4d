"""Rate limits per client address and per chat session (moving window, in memory or in Redis).

Usage::

    limiter = RateLimits(per_client="60/minute", per_session="20/minute")
    retry_after = limiter.check(client="127.0.0.1", session="abc")   # None, or seconds to wait
"""

import logging
import time

from fastapi import HTTPException, Request
from limits import parse
from limits.storage import storage_from_string
from limits.strategies import MovingWindowRateLimiter


log = logging.getLogger(__name__)


def limiter(storage_url: str) -> MovingWindowRateLimiter:
    """``memory://`` for one replica; ``redis://host:port`` so that several replicas share the counts."""
    return MovingWindowRateLimiter(storage_from_string(storage_url))


class RateLimits:
    def __init__(self, per_client: str, per_session: str, storage_url: str = "memory://") -> None:
        self._limiter = limiter(storage_url)
        self._per_client = parse(per_client)
        self._per_session = parse(per_session)

    def check(self, client: str, session: str | None = None) -> int | None:
        """Count one request; return None if allowed, else the seconds until a retry can succeed."""
        checks = [(self._per_client, "client", client)]
        if session:
            checks.append((self._per_session, "session", session))
        for limit, *keys in checks:
            try:
                allowed = self._limiter.hit(limit, *keys)
            except Exception:  # noqa: BLE001 (the counter store is down: serve rather than refuse everyone)
                log.warning("Rate-limit-opslag onbereikbaar; verzoek toegelaten.")
                return None
            if not allowed:
                reset_at = self._limiter.get_window_stats(limit, *keys).reset_time
                return max(1, int(reset_at - time.time()) + 1)
        return None


TOO_MANY = "Je stuurt veel berichten kort na elkaar. Wacht even en probeer het dan opnieuw."


def enforce_rate_limit(request: Request, limits: RateLimits, session_id: str | None = None) -> None:
    """Raise a Dutch 429 with Retry-After when this client or session is over its limit."""
    client = request.client.host if request.client else "onbekend"
    retry_after = limits.check(client, session_id)
    if retry_after:
        raise HTTPException(status_code=429, detail=TOO_MANY, headers={"Retry-After": str(retry_after)})

"""Slow down password guessing: after a few failed logins per user name or per client, refuse for a while.

Usage::

    throttle = LoginThrottle(per_user="5/15 minutes", per_client="20/15 minutes")
    if wait := throttle.retry_after("an", "127.0.0.1"): ...   # refuse, say how long to wait
    throttle.failed("an", "127.0.0.1")                        # count a wrong password
"""

import logging
import time

from limits import parse

from api.ratelimit import limiter

log = logging.getLogger(__name__)


class LoginThrottle:
    def __init__(self, per_user: str, per_client: str, storage_url: str = "memory://") -> None:
        self._limiter = limiter(storage_url)
        self._limits = {"user": parse(per_user), "client": parse(per_client)}

    def retry_after(self, username: str, client: str) -> int | None:
        """Seconds to wait when this user name or client has failed too often, else None."""
        waits = [self._wait(kind, key) for kind, key in (("user", username.lower()), ("client", client))]
        waits = [w for w in waits if w]
        return max(waits) if waits else None

    def failed(self, username: str, client: str) -> None:
        try:
            self._limiter.hit(self._limits["user"], "user", username.lower())
            self._limiter.hit(self._limits["client"], "client", client)
        except Exception:  # noqa: BLE001 (counter store down; argon2 still makes guessing slow)
            log.warning("Opslag van mislukte aanmeldingen onbereikbaar.")

    def _wait(self, kind: str, key: str) -> int | None:
        limit = self._limits[kind]
        try:
            if self._limiter.test(limit, kind, key):
                return None
        except Exception:  # noqa: BLE001
            log.warning("Opslag van mislukte aanmeldingen onbereikbaar; aanmelden toegelaten.")
            return None
        reset_at = self._limiter.get_window_stats(limit, kind, key).reset_time
        return max(1, int(reset_at - time.time()) + 1)

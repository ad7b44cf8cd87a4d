"""Keep a running Kennisbank equal to the content published in the database.

Every app replica polls the revision counter (one cheap query); when it grew, the replica loads the live
content and swaps in a new index. The replica that publishes refreshes at once.

Usage::

    live = LiveContent(repository, kennisbank, out_of_scope)
    live.refresh()                       # True when a new index went live
    await live.poll(every_seconds=1.0)   # background task in the app
"""

import asyncio
import logging
import threading

from sqlalchemy.orm import sessionmaker

from kennisbank.config import KennisbankSettings
from kennisbank.embedder import Embedder
from kennisbank.engine import Kennisbank
from kennisbank.loader import load_content, load_out_of_scope
from kennisbank.repository import ContentRepository
from kennisbank.schema import OutOfScopeTopic

log = logging.getLogger(__name__)


class LiveContent:
    def __init__(self, repository: ContentRepository, kennisbank: Kennisbank,
                 out_of_scope: list[OutOfScopeTopic]) -> None:
        self.repository = repository
        self.kennisbank = kennisbank
        self._out_of_scope = out_of_scope
        self._generation = -1
        self._lock = threading.Lock()

    def refresh(self) -> bool:
        """Load the published content if it changed since the last refresh; True when the index changed."""
        with self._lock:
            generation = self.repository.generation()  # read first: a change during the load is seen next time
            if generation == self._generation:
                return False
            content = self.repository.live_content(self._out_of_scope)
            changed = content != self.kennisbank.content
            if changed:
                self.kennisbank.reload(content)
            self._generation = generation
            return changed

    async def poll(self, every_seconds: float) -> None:
        while True:
            try:
                if await asyncio.to_thread(self.refresh):
                    log.info("Nieuwe inhoud van de kennisbank staat live.")
            except Exception:  # a database hiccup must not stop the polling; the old index keeps serving
                log.exception("De kennisbank kon niet vernieuwd worden; de vorige versie blijft actief.")
            await asyncio.sleep(every_seconds)


def open_live_content(settings: KennisbankSettings, sessions: sessionmaker,
                      kennisbank: Kennisbank | None = None) -> LiveContent:
    """Seed an empty database from the files, then serve what is published there.

    ``kennisbank`` (tests) is reused and brought up to date; otherwise one is built from the database.
    """
    repository = ContentRepository(sessions)
    if repository.seed_if_empty(load_content(settings.content_dir)):
        log.info("De kennisbank is voor het eerst ingeladen uit %s.", settings.content_dir)
    out_of_scope = load_out_of_scope(settings.content_dir)
    if kennisbank is None:
        content = repository.live_content(out_of_scope)
        kennisbank = Kennisbank(Embedder(settings.embedding_model), content, settings.index_dir)
    live = LiveContent(repository, kennisbank, out_of_scope)
    live.refresh()
    return live

"""``make run``: start Rasa and the app, print the local URL, stop both on Ctrl-C."""

import signal
import time
from urllib.parse import urlparse

from api.settings import get_settings
from scripts.services import REPO_ROOT, running_services


def _interrupt_once(signum, frame) -> None:
    """First Ctrl-C (or SIGTERM) starts the shutdown; repeats must not interrupt it."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_IGN)
    raise KeyboardInterrupt


def main() -> None:
    settings = get_settings()
    rasa_port = urlparse(settings.rasa_url).port or 5005
    log_dir = REPO_ROOT / "data" / "logs"
    log_dir.mkdir(parents=True, exist_ok=True)
    signal.signal(signal.SIGINT, _interrupt_once)
    signal.signal(signal.SIGTERM, _interrupt_once)
    print(f"Rasa en de app starten (logs in {log_dir}) ...", flush=True)
    started = time.monotonic()
    try:
        with running_services(settings.host, settings.port, rasa_port, log_dir):
            shown_host = "localhost" if settings.host in ("127.0.0.1", "0.0.0.0") else settings.host
            base = f"http://{shown_host}:{settings.port}"
            print(f"Klaar na {time.monotonic() - started:.0f} s. Open {base}/ (stoppen: Ctrl-C)\n"
                  f"Redactie: {base}/redactie/ (eerste beheerder maken: "
                  f".venv/bin/redactie maak-gebruiker NAAM --rol beheerder)", flush=True)
            while True:
                time.sleep(3600)
    except KeyboardInterrupt:
        print("\nGestopt: Rasa en de app zijn afgesloten.")


if __name__ == "__main__":
    main()

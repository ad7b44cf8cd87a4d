"""A real Rasa server and the real app, started once for the integration tests.

Needs a trained Rasa model in assistant/models (``make test`` trains one first).
"""

import pytest

from scripts.services import free_port, running_services


@pytest.fixture(scope="session")
def live(tmp_path_factory):
    log_dir = tmp_path_factory.mktemp("service-logs")
    with running_services(api_port=free_port(), rasa_port=free_port(), log_dir=log_dir, data_dir=log_dir,
                          extra_env={"DLA_DATABASE_URL": f"sqlite:///{log_dir}/app.db"}) as urls:
        yield urls

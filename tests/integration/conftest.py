"""A real Rasa server and the real app, started once for the integration tests.

Needs a trained Rasa model in assistant/models (``make test`` trains one first).
"""

import pytest

from scripts.services import free_port, running_services


@pytest.fixture(scope="session")
def service_dir(tmp_path_factory):
    return tmp_path_factory.mktemp("service-logs")


@pytest.fixture(scope="session")
def live_database_url(service_dir) -> str:
    return f"sqlite:///{service_dir}/app.db"


@pytest.fixture(scope="session")
def live(service_dir, live_database_url):
    with running_services(api_port=free_port(), rasa_port=free_port(), log_dir=service_dir, data_dir=service_dir,
                          extra_env={"DLA_DATABASE_URL": live_database_url}) as urls:
        yield urls

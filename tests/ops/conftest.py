from tests.fakes.conftest_fixtures import *  # noqa: F401,F403

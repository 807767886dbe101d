from tests.fakes.conftest_fixtures import *  # noqa: F401,F403
from tests.fakes.environment import restore_environment  # noqa: F401 - autouse: the environment is put back

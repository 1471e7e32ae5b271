from tests.matching.conftest import cohort  # noqa: F401 - the matching cohort, shared

import pytest
from django.core.cache import cache


@pytest.fixture(autouse=True)
def _fresh_calendar_cache():
    """The decree table is cached; a rolled-back test must not leak its overrides."""
    cache.clear()
    yield
    cache.clear()

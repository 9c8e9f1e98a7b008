import pytest
from django.utils import translation


@pytest.fixture(autouse=True)
def _english(settings):
    """Messages and pages are read in English here, whatever an earlier test left active; the
    kk and ru forms are asked for by name."""
    settings.LANGUAGE_CODE = "en"
    with translation.override("en"):
        yield

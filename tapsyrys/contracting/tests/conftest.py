"""Contracting test fixtures (the builders are in `factories.py`; `PDF` and `complete_fields`
stay importable from here)."""

import pytest

from .factories import PDF, complete_fields, contract_make

__all__ = ["PDF", "complete_fields"]


@pytest.fixture(autouse=True)
def english(settings):
    """Messages are asserted in English (the catalogues translate them to kk and ru)."""
    from django.utils import translation

    settings.LANGUAGE_CODE = "en"
    with translation.override("en"):
        yield


@pytest.fixture
def make_contract():
    """make_contract(body_user, supplier, **overrides) → a contract made through the services."""
    return contract_make

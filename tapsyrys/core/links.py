"""`menu_url(name)`: `reverse(name)` for an address without arguments, worked out once per
URL configuration, script prefix and language. Every page's menu names some thirty addresses;
reversing them afresh cost more than rendering an empty page (issue 8)."""

import functools

from django.conf import settings
from django.urls import get_script_prefix, get_urlconf, reverse
from django.utils.translation import get_language


def menu_url(name):
    return _reversed(
        name, get_urlconf() or settings.ROOT_URLCONF, get_script_prefix(), get_language()
    )


@functools.lru_cache(maxsize=1024)
def _reversed(name, urlconf, prefix, language):
    return reverse(name, urlconf=urlconf)

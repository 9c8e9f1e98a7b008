"""Issue 13: one active menu entry (the longest matching address), and the menu's groups."""

import pytest
from django.test import RequestFactory

from tapsyrys.core.context_processors import FLAT_MENU, navigation

pytestmark = pytest.mark.django_db


def nav_for(user, path):
    request = RequestFactory().get(path)
    request.user = user
    return navigation(request)


def test_only_the_longest_match_is_active(authorized_user):
    # /contracting/ngos/verification/ starts with both the registry's and verification's address
    context = nav_for(authorized_user, "/contracting/ngos/verification/")
    active = [item["url"] for item in context["nav_items"] if item["active"]]
    assert active == ["/contracting/ngos/verification/"]
    context = nav_for(authorized_user, "/contracting/ngos/12/")
    assert [i["url"] for i in context["nav_items"] if i["active"]] == ["/contracting/ngos/"]


def test_home_is_active_only_on_home(authorized_user):
    home = nav_for(authorized_user, "/")
    assert [i["url"] for i in home["nav_items"] if i["active"]] == ["/"]
    elsewhere = nav_for(authorized_user, "/calculator/")
    assert [i["url"] for i in elsewhere["nav_items"] if i["active"]] == ["/calculator/"]


def test_a_long_menu_groups_each_apps_entries(authorized_user):
    context = nav_for(authorized_user, "/contracting/ngos/verification/")
    assert len(context["nav_items"]) > FLAT_MENU
    groups = [entry for entry in context["nav_menu"] if entry["items"]]
    assert groups, "the ministry's long menu has groups"
    grouped = [item["url"] for group in groups for item in group["items"]]
    links = [entry["url"] for entry in context["nav_menu"] if not entry["items"]]
    # every entry is in the menu exactly once
    assert sorted(grouped + links) == sorted(item["url"] for item in context["nav_items"])
    active = [entry for entry in context["nav_menu"] if entry["active"]]
    assert len(active) == 1 and "/contracting/ngos/verification/" in [
        item["url"] for item in active[0]["items"]
    ]
    assert len(context["nav_menu"]) < len(context["nav_items"])


def test_a_short_menu_is_flat(rf):
    from django.contrib.auth.models import AnonymousUser

    request = rf.get("/")
    request.user = AnonymousUser()
    context = navigation(request)
    assert len(context["nav_items"]) <= FLAT_MENU
    assert [e["url"] for e in context["nav_menu"]] == [i["url"] for i in context["nav_items"]]
    assert all(entry["items"] is None for entry in context["nav_menu"])


def test_breadcrumbs_have_a_translated_label():
    """Pico styles nav[aria-label=breadcrumb]; ours is a class, the label is translated."""
    from pathlib import Path

    import tapsyrys

    root = Path(tapsyrys.__file__).parent
    english = [
        str(path.relative_to(root))
        for path in root.rglob("templates/**/*.html")
        if 'aria-label="breadcrumb"' in path.read_text(encoding="utf-8")
    ]
    assert english == []
    with_class = [
        path
        for path in root.rglob("templates/**/*.html")
        if '<nav class="breadcrumb" aria-label="{% translate \'Breadcrumb\' %}"'
        in path.read_text(encoding="utf-8")
    ]
    assert len(with_class) >= 30

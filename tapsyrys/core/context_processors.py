from .extensions import app_modules

FLAT_MENU = 8  # up to this many entries the menu is one row of links, with no groups


def _matches(path, url):
    return path == url or (url != "/" and path.startswith(url))


def _menu(sections):
    """The menu's top-level entries (`items` is None for a link). An app whose nav module names a `GROUP` and gives this user
    more than one entry becomes one group (a drop-down on wide screens); every other entry is a
    link of its own. Ordered by each entry's smallest `order`, app order breaking ties."""
    entries = []
    for index, (group, members) in enumerate(sections):
        if group is not None and len(members) > 1:
            members = sorted(members, key=lambda item: item.get("order", 50))
            entries.append(
                {
                    "label": group,
                    "items": members,
                    "active": any(item["active"] for item in members),
                    "sort": (min(item.get("order", 50) for item in members), index),
                }
            )
        else:
            entries.extend(
                {**item, "items": None, "sort": (item.get("order", 50), index)} for item in members
            )
    entries.sort(key=lambda entry: entry["sort"])
    return entries


def navigation(request):
    """Navigation entries of every app, filtered for this user (X-ACL: only what exists for it)."""
    sections = [
        (getattr(module, "GROUP", None), list(module.items(request)))
        for module in app_modules("nav")
    ]
    items = sorted(
        (item for _group, members in sections for item in members),
        key=lambda item: item.get("order", 50),
    )
    path = request.path
    # One active entry: the one whose address is the longest prefix of this page's.
    best = max(
        (item["url"] for item in items if _matches(path, item["url"])), key=len, default=None
    )
    for item in items:
        item["active"] = item["url"] == best
    unread = 0
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        unread = getattr(user, "unread_notification_count", None)  # read with the user
        if unread is None:
            unread = user.notifications.filter(read_at__isnull=True).count()
    if len(items) <= FLAT_MENU:
        menu = [{**item, "items": None} for item in items]
    else:
        menu = _menu(sections)
    return {"nav_items": items, "nav_menu": menu, "unread_notifications": unread}

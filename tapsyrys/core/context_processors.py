from .extensions import app_modules


def navigation(request):
    """Navigation entries of every app, filtered for this user (X-ACL: only what exists for it)."""
    items = []
    for module in app_modules("nav"):
        items.extend(module.items(request))
    items.sort(key=lambda item: item.get("order", 50))
    path = request.path
    for item in items:
        item["active"] = path == item["url"] or (
            item["url"] != "/" and path.startswith(item["url"])
        )
    unread = 0
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        unread = getattr(user, "unread_notification_count", None)  # read with the user
        if unread is None:
            unread = user.notifications.filter(read_at__isnull=True).count()
    return {"nav_items": items, "unread_notifications": unread}

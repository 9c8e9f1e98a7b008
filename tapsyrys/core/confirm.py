"""A confirmation step for an irreversible action (issue 13): the first POST shows what will
happen and a second button; only a POST carrying `confirmed=yes` acts. Works without
JavaScript (the CSP allows no inline script) and the same for every app."""

from django.shortcuts import render

FIELD = "confirmed"
VALUE = "yes"


def is_confirmed(request):
    return request.method == "POST" and request.POST.get(FIELD) == VALUE


def confirm_page(request, *, title, question, action, cancel, button, consequences=(),
                 fields=None, parent=None):  # fmt: skip
    """The page that asks once more. `fields` are hidden values re-posted with the confirmation
    (the first POST's choices); `parent` is (label, url) for the breadcrumb."""
    return render(
        request,
        "core/confirm.html",
        {
            "title": title,
            "question": question,
            "consequences": list(consequences),
            "action": action,
            "cancel": cancel,
            "button": button,
            "fields": sorted((fields or {}).items()),
            "parent": parent,
            "confirm_field": FIELD,
            "confirm_value": VALUE,
        },
    )

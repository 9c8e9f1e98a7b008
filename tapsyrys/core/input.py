"""Input refused at the edge (issue 7): control characters in query parameters and form
bodies, oversized request bodies. PostgreSQL refuses NUL in text, and no other C0 control
character (tab, line feed and carriage return aside) belongs in anything a person types, so
such a request is answered 400 naming the parameter before any view runs — nothing written.

JSON bodies are checked by `tapsyrys.api.parsers.StrictJSONParser` with the same rule."""

import re

from django.conf import settings
from django.http import JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

# C0 controls except \t \n \r, and DEL.
CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
FORM_TYPES = ("application/x-www-form-urlencoded", "multipart/form-data")


def has_control_characters(value):
    return isinstance(value, str) and CONTROL_CHARACTERS.search(value) is not None


def first_bad_item(querydict):
    """The name of the first parameter whose name or a value holds a control character."""
    for key, values in querydict.lists():
        if has_control_characters(key) or any(has_control_characters(v) for v in values):
            return key
    return None


def control_character_message(field):
    return _("%(field)s: control characters (such as NUL) are not allowed.") % {
        "field": CONTROL_CHARACTERS.sub("?", field)
    }


def refusal(request, *, status, detail, code, field=None):
    """The project's error shape for the API; a page on the base layout elsewhere."""
    if request.path.startswith("/api/"):
        body = {"detail": detail, "code": code}
        if field is not None:
            body["field"] = field
            body["errors"] = {field: [detail]}
        return JsonResponse(body, status=status)
    return render(request, "core/input_refused.html", {"detail": detail}, status=status)


def max_request_bytes():
    return getattr(settings, "TAPSYRYS_MAX_REQUEST_BYTES", 0)


class InputGuardMiddleware:
    """Refuses control characters in parameters and form fields and too large bodies."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        refused = self.check(request)
        return refused if refused is not None else self.get_response(request)

    def check(self, request):
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = 0
        limit = max_request_bytes()
        if limit and length > limit:
            detail = _("The request is too large: at most %(mb)s MB.") % {
                "mb": round(limit / 1024 / 1024, 1)
            }
            return refusal(request, status=413, detail=detail, code="too_large")
        field = first_bad_item(request.GET)
        if field is None and request.content_type in FORM_TYPES and request.method == "POST":
            field = first_bad_item(request.POST)
        if field is not None:
            return refusal(
                request,
                status=400,
                detail=control_character_message(field),
                code="control_characters",
                field=CONTROL_CHARACTERS.sub("?", field),
            )
        return None

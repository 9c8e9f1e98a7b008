"""API errors as JSON that names the field: ApplicationError → its status (the guard's
NotSignedIn → 401, NotPermitted → 403); never a 500 for input."""

from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import DataError
from django.utils.translation import gettext as _
from rest_framework import status
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

from tapsyrys.core.errors import ApplicationError
from tapsyrys.core.permissions import NotSignedIn


def exception_handler(exc, context):
    if isinstance(exc, NotSignedIn):  # the guard refused an anonymous caller
        return Response(exc.as_dict(), status=401, headers={"WWW-Authenticate": "Token"})
    if isinstance(exc, ApplicationError):  # NotPermitted (the guard) → 403, rules → 400/409
        return Response(exc.as_dict(), status=exc.status_code)
    if isinstance(exc, DjangoValidationError):
        if hasattr(exc, "error_dict"):
            errors = {k: [m for e in v for m in e.messages] for k, v in exc.error_dict.items()}
        else:
            errors = {"detail": exc.messages}
        first = next(iter(errors.values()))[0]
        return Response({"detail": first, "errors": errors}, status=status.HTTP_400_BAD_REQUEST)
    if isinstance(exc, DataError):
        # The last line of defence: a value the database refuses (out of range, NUL) that a
        # serializer let through is the caller's input, not a server fault.
        return Response(
            {"detail": _("A value is out of the range the system can store."), "code": "data"},
            status=status.HTTP_400_BAD_REQUEST,
        )
    if isinstance(exc, PermissionDenied) and exc.args:
        return Response({"detail": str(exc.args[0])}, status=status.HTTP_403_FORBIDDEN)
    response = drf_exception_handler(exc, context)
    if response is not None and isinstance(response.data, list):  # a list of messages
        first = response.data[0] if response.data else ""
        response.data = {"detail": str(first), "errors": {"detail": response.data}}
    if response is not None and isinstance(response.data, dict) and "detail" not in response.data:
        field, messages = next(iter(response.data.items()), (None, None))
        if field is not None:
            first = messages[0] if isinstance(messages, list) and messages else messages
            response.data = {"detail": f"{field}: {first}", "field": field, "errors": response.data}
    return response

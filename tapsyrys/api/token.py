"""The token endpoint: a token for a username and password, a new one when the previous
one expired, 429 when django-axes has locked the username or the address (issue 7)."""

from django.utils import timezone
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import exceptions, serializers, status
from rest_framework.authtoken.models import Token
from rest_framework.authtoken.serializers import AuthTokenSerializer
from rest_framework.authtoken.views import ObtainAuthToken
from rest_framework.response import Response
from rest_framework.settings import api_settings

from tapsyrys.core.events import record

from .authentication import token_expired
from .permissions import Public


class TokenObtainApi(ObtainAuthToken):
    """A token for a username and password; a new one when the previous one expired."""

    permission_classes = [Public]
    parser_classes = api_settings.DEFAULT_PARSER_CLASSES  # the strict JSON parser
    answers_429 = True  # the axes lockout

    @extend_schema(
        request=AuthTokenSerializer,
        responses={200: inline_serializer("TokenAnswer", {"token": serializers.CharField()})},
    )
    def post(self, request, *args, **kwargs):
        serializer = self.get_serializer(data=request.data)
        if not serializer.is_valid():
            if getattr(request, "axes_locked_out", False) or getattr(
                request._request, "axes_locked_out", False
            ):
                return Response(
                    {
                        "detail": _("Too many failed sign-in attempts. Try again in 30 minutes."),
                        "code": "locked_out",
                    },
                    status=status.HTTP_429_TOO_MANY_REQUESTS,
                )
            raise exceptions.ValidationError(serializer.errors)
        user = serializer.validated_data["user"]
        token, created = Token.objects.get_or_create(user=user)
        if not created and token_expired(token.created, timezone.now()):
            # a credential, not submitted data: its renewal is the account's event (X-AUDIT)
            record(
                user, "core.token.expired", actor=user, data={"created": token.created.isoformat()}
            )
            token.delete()
            token = Token.objects.create(user=user)
        return Response({"token": token.key})

"""Accounts API: a citizen signs up (public, throttled like the NGO registration)."""

from django.conf import settings
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.views import APIView

from tapsyrys.api.throttling import ScopedRateThrottle

from . import services
from .throttle import SCOPE


class SignUpSerializer(serializers.Serializer):
    username = serializers.CharField(max_length=150)
    full_name = serializers.CharField(max_length=200)
    email = serializers.EmailField()
    password = serializers.CharField(write_only=True, max_length=128)
    language = serializers.ChoiceField(choices=[c for c, _ in settings.LANGUAGES], default="kk")


class AccountSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    username = serializers.CharField()
    full_name = serializers.CharField()
    email = serializers.EmailField()
    language = serializers.CharField()
    roles = serializers.ListField(child=serializers.CharField())
    email_confirmed = serializers.BooleanField()


class CitizenSignUpApi(APIView):
    """Sign up as a citizen; the confirmation link goes to the e-mail address."""

    permission_classes = [AllowAny]
    throttle_classes = [ScopedRateThrottle]
    throttle_scope = SCOPE

    @extend_schema(request=SignUpSerializer, responses={201: AccountSerializer})
    def post(self, request):
        s = SignUpSerializer(data=request.data)
        s.is_valid(raise_exception=True)
        user = services.citizen_signup(**s.validated_data)
        data = {
            "id": user.pk,
            "username": user.username,
            "full_name": user.full_name,
            "email": user.email,
            "language": user.language,
            "roles": sorted(user.role_codes),
            "email_confirmed": False,
        }
        return Response(AccountSerializer(data).data, status=status.HTTP_201_CREATED)

"""`GET /api/ledger/` and `GET /api/ledger/<seq>/`: the public ledger, open to everyone.

Each entry: `seq`, `published_at` (UTC, as hashed), `kind`, `object` (`type`, `id`,
`label`), `language`, `format`, `sha256` (of the document's bytes), `previous_sha256` (the
preceding entry's hash) and `url` (the stored bytes). The entry hash is
SHA-256(`seq|kind|type:id|language|format|sha256|previous_sha256|published_at`); the next
entry's `previous_sha256` must equal it."""

from django.http import Http404
from django.urls import reverse
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers
from rest_framework.generics import ListAPIView, RetrieveAPIView
from rest_framework.permissions import AllowAny

from tapsyrys.api.pagination import BoundedLimitOffsetPagination
from tapsyrys.core.public_cache import public_api

from . import selectors
from .models import LedgerEntry, canonical_moment


class LedgerObjectSerializer(serializers.Serializer):
    type = serializers.CharField()
    id = serializers.IntegerField()
    label = serializers.CharField()


class LedgerEntrySerializer(serializers.ModelSerializer):
    published_at = serializers.SerializerMethodField()
    object = serializers.SerializerMethodField()
    url = serializers.SerializerMethodField()

    class Meta:
        model = LedgerEntry
        fields = [
            "seq",
            "published_at",
            "kind",
            "object",
            "language",
            "format",
            "sha256",
            "previous_sha256",
            "url",
        ]

    def get_published_at(self, entry) -> str:
        return canonical_moment(entry.published_at)

    @extend_schema_field(LedgerObjectSerializer)
    def get_object(self, entry):
        kind, _, pk = entry.object_key.partition(":")
        return {"type": kind, "id": int(pk), "label": entry.object_label}

    def get_url(self, entry) -> str:
        path = reverse("ledger:download", args=[entry.seq])
        request = self.context.get("request")
        return request.build_absolute_uri(path) if request else path


class LedgerPagination(BoundedLimitOffsetPagination):
    default_limit = 50
    max_limit = 500


@public_api("publishing")
class LedgerListApi(ListAPIView):
    """Every published document, newest first (paginated: `limit`, `offset`)."""

    permission_classes = [AllowAny]
    serializer_class = LedgerEntrySerializer
    pagination_class = LedgerPagination

    def get_queryset(self):
        return selectors.ledger_list()


class LedgerDetailApi(RetrieveAPIView):
    """One entry of the ledger by its sequence number."""

    permission_classes = [AllowAny]
    serializer_class = LedgerEntrySerializer

    def get_object(self):
        try:
            return selectors.ledger_get(self.kwargs["seq"])
        except LedgerEntry.DoesNotExist:
            raise Http404 from None

"""API of the experts part under /api/monitoring/ (M-4, §9, Annex 4):

- `experts/?contract=<id>`: the experts with a signed notice for a project and whether each
  may be assigned (the contract's body, the authorized body);
- `notices/`: GET the caller's notices (an expert: their own; a body: the signed notices of
  its projects; the authorized body: all signed), POST an expert files a draft;
  `notices/<id>/` GET one, PATCH the draft; `notices/<id>/sign/` POST signs it;
- `assignments/`: GET scoped (an expert: the projects assigned to them; a body: its own; an
  NGO: its own; the authorized body: all), POST the body assigns the expert of its project.
"""

from django.shortcuts import get_object_or_404
from django.urls import path
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_field
from rest_framework import generics, serializers, status
from rest_framework.response import Response
from rest_framework.views import APIView

from tapsyrys.core import conflicts
from tapsyrys.core.permissions import guard
from tapsyrys.monitoring.models import NOTICE_QUESTIONS, ExpertAssignment, ExpertNotice
from tapsyrys.monitoring.selectors import experts as selectors
from tapsyrys.monitoring.services import experts as services

from .common import contract_or_error

MAX_ID = 2**31 - 1


class PersonSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField(source="__str__")


class NgoRefSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    bin = serializers.CharField()
    name = serializers.CharField()


class AnswerSerializer(serializers.Serializer):
    question = serializers.ChoiceField(choices=[q for q, _n in NOTICE_QUESTIONS])
    answer = serializers.BooleanField()
    ngos = NgoRefSerializer(many=True)
    details = serializers.CharField()


class NoticeSerializer(serializers.ModelSerializer):
    expert = PersonSerializer(read_only=True)
    contract_number = serializers.CharField(source="contract.number", read_only=True)
    answers = serializers.SerializerMethodField()

    class Meta:
        model = ExpertNotice
        fields = [
            "id", "expert", "contract", "contract_number", "declares_conflict", "answers",
            "signed_at", "created_at",
        ]  # fmt: skip

    @extend_schema_field(AnswerSerializer(many=True))
    def get_answers(self, notice):
        return conflicts.answer_rows(notice, lambda o: {"id": o.pk, "bin": o.bin, "name": o.name})


def _bins():
    return serializers.ListField(
        child=serializers.CharField(max_length=20), required=False, default=list, max_length=20
    )


def _details():
    return serializers.CharField(required=False, allow_blank=True, default="", max_length=2000)


class ConflictAnswersInput(serializers.Serializer):
    """The answers of a conflict-of-interest notice (Annex 4; Annex 6 of a council member):
    each question yes/no, the BINs of the NGOs it names, details."""

    declares_conflict = serializers.BooleanField(default=False)
    member = serializers.BooleanField(default=False)
    member_ngos = _bins()
    member_details = _details()
    governing = serializers.BooleanField(default=False)
    governing_ngos = _bins()
    governing_details = _details()
    payments = serializers.BooleanField(default=False)
    payments_ngos = _bins()
    payments_details = _details()
    family = serializers.BooleanField(default=False)
    family_ngos = _bins()
    family_details = _details()
    other = serializers.BooleanField(default=False)
    other_details = _details()

    def answers(self):
        return conflicts.answers_from(self.validated_data)


class NoticeInputSerializer(ConflictAnswersInput):
    """The answers of an expert's Annex 4 notice."""


class NoticeCreateSerializer(NoticeInputSerializer):
    contract = serializers.IntegerField(min_value=1, max_value=MAX_ID)


class AssignmentSerializer(serializers.ModelSerializer):
    expert = PersonSerializer(read_only=True)
    contract_number = serializers.CharField(source="contract.number", read_only=True)
    assigned_by = PersonSerializer(read_only=True, allow_null=True)

    class Meta:
        model = ExpertAssignment
        fields = ["id", "contract", "contract_number", "expert", "notice", "assigned_at",
                  "assigned_by"]  # fmt: skip


class AssignInputSerializer(serializers.Serializer):
    contract = serializers.IntegerField(min_value=1, max_value=MAX_ID)
    expert = serializers.IntegerField(min_value=1, max_value=MAX_ID)


class CandidateSerializer(serializers.Serializer):
    id = serializers.IntegerField(source="expert.pk")
    name = serializers.CharField(source="expert.__str__")
    notice = serializers.IntegerField(source="notice.pk")
    signed_at = serializers.DateTimeField(source="notice.signed_at")
    declares_conflict = serializers.BooleanField()
    names_supplier = serializers.BooleanField()
    member_of_supplier = serializers.BooleanField()
    eligible = serializers.BooleanField()
    refusal = serializers.CharField()


class ExpertListApi(APIView):
    @extend_schema(
        parameters=[OpenApiParameter("contract", int, required=True)],
        responses=CandidateSerializer(many=True),
    )
    def get(self, request):
        contract = contract_or_error(request.query_params.get("contract"))
        guard(request.user, "monitoring.experts.list", contract)
        return Response(CandidateSerializer(selectors.candidates(contract), many=True).data)


class NoticeListApi(generics.ListAPIView):
    serializer_class = NoticeSerializer

    def get_queryset(self):
        return selectors.notices_for(self.request.user)

    def get(self, request, *args, **kwargs):
        guard(request.user, "monitoring.notices.list")
        return super().get(request, *args, **kwargs)

    @extend_schema(request=NoticeCreateSerializer, responses={201: NoticeSerializer})
    def post(self, request):
        guard(request.user, "monitoring.notice.file")
        s = NoticeCreateSerializer(data=request.data)
        s.is_valid(raise_exception=True)
        contract = contract_or_error(s.validated_data["contract"])
        notice = services.notice_file(
            actor=request.user,
            contract=contract,
            answers=s.answers(),
            declares_conflict=s.validated_data["declares_conflict"],
        )
        return Response(
            NoticeSerializer(selectors.notice_get(notice.pk)).data, status=status.HTTP_201_CREATED
        )


class NoticeDetailApi(APIView):
    def _get(self, request, pk):
        notice = get_object_or_404(ExpertNotice.objects.select_related("contract"), pk=pk)
        guard(request.user, "monitoring.notice.view", notice)
        return notice

    @extend_schema(responses=NoticeSerializer)
    def get(self, request, pk):
        self._get(request, pk)
        return Response(NoticeSerializer(selectors.notice_get(pk)).data)

    @extend_schema(request=NoticeInputSerializer, responses=NoticeSerializer)
    def patch(self, request, pk):
        notice = self._get(request, pk)
        guard(request.user, "monitoring.notice.edit", notice)
        s = NoticeInputSerializer(data=request.data)
        s.is_valid(raise_exception=True)
        notice = services.notice_file(
            actor=request.user,
            contract=notice.contract,
            notice=notice,
            answers=s.answers(),
            declares_conflict=s.validated_data["declares_conflict"],
        )
        return Response(NoticeSerializer(selectors.notice_get(notice.pk)).data)


class NoticeSignApi(APIView):
    @extend_schema(request=None, responses=NoticeSerializer)
    def post(self, request, pk):
        notice = get_object_or_404(ExpertNotice, pk=pk)
        guard(request.user, "monitoring.notice.view", notice)
        notice = services.notice_sign(actor=request.user, notice=notice)
        return Response(NoticeSerializer(selectors.notice_get(notice.pk)).data)


class AssignmentListApi(generics.ListAPIView):
    serializer_class = AssignmentSerializer

    def get_queryset(self):
        return selectors.assignments_for(self.request.user)

    def get(self, request, *args, **kwargs):
        guard(request.user, "monitoring.assignments.list")
        return super().get(request, *args, **kwargs)

    @extend_schema(request=AssignInputSerializer, responses={201: AssignmentSerializer})
    def post(self, request):
        s = AssignInputSerializer(data=request.data)
        s.is_valid(raise_exception=True)
        contract = contract_or_error(s.validated_data["contract"])
        assignment = services.expert_assign(
            actor=request.user, contract=contract, expert=s.validated_data["expert"]
        )
        return Response(
            AssignmentSerializer(
                selectors.assignments_for(request.user).get(pk=assignment.pk)
            ).data,
            status=status.HTTP_201_CREATED,
        )


urlpatterns = [
    path("experts/", ExpertListApi.as_view(), name="monitoring-experts"),
    path("notices/", NoticeListApi.as_view(), name="monitoring-notices"),
    path("notices/<int:pk>/", NoticeDetailApi.as_view(), name="monitoring-notice"),
    path("notices/<int:pk>/sign/", NoticeSignApi.as_view(), name="monitoring-notice-sign"),
    path("assignments/", AssignmentListApi.as_view(), name="monitoring-assignments"),
]

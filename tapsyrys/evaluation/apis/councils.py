"""API of the councils part under /api/evaluation/ (E-1, §16, Annex 6):

- `councils/`: GET every council (public; `?year=` a term covering the year, `?body=` a
  body's id), POST a body announces its council; `councils/<id>/` GET one (public: the
  announcement, the term, the window, the composition and the approval);
  `councils/<id>/form/` POST the body forms the composition (`include`: nomination ids, or
  `members`: e-mails / user names when nobody nominated themself); `councils/<id>/approve/`
  POST (multipart) the approval by the Council for Interaction;
- `nominations/`: GET scoped (a candidate: their own; a body: its councils'; the authorized
  body: all), POST a signed-in person nominates themself; `nominations/<id>/withdraw/` POST;
- `member-notices/`: GET scoped (a member: their own; a body: its members' signed ones; the
  authorized body: all signed), POST a member files a draft; `member-notices/<id>/` GET,
  PATCH the draft; `member-notices/<id>/sign/` POST signs it.
"""

from django.shortcuts import get_object_or_404
from django.urls import path
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_field
from rest_framework import generics, serializers, status
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.response import Response
from rest_framework.views import APIView

from tapsyrys.api.permissions import PublicRead
from tapsyrys.core import conflicts
from tapsyrys.core.errors import ApplicationError
from tapsyrys.core.permissions import guard
from tapsyrys.core.public_cache import public_api
from tapsyrys.evaluation.models import CouncilMember, ExpertCouncil, MemberNotice, Nomination
from tapsyrys.evaluation.selectors import councils as selectors
from tapsyrys.evaluation.services import councils as services
from tapsyrys.monitoring.apis.experts import (
    AnswerSerializer,
    ConflictAnswersInput,
    PersonSerializer,
)

MAX_ID = 2**31 - 1


class CouncilMemberSerializer(serializers.ModelSerializer):
    user = PersonSerializer(read_only=True)
    organisation = serializers.CharField(
        source="user.organisation.name", read_only=True, default=None
    )

    class Meta:
        model = CouncilMember
        fields = ["id", "user", "organisation", "nomination", "added_at"]


class CouncilSerializer(serializers.ModelSerializer):
    body_name = serializers.CharField(source="body.name", read_only=True)
    announced_on = serializers.SerializerMethodField()
    window_last_day = serializers.SerializerMethodField()
    forming_from = serializers.SerializerMethodField()

    class Meta:
        model = ExpertCouncil
        fields = [
            "id", "body", "body_name", "first_year", "last_year", "status", "announcement",
            "announced_at", "announced_on", "window_last_day", "forming_from", "formed_by",
            "formed_at", "approved_on", "approval_reference",
        ]  # fmt: skip

    def get_announced_on(self, council) -> str:
        return selectors.announced_on(council).isoformat()

    def get_window_last_day(self, council) -> str:
        return selectors.window(council)[0].isoformat()

    def get_forming_from(self, council) -> str:
        return selectors.window(council)[1].isoformat()


class CouncilDetailSerializer(CouncilSerializer):
    members = CouncilMemberSerializer(many=True, read_only=True)

    class Meta(CouncilSerializer.Meta):
        fields = [*CouncilSerializer.Meta.fields, "members"]


class CouncilAnnounceSerializer(serializers.Serializer):
    announcement = serializers.CharField(max_length=4000)
    first_year = serializers.IntegerField(required=False, min_value=2000, max_value=9999)


class CouncilFormSerializer(serializers.Serializer):
    include = serializers.ListField(
        child=serializers.IntegerField(min_value=1, max_value=MAX_ID),
        required=False,
        max_length=services.MAX_MEMBERS,
    )
    members = serializers.ListField(
        child=serializers.CharField(max_length=254),
        required=False,
        max_length=services.MAX_MEMBERS,
    )

    def validate(self, attrs):
        if ("include" in attrs) == ("members" in attrs):
            raise serializers.ValidationError(
                {"include": _("Give either `include` (nomination ids) or `members`.")}
            )
        return attrs


class CouncilApproveSerializer(serializers.Serializer):
    approved_on = serializers.DateField(input_formats=["%Y-%m-%d", "%d.%m.%Y"])
    approval_reference = serializers.CharField(max_length=300)
    approval_document = serializers.FileField(required=False)


def _year(value, field):
    if value in (None, ""):
        return None
    if not str(value).isdecimal() or not 2000 <= int(value) <= 9999:
        raise ApplicationError(_("Give a year (four digits)."), field=field)
    return int(value)


def _id(value, field):
    if value in (None, ""):
        return None
    if not str(value).isdecimal() or not 0 < int(value) <= MAX_ID:
        raise ApplicationError(_("Give an id (a whole number)."), field=field)
    return int(value)


@public_api("core", "evaluation", "workcalendar")
class CouncilListApi(generics.ListAPIView):
    permission_classes = [PublicRead]
    serializer_class = CouncilSerializer

    def get_queryset(self):
        params = self.request.query_params
        return selectors.councils_public(
            body=_id(params.get("body"), "body"), year=_year(params.get("year"), "year")
        )

    @extend_schema(
        parameters=[
            OpenApiParameter("year", int, description="a year the term covers"),
            OpenApiParameter("body", int, description="the state body's id"),
        ]
    )
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)

    @extend_schema(request=CouncilAnnounceSerializer, responses={201: CouncilDetailSerializer})
    def post(self, request):
        guard(request.user, "evaluation.council.announce")
        s = CouncilAnnounceSerializer(data=request.data)
        s.is_valid(raise_exception=True)
        council = services.council_announce(
            actor=request.user,
            announcement=s.validated_data["announcement"],
            first_year=s.validated_data.get("first_year"),
        )
        return Response(
            CouncilDetailSerializer(selectors.council_get(council.pk)).data,
            status=status.HTTP_201_CREATED,
        )


def _council(pk):
    return get_object_or_404(ExpertCouncil, pk=pk)


@public_api("core", "evaluation", "workcalendar")
class CouncilDetailApi(APIView):
    permission_classes = [PublicRead]

    @extend_schema(responses=CouncilDetailSerializer)
    def get(self, request, pk):
        council = _council(pk)
        return Response(CouncilDetailSerializer(selectors.council_get(council.pk)).data)


class CouncilFormApi(APIView):
    @extend_schema(request=CouncilFormSerializer, responses=CouncilDetailSerializer)
    def post(self, request, pk):
        council = _council(pk)
        guard(request.user, "evaluation.council.form", council)
        s = CouncilFormSerializer(data=request.data)
        s.is_valid(raise_exception=True)
        services.council_form(actor=request.user, council=council, **s.validated_data)
        return Response(CouncilDetailSerializer(selectors.council_get(council.pk)).data)


class CouncilApproveApi(APIView):
    parser_classes = [MultiPartParser, FormParser, JSONParser]

    @extend_schema(
        request={
            "multipart/form-data": CouncilApproveSerializer,
            "application/json": CouncilApproveSerializer,
        },
        responses=CouncilDetailSerializer,
    )
    def post(self, request, pk):
        council = _council(pk)
        guard(request.user, "evaluation.council.approve", council)
        s = CouncilApproveSerializer(data=request.data)
        s.is_valid(raise_exception=True)
        services.council_approve(
            actor=request.user,
            council=council,
            approved_on=s.validated_data["approved_on"],
            reference=s.validated_data["approval_reference"],
            document=s.validated_data.get("approval_document"),
        )
        return Response(CouncilDetailSerializer(selectors.council_get(council.pk)).data)


# --- Nominations --------------------------------------------------------------------------------


class NominationSerializer(serializers.ModelSerializer):
    candidate = PersonSerializer(read_only=True)
    body_name = serializers.CharField(source="council.body.name", read_only=True)

    class Meta:
        model = Nomination
        fields = ["id", "council", "body_name", "candidate", "about", "status", "submitted_at",
                  "decided_at"]  # fmt: skip


class NominationCreateSerializer(serializers.Serializer):
    council = serializers.IntegerField(min_value=1, max_value=MAX_ID)
    about = serializers.CharField(max_length=4000)


class NominationListApi(generics.ListAPIView):
    serializer_class = NominationSerializer

    def get_queryset(self):
        return selectors.nominations_for(self.request.user)

    def get(self, request, *args, **kwargs):
        guard(request.user, "evaluation.nominations.list")
        return super().get(request, *args, **kwargs)

    @extend_schema(request=NominationCreateSerializer, responses={201: NominationSerializer})
    def post(self, request):
        guard(request.user, "evaluation.nomination.submit")
        s = NominationCreateSerializer(data=request.data)
        s.is_valid(raise_exception=True)
        council = ExpertCouncil.objects.filter(pk=s.validated_data["council"]).first()
        if council is None:
            raise ApplicationError(_("No such expert council."), field="council")
        nomination = services.nomination_submit(
            actor=request.user, council=council, about=s.validated_data["about"]
        )
        return Response(NominationSerializer(nomination).data, status=status.HTTP_201_CREATED)


class NominationWithdrawApi(APIView):
    @extend_schema(request=None, responses=NominationSerializer)
    def post(self, request, pk):
        nomination = get_object_or_404(Nomination.objects.select_related("council"), pk=pk)
        nomination = services.nomination_withdraw(actor=request.user, nomination=nomination)
        return Response(NominationSerializer(nomination).data)


# --- Annex 6 notices ----------------------------------------------------------------------------


class MemberNoticeSerializer(serializers.ModelSerializer):
    member_name = serializers.CharField(source="member.user.__str__", read_only=True)
    council = serializers.IntegerField(source="member.council_id", read_only=True)
    answers = serializers.SerializerMethodField()

    class Meta:
        model = MemberNotice
        fields = ["id", "member", "member_name", "council", "declares_conflict", "answers",
                  "signed_at", "created_at"]  # fmt: skip

    @extend_schema_field(AnswerSerializer(many=True))
    def get_answers(self, notice):
        return conflicts.answer_rows(notice, lambda o: {"id": o.pk, "bin": o.bin, "name": o.name})


class MemberNoticeInputSerializer(ConflictAnswersInput):
    """The answers of Annex 6: each question yes/no, the BINs of the NGOs it names, details."""


class MemberNoticeCreateSerializer(MemberNoticeInputSerializer):
    membership = serializers.IntegerField(min_value=1, max_value=MAX_ID)


class MemberNoticeListApi(generics.ListAPIView):
    serializer_class = MemberNoticeSerializer

    def get_queryset(self):
        return selectors.notices_for(self.request.user).order_by("-created_at", "-id")

    def get(self, request, *args, **kwargs):
        guard(request.user, "evaluation.member_notices.list")
        return super().get(request, *args, **kwargs)

    @extend_schema(request=MemberNoticeCreateSerializer, responses={201: MemberNoticeSerializer})
    def post(self, request):
        s = MemberNoticeCreateSerializer(data=request.data)
        s.is_valid(raise_exception=True)
        member = (
            CouncilMember.objects.select_related("council")
            .filter(pk=s.validated_data["membership"])
            .first()
        )
        if member is None:
            raise ApplicationError(_("No such council membership."), field="membership")
        notice = services.notice_file(
            actor=request.user,
            member=member,
            answers=s.answers(),
            declares_conflict=s.validated_data["declares_conflict"],
        )
        return Response(
            MemberNoticeSerializer(selectors.notice_get(notice.pk)).data,
            status=status.HTTP_201_CREATED,
        )


class MemberNoticeDetailApi(APIView):
    def _get(self, request, pk):
        notice = get_object_or_404(MemberNotice.objects.select_related("member__council"), pk=pk)
        guard(request.user, "evaluation.member_notice.view", notice)
        return notice

    @extend_schema(responses=MemberNoticeSerializer)
    def get(self, request, pk):
        self._get(request, pk)
        return Response(MemberNoticeSerializer(selectors.notice_get(pk)).data)

    @extend_schema(request=MemberNoticeInputSerializer, responses=MemberNoticeSerializer)
    def patch(self, request, pk):
        notice = self._get(request, pk)
        guard(request.user, "evaluation.member_notice.edit", notice)
        s = MemberNoticeInputSerializer(data=request.data)
        s.is_valid(raise_exception=True)
        notice = services.notice_file(
            actor=request.user,
            member=notice.member,
            notice=notice,
            answers=s.answers(),
            declares_conflict=s.validated_data["declares_conflict"],
        )
        return Response(MemberNoticeSerializer(selectors.notice_get(notice.pk)).data)


class MemberNoticeSignApi(APIView):
    @extend_schema(request=None, responses=MemberNoticeSerializer)
    def post(self, request, pk):
        notice = get_object_or_404(MemberNotice.objects.select_related("member__council"), pk=pk)
        guard(request.user, "evaluation.member_notice.view", notice)
        notice = services.notice_sign(actor=request.user, notice=notice)
        return Response(MemberNoticeSerializer(selectors.notice_get(notice.pk)).data)


urlpatterns = [
    path("councils/", CouncilListApi.as_view(), name="evaluation-councils"),
    path("councils/<int:pk>/", CouncilDetailApi.as_view(), name="evaluation-council"),
    path("councils/<int:pk>/form/", CouncilFormApi.as_view(), name="evaluation-council-form"),
    path(
        "councils/<int:pk>/approve/",
        CouncilApproveApi.as_view(),
        name="evaluation-council-approve",
    ),
    path("nominations/", NominationListApi.as_view(), name="evaluation-nominations"),
    path(
        "nominations/<int:pk>/withdraw/",
        NominationWithdrawApi.as_view(),
        name="evaluation-nomination-withdraw",
    ),
    path("member-notices/", MemberNoticeListApi.as_view(), name="evaluation-member-notices"),
    path(
        "member-notices/<int:pk>/",
        MemberNoticeDetailApi.as_view(),
        name="evaluation-member-notice",
    ),
    path(
        "member-notices/<int:pk>/sign/",
        MemberNoticeSignApi.as_view(),
        name="evaluation-member-notice-sign",
    ),
]

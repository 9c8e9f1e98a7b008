"""REST API of formation (X-API): every step of the pages, with the same permission rules."""

from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, extend_schema, inline_serializer
from rest_framework import generics, serializers, status
from rest_framework.response import Response
from rest_framework.views import APIView

from tapsyrys.api.permissions import Public, PublicRead
from tapsyrys.core.client import client_ip
from tapsyrys.core.errors import ApplicationError, NotPermitted
from tapsyrys.core.models import Organisation
from tapsyrys.core.permissions import guard
from tapsyrys.core.public_cache import public_api

from . import selectors, services
from .models import Comment, Cycle, Evidence, Topic

# --- Serializers --------------------------------------------------------------------------------


class CycleSerializer(serializers.ModelSerializer):
    body_name = serializers.CharField(source="body.name", read_only=True)
    edition = serializers.CharField(source="edition.code", read_only=True)

    class Meta:
        model = Cycle
        fields = [
            "id", "body", "body_name", "year", "edition", "stage", "budget_limit",
            "published_at", "discussion_ends_at", "decisions_due_at", "report_published_at",
            "annex3_due_at", "annex3_submitted_at", "fixed_at", "budget_approved_on",
            "publication_due_at", "annex3_published_at",
        ]  # fmt: skip
        read_only_fields = fields


class CycleCreateSerializer(serializers.Serializer):
    year = serializers.IntegerField()
    budget_limit = serializers.CharField(
        required=False, allow_blank=True, allow_null=True, max_length=30
    )


class TopicSerializer(serializers.ModelSerializer):
    sources = serializers.PrimaryKeyRelatedField(many=True, read_only=True)
    service_types = serializers.PrimaryKeyRelatedField(many=True, read_only=True)
    financing = serializers.DecimalField(max_digits=15, decimal_places=3, read_only=True)

    class Meta:
        model = Topic
        fields = [
            "id", "cycle", "number", "theme_kk", "theme_ru", "area", "financing",
            "justification", "sources", "target_group", "expected_result", "summary",
            "justification_kk", "justification_ru", "target_group_kk", "target_group_ru",
            "expected_result_kk", "expected_result_ru", "summary_kk", "summary_ru",
            "recommendation", "recommendation_text", "included", "tech_spec", "service_types",
            "approved_amount",
        ]  # fmt: skip
        read_only_fields = fields


class TopicCreateSerializer(serializers.Serializer):
    """Financing is a string or number of thousand tenge, validated exactly by the service."""

    theme_kk = serializers.CharField(max_length=500)
    theme_ru = serializers.CharField(max_length=500)
    area = serializers.IntegerField()
    financing = serializers.CharField(max_length=40)
    sources = serializers.ListField(child=serializers.IntegerField(), allow_empty=True)
    # X-I18N: each text as `_kk` and `_ru`; the older single field (`justification` …) still
    # works and stands for both languages. The service needs at least one of each pair, and
    # both before the topics are published.
    justification = serializers.CharField(max_length=4000, required=False, allow_blank=True)
    justification_kk = serializers.CharField(max_length=4000, required=False, allow_blank=True)
    justification_ru = serializers.CharField(max_length=4000, required=False, allow_blank=True)
    target_group = serializers.CharField(max_length=500, required=False, allow_blank=True)
    target_group_kk = serializers.CharField(max_length=500, required=False, allow_blank=True)
    target_group_ru = serializers.CharField(max_length=500, required=False, allow_blank=True)
    expected_result = serializers.CharField(max_length=4000, required=False, allow_blank=True)
    expected_result_kk = serializers.CharField(max_length=4000, required=False, allow_blank=True)
    expected_result_ru = serializers.CharField(max_length=4000, required=False, allow_blank=True)
    summary = serializers.CharField(max_length=4000, required=False, allow_blank=True)
    summary_kk = serializers.CharField(max_length=4000, required=False, allow_blank=True)
    summary_ru = serializers.CharField(max_length=4000, required=False, allow_blank=True)


class CommentPublicSerializer(serializers.ModelSerializer):
    class Meta:
        model = Comment
        fields = [
            "id", "topic", "author_name", "remark", "proposal", "created_at", "outcome",
            "justification", "decision_version", "decided_at",
        ]  # fmt: skip
        read_only_fields = fields


class CommentStaffSerializer(CommentPublicSerializer):
    class Meta(CommentPublicSerializer.Meta):
        fields = [
            *CommentPublicSerializer.Meta.fields,
            "author_contact",
            "is_hidden",
            "hidden_reason",
        ]
        read_only_fields = fields


class CommentCreateSerializer(serializers.Serializer):
    author_name = serializers.CharField(
        required=False, allow_blank=True, max_length=1000, default=""
    )
    author_contact = serializers.CharField(
        required=False, allow_blank=True, max_length=1000, default=""
    )
    remark = serializers.CharField(required=False, allow_blank=True, max_length=100000)
    proposal = serializers.CharField(required=False, allow_blank=True, max_length=100000)
    keep_as_proposal = serializers.BooleanField(required=False, default=False)


class DecideSerializer(serializers.Serializer):
    outcome = serializers.ChoiceField(choices=["accepted", "rejected"])
    justification = serializers.CharField(required=False, allow_blank=True, max_length=100000)


class HideSerializer(serializers.Serializer):
    reason = serializers.CharField(max_length=300)


class RecommendSerializer(serializers.Serializer):
    recommendation = serializers.ChoiceField(choices=Topic.Recommendation.choices)
    recommendation_text = serializers.CharField(required=False, allow_blank=True, max_length=4000)


class SpecSerializer(serializers.Serializer):
    included = serializers.BooleanField(default=True)
    tech_spec = serializers.FileField(required=False)
    service_types = serializers.ListField(child=serializers.IntegerField(), required=False)


class BudgetSerializer(serializers.Serializer):
    approved_on = serializers.DateField()
    amounts = serializers.DictField(child=serializers.CharField(max_length=30))


class EvidenceSerializer(serializers.ModelSerializer):
    class Meta:
        model = Evidence
        fields = [
            "id", "body", "kind", "title", "title_kk", "title_ru", "date", "description",
            "document", "created_at",
        ]  # fmt: skip
        read_only_fields = fields


class EvidenceCreateSerializer(serializers.Serializer):
    kind = serializers.CharField(max_length=30)
    # `title` (older clients) stands for both languages
    title = serializers.CharField(max_length=500, required=False, allow_blank=True)
    title_kk = serializers.CharField(max_length=500, required=False, allow_blank=True)
    title_ru = serializers.CharField(max_length=500, required=False, allow_blank=True)
    date = serializers.DateField()
    description = serializers.CharField(required=False, allow_blank=True, max_length=4000)
    document = serializers.FileField(required=False)


def _valid(serializer_class, request):
    s = serializer_class(data=request.data)
    s.is_valid(raise_exception=True)
    return s.validated_data


def _ip(request):
    return client_ip(request)


def _cycle(request, pk, action):
    cycle = get_object_or_404(Cycle.objects.select_related("body", "edition"), pk=pk)
    guard(request.user, action, cycle)
    return cycle


def _state_body(user):
    org = getattr(user, "organisation", None)
    if org is None or org.kind != Organisation.Kind.STATE_BODY:
        # 403, not 400: the caller is refused, the input is not at fault (X-ACL)
        raise NotPermitted(_("Formation cycles are opened by state bodies."))
    return org


# --- Views --------------------------------------------------------------------------------------


class CycleListApi(generics.ListAPIView):
    """Cycles the caller manages (own body) or reviews (authorized body); POST opens one."""

    serializer_class = CycleSerializer

    def get_queryset(self):
        return selectors.cycle_list_for(self.request.user).order_by("-year", "body_id")

    @extend_schema(request=CycleCreateSerializer, responses={201: CycleSerializer})
    def post(self, request):
        data = _valid(CycleCreateSerializer, request)
        if not request.user.is_authenticated:
            guard(request.user, "formation.cycle.create", None)
        body = _state_body(request.user)
        guard(request.user, "formation.cycle.create", body)
        cycle = services.cycle_open(body=body, actor=request.user, **data)
        return Response(CycleSerializer(cycle).data, status=status.HTTP_201_CREATED)


class CycleDetailApi(APIView):
    @extend_schema(responses=CycleSerializer)
    def get(self, request, pk):
        cycle = _cycle(request, pk, "formation.cycle.view")
        return Response(CycleSerializer(cycle).data)


class TopicListApi(generics.ListAPIView):
    """Topics of a cycle: public once published, otherwise the body and the authorized body."""

    permission_classes = [PublicRead]
    serializer_class = TopicSerializer

    def get_queryset(self):
        cycle = get_object_or_404(Cycle, pk=self.kwargs["pk"])
        if cycle.published_at is None:
            guard(self.request.user, "formation.cycle.view", cycle)
        return cycle.topics.prefetch_related("sources", "service_types").order_by("number")

    @extend_schema(request=TopicCreateSerializer, responses={201: TopicSerializer})
    def post(self, request, pk):
        cycle = _cycle(request, pk, "formation.cycle.edit")
        data = dict(_valid(TopicCreateSerializer, request))
        area, sources = data.pop("area"), data.pop("sources")
        topic = services.topic_create(
            cycle=cycle, actor=request.user, area=area, sources=sources, **data
        )
        return Response(TopicSerializer(topic).data, status=status.HTTP_201_CREATED)


class CyclePublishApi(APIView):
    @extend_schema(request=None, responses=CycleSerializer)
    def post(self, request, pk):
        cycle = _cycle(request, pk, "formation.cycle.publish")
        return Response(
            CycleSerializer(services.cycle_publish(cycle=cycle, actor=request.user)).data
        )


@public_api("core", "formation")
class CommentListApi(generics.ListAPIView):
    """Comments of a cycle: the visible ones for everybody once published; the body's staff
    and the authorized body also see hidden ones and the authors' contacts."""

    permission_classes = [Public]

    def get_serializer_class(self):
        # the schema documents the public shape (the staff's adds fields to it)
        return CommentStaffSerializer if getattr(self, "_staff", False) else CommentPublicSerializer

    def get_queryset(self):
        from tapsyrys.core.permissions import check

        cycle = get_object_or_404(Cycle, pk=self.kwargs["pk"])
        self._staff = bool(check(self.request.user, "formation.cycle.view", cycle))
        if cycle.published_at is None and not self._staff:
            guard(self.request.user, "formation.cycle.view", cycle)
        qs = Comment.objects.filter(cycle=cycle).order_by("created_at", "id")
        return qs if self._staff else qs.filter(is_hidden=False)


class CommentCreateApi(APIView):
    """Post a comment on a topic under discussion; anonymous allowed (with name and contact).
    After the end: 409 with `closed_at`; send `keep_as_proposal: true` to keep it for next year."""

    permission_classes = [Public]
    answers_429 = True  # the comment limit (TAPSYRYS_COMMENT_RATE_*)

    @extend_schema(request=CommentCreateSerializer, responses={201: CommentPublicSerializer})
    def post(self, request, pk):
        # a topic that is not published does not exist for the public (as on the page)
        topic = get_object_or_404(
            Topic.objects.select_related("cycle").filter(cycle__published_at__isnull=False), pk=pk
        )
        data = dict(_valid(CommentCreateSerializer, request))
        keep = data.pop("keep_as_proposal")
        user = request.user if request.user.is_authenticated else None
        if keep:
            item = services.proposal_keep(topic=topic, user=user, ip=_ip(request), **data)
            return Response(
                {"proposal": item.pk, "year": item.year, "detail": _("Kept as a topic proposal.")},
                status=status.HTTP_201_CREATED,
            )
        comment = services.comment_post(topic=topic, user=user, ip=_ip(request), **data)
        return Response(CommentPublicSerializer(comment).data, status=status.HTTP_201_CREATED)


class CommentDecideApi(APIView):
    @extend_schema(request=DecideSerializer, responses=CommentStaffSerializer)
    def post(self, request, pk):
        comment = get_object_or_404(Comment.objects.select_related("cycle"), pk=pk)
        guard(request.user, "formation.comment.decide", comment)
        data = _valid(DecideSerializer, request)
        comment = services.comment_decide(
            comment=comment,
            actor=request.user,
            accepted=data["outcome"],
            justification=data.get("justification", ""),
        )
        return Response(CommentStaffSerializer(comment).data)


class CommentHideApi(APIView):
    @extend_schema(request=HideSerializer, responses=CommentStaffSerializer)
    def post(self, request, pk):
        comment = get_object_or_404(Comment.objects.select_related("cycle"), pk=pk)
        guard(request.user, "formation.comment.hide", comment)
        data = _valid(HideSerializer, request)
        comment = services.comment_hide(comment=comment, actor=request.user, reason=data["reason"])
        return Response(CommentStaffSerializer(comment).data)


class CycleActionApi(APIView):
    """POST report / submit / fix / annex3-publish on a cycle."""

    ACTIONS = {
        "report": ("formation.cycle.publish", services.cycle_report_publish),
        "submit": ("formation.cycle.publish", services.cycle_submit),
        "fix": ("formation.cycle.edit", services.cycle_fix),
        "annex3-publish": ("formation.cycle.publish", services.cycle_annex3_publish),
    }

    @extend_schema(request=None, responses=CycleSerializer)
    def post(self, request, pk, action):
        if action not in self.ACTIONS:
            return Response({"detail": _("Unknown action.")}, status=status.HTTP_404_NOT_FOUND)
        permission, func = self.ACTIONS[action]
        cycle = _cycle(request, pk, permission)
        return Response(CycleSerializer(func(cycle=cycle, actor=request.user)).data)


class TopicRecommendApi(APIView):
    @extend_schema(request=RecommendSerializer, responses=TopicSerializer)
    def post(self, request, pk):
        topic = get_object_or_404(Topic.objects.select_related("cycle"), pk=pk)
        guard(request.user, "formation.topic.recommend", topic)
        data = _valid(RecommendSerializer, request)
        topic = services.topic_recommend(
            topic=topic,
            actor=request.user,
            recommendation=data["recommendation"],
            text=data.get("recommendation_text", ""),
        )
        return Response(TopicSerializer(topic).data)


class TopicSpecApi(APIView):
    @extend_schema(request=SpecSerializer, responses=TopicSerializer)
    def post(self, request, pk):
        topic = get_object_or_404(Topic.objects.select_related("cycle__body"), pk=pk)
        guard(request.user, "formation.cycle.edit", topic.cycle)
        data = _valid(SpecSerializer, request)
        topic = services.topic_set_spec(
            topic=topic,
            actor=request.user,
            included=data["included"],
            upload=data.get("tech_spec"),
            service_types=data.get("service_types"),
        )
        return Response(TopicSerializer(topic).data)


class CycleBudgetApi(APIView):
    @extend_schema(request=BudgetSerializer, responses=CycleSerializer)
    def post(self, request, pk):
        cycle = _cycle(request, pk, "formation.cycle.edit")
        data = _valid(BudgetSerializer, request)
        cycle = services.cycle_budget_enter(
            cycle=cycle,
            actor=request.user,
            approved_on=data["approved_on"],
            amounts=data["amounts"],
        )
        return Response(CycleSerializer(cycle).data)


class EvidenceListApi(generics.ListAPIView):
    serializer_class = EvidenceSerializer

    def get_queryset(self):
        body = _state_body(self.request.user) if self.request.user.is_authenticated else None
        guard(self.request.user, "formation.evidence.view", body)
        return selectors.evidence_list(body)

    @extend_schema(request=EvidenceCreateSerializer, responses={201: EvidenceSerializer})
    def post(self, request):
        if not request.user.is_authenticated:
            guard(request.user, "formation.evidence.edit", None)
        body = _state_body(request.user)
        guard(request.user, "formation.evidence.edit", body)
        data = dict(_valid(EvidenceCreateSerializer, request))
        upload = data.pop("document", None)
        evidence = services.evidence_add(body=body, actor=request.user, upload=upload, **data)
        return Response(EvidenceSerializer(evidence).data, status=status.HTTP_201_CREATED)


LANG = OpenApiParameter("lang", str, enum=["kk", "ru"], description="language of the form")
FORMAT = OpenApiParameter("output", str, enum=["xlsx", "pdf"], description="default xlsx")


class AnnexDownloadApi(APIView):
    """Annex 1, 2 or 3 of a cycle as .xlsx or PDF in Kazakh or Russian; once published, the
    stored ledger bytes (header `X-Content-SHA256`)."""

    permission_classes = [Public]

    @extend_schema(parameters=[LANG, FORMAT], responses={(200, "application/octet-stream"): bytes})
    def get(self, request, pk, number):
        from .views import annex_response

        cycle = get_object_or_404(Cycle.objects.select_related("body", "edition"), pk=pk)
        if number not in (1, 2, 3):
            return Response({"detail": _("Unknown annex.")}, status=status.HTTP_404_NOT_FOUND)
        guard(request.user, "formation.annex.download", (cycle, number))
        lang = request.query_params.get("lang", "ru")
        fmt = request.query_params.get("output", "xlsx")
        try:
            return annex_response(cycle, number, fmt, lang)
        except ApplicationError as exc:
            if exc.field == "format":  # the API's query parameter is called `output`
                raise ApplicationError(exc.message, field="output") from exc
            raise


class NationalApi(APIView):
    """The authorized body's national summary of a year (?year=)."""

    @extend_schema(
        parameters=[OpenApiParameter("year", int)],
        responses=inline_serializer(
            "NationalSummary",
            {
                "year": serializers.IntegerField(),
                "cycles": serializers.ListField(child=serializers.DictField()),
                "area_totals": serializers.ListField(child=serializers.DictField()),
                "grand": serializers.DictField(),
            },
        ),
    )
    def get(self, request):
        from django.utils import timezone

        from .views import _year

        guard(request.user, "formation.national.view", None)
        year = _year(request)
        s = selectors.national_summary(year=year, now=timezone.now())
        return Response(
            {
                "year": year,
                "cycles": [
                    {
                        "id": c.pk,
                        "body": c.body_id,
                        "body_name": c.body.name,
                        "stage": c.stage,
                        "topics": c.topic_count,
                        "planned_total": str(c.planned_total or 0),
                        "annex3_due_at": c.annex3_due_at,
                        "annex3_submitted_at": c.annex3_submitted_at,
                        "late": c.is_late,
                    }
                    for c in s["cycles"]
                ],
                "area_totals": [
                    {
                        "area": r["area_id"],
                        "number": r["number"],
                        "topics": r["topics"],
                        "planned": str(r["planned"] or 0),
                        "approved": str(r["approved"] or 0),
                    }
                    for r in s["area_totals"]
                ],
                "grand": {k: str(v) for k, v in s["grand"].items()},
            }
        )


class NationalAnnex3Api(APIView):
    @extend_schema(
        parameters=[
            LANG,
            OpenApiParameter("year", int),
            FORMAT,
            OpenApiParameter(
                "basis", str, enum=["council", "budget"], description="default council"
            ),
        ],
        responses={(200, "application/octet-stream"): bytes},
    )
    def get(self, request):
        from .views import _file_response, _year, national_annex3_file

        guard(request.user, "formation.national.view", None)
        year = _year(request)
        lang = request.query_params.get("lang", "ru")
        fmt = request.query_params.get("output", "xlsx")
        basis = request.query_params.get("basis", "council")
        try:
            content, content_type = national_annex3_file(year=year, lang=lang, fmt=fmt, basis=basis)
        except ApplicationError as exc:
            if exc.field == "format":  # the API's query parameter is called `output`
                raise ApplicationError(exc.message, field="output") from exc
            raise
        stem = f"annex3_national_{basis}_{year}"
        return _file_response(content, content_type, stem, fmt.strip().lower(), lang)


@public_api("core", "formation")
class ApprovedTopicsApi(generics.ListAPIView):
    """Topics ready to be procured (F-8) of a body: public, as the published Annex 3."""

    permission_classes = [Public]
    serializer_class = TopicSerializer

    @extend_schema(parameters=[OpenApiParameter("body", int, required=True)])
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)

    def get_queryset(self):
        raw = self.request.query_params.get("body", "")
        if not raw.isdecimal():  # not isdigit(): "²" is a digit that int() refuses
            raise ApplicationError(_("Give the state body's id."), field="body")
        return selectors.approved_topics_for(int(raw))

"""REST API of contracting (X-API): the same services, selectors and permission rules as the
pages. NGO users see only their NGO's contracts and reports."""

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_field
from rest_framework import generics, serializers, status
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.response import Response
from rest_framework.views import APIView

from tapsyrys.api.parsers import StrictJSONParser
from tapsyrys.api.permissions import Public, PublicRead
from tapsyrys.api.throttling import ScopedRateThrottle
from tapsyrys.core.bin import validate_bin
from tapsyrys.core.errors import ApplicationError
from tapsyrys.core.models import Area, Organisation, Region, ServiceType
from tapsyrys.core.permissions import guard
from tapsyrys.core.public_cache import public_api
from tapsyrys.core.serializers import AreaRefSerializer

from . import selectors, services
from .models import (
    TEXT_MAX,
    Competition,
    Contract,
    ImportJob,
    Indicator,
    Lot,
    MediaPublication,
    Partner,
    Passport,
    ReportStage,
    ServiceAct,
    StageReport,
    TargetGroup,
    TeamMember,
)
from .permissions import is_contract_party
from .rules import MAX_COUNT

# --- Serializers ---------------------------------------------------------------------------------


class NgoSerializer(serializers.ModelSerializer):
    region = serializers.SlugRelatedField(slug_field="code", read_only=True)
    areas = AreaRefSerializer(many=True, read_only=True)

    class Meta:
        model = Organisation
        fields = [
            "id",
            "bin",
            "name_kk",
            "name_ru",
            "short_name_kk",
            "short_name_ru",
            "region",
            "areas",
            "is_verified",
        ]


class NgoDetailSerializer(NgoSerializer):
    class Meta(NgoSerializer.Meta):
        fields = NgoSerializer.Meta.fields + [
            "legal_form",
            "address",
            "phones",
            "email",
            "website",
            "description",
            "verified_at",
        ]


class NgoRegisterSerializer(serializers.Serializer):
    bin = serializers.CharField(max_length=12)
    name_kk = serializers.CharField(max_length=500)
    name_ru = serializers.CharField(max_length=500)
    short_name_kk = serializers.CharField(max_length=200)
    short_name_ru = serializers.CharField(max_length=200)
    legal_form = serializers.ChoiceField(choices=Organisation.LegalForm.choices)
    areas = serializers.SlugRelatedField(slug_field="code", queryset=Area.objects.all(), many=True)
    region = serializers.SlugRelatedField(slug_field="code", queryset=Region.objects.all())
    address = serializers.CharField(max_length=500)
    phones = serializers.CharField(max_length=200)
    email = serializers.EmailField(max_length=254)
    website = serializers.URLField(required=False, allow_blank=True, max_length=200)
    description = serializers.CharField(max_length=4000)
    full_name = serializers.CharField(max_length=200)
    username = serializers.CharField(max_length=150)
    password = serializers.CharField(write_only=True, max_length=128)
    language = serializers.ChoiceField(choices=["kk", "ru", "en"], default="kk")


class LotSerializer(serializers.ModelSerializer):
    area = serializers.SlugRelatedField(
        slug_field="code", queryset=Area.objects.all(), required=False, allow_null=True
    )

    class Meta:
        model = Lot
        fields = [
            "id",
            "competition",
            "number",
            "name_kk",
            "name_ru",
            "description_kk",
            "description_ru",
            "area",
            "coverage",
            "amount",
            "status",
            "topic",
        ]
        read_only_fields = ["status", "competition", "topic"]
        # X-I18N: the names and descriptions are required in both languages; the service
        # (lots.lot_create) names the first missing one
        extra_kwargs = {
            "amount": {"min_value": Decimal("0.01")},
            **{
                name: {"required": False, "allow_blank": True}
                for name in ("name_kk", "description_kk", "description_ru")
            },
        }


class LotCompetitionSerializer(serializers.Serializer):
    competition = serializers.PrimaryKeyRelatedField(queryset=Competition.objects.all())


class CompetitionSerializer(serializers.ModelSerializer):
    class Meta:
        model = Competition
        fields = ["id", "body", "procurement_number", "held_on", "year", "title_kk", "title_ru"]
        read_only_fields = ["body"]


class IndicatorSerializer(serializers.ModelSerializer):
    # X-I18N: `name` reads in the request's language; written alone it stands for both
    name = serializers.CharField(max_length=500, required=False, allow_blank=True)

    class Meta:
        model = Indicator
        fields = ["id", "no", "name", "name_kk", "name_ru", "unit", "planned"]


class TargetGroupSerializer(serializers.ModelSerializer):
    class Meta:
        model = TargetGroup
        fields = ["id", "no", "name", "planned", "reached"]


class StageSerializer(serializers.ModelSerializer):
    class Meta:
        model = ReportStage
        fields = ["id", "no", "kind", "due_date", "submitted_at"]


class ContractSerializer(serializers.ModelSerializer):
    supplier_bin = serializers.CharField(source="supplier.bin", read_only=True)
    body_bin = serializers.CharField(source="body.bin", read_only=True)
    lot_number = serializers.CharField(source="lot.number", read_only=True)

    class Meta:
        model = Contract
        fields = [
            "id",
            "number",
            "signed_on",
            "year",
            "amount",
            "starts_on",
            "ends_on",
            "status",
            "lot",
            "lot_number",
            "body",
            "body_bin",
            "supplier",
            "supplier_bin",
        ]


class MonitoringMciSerializer(serializers.Serializer):
    value = serializers.IntegerField(help_text="MCI in tenge in force on the contract's date")
    effective_from = serializers.DateField(help_text="the date that MCI is in force from")


class MonitoringSerializer(serializers.Serializer):
    """Who monitors the project (M-4, §9): the body itself up to 500 MCI, else an expert."""

    by = serializers.ChoiceField(choices=["body", "expert"])
    mci = MonitoringMciSerializer()
    threshold = serializers.DecimalField(
        max_digits=18, decimal_places=2, help_text="500 × MCI, tenge"
    )
    explanation = serializers.DictField(
        child=serializers.CharField(max_length=2000), help_text="kk, ru, en"
    )


class ContractDetailSerializer(ContractSerializer):
    service_types = serializers.SlugRelatedField(slug_field="code", many=True, read_only=True)
    activities = serializers.SlugRelatedField(slug_field="text", many=True, read_only=True)
    activities_kk = serializers.SlugRelatedField(
        slug_field="text_kk", many=True, read_only=True, source="activities"
    )
    activities_ru = serializers.SlugRelatedField(
        slug_field="text_ru", many=True, read_only=True, source="activities"
    )
    indicators = IndicatorSerializer(many=True, read_only=True)
    target_groups = TargetGroupSerializer(many=True, read_only=True)
    monitoring = serializers.SerializerMethodField()

    @extend_schema_field(MonitoringSerializer(allow_null=True))
    def get_monitoring(self, contract):
        from tapsyrys.monitoring.selectors.experts import who_monitors

        try:
            return who_monitors(contract).as_api()
        except ApplicationError:  # no MCI known for the contract's date (before 2018)
            return None

    class Meta(ContractSerializer.Meta):
        fields = ContractSerializer.Meta.fields + [
            "expected_results",
            "service_types",
            "activities",
            "activities_kk",
            "activities_ru",
            "indicators",
            "target_groups",
            "monitoring",
        ]


class ContractCreateSerializer(serializers.Serializer):
    lot = serializers.PrimaryKeyRelatedField(queryset=Lot.objects.all())
    supplier_bin = serializers.CharField(max_length=12)
    number = serializers.CharField(max_length=64)
    signed_on = serializers.DateField()
    year = serializers.IntegerField(min_value=2000, max_value=2100, required=False)
    amount = serializers.DecimalField(max_digits=16, decimal_places=2)
    starts_on = serializers.DateField()
    ends_on = serializers.DateField()
    expected_results = serializers.CharField(
        required=False, allow_blank=True, default="", max_length=TEXT_MAX
    )
    service_types = serializers.SlugRelatedField(
        slug_field="code", queryset=ServiceType.objects.all(), many=True, required=False
    )
    # X-I18N: `activities` alone stand for both languages; with `activities_kk` (the same
    # activities in Kazakh, in the same order) they are the Russian texts
    activities = serializers.ListField(child=serializers.CharField(max_length=1000), default=list)
    activities_kk = serializers.ListField(
        child=serializers.CharField(max_length=1000), required=False
    )
    indicators = IndicatorSerializer(many=True, required=False)
    target_groups = TargetGroupSerializer(many=True, required=False)


def _activities(data):
    russian, kazakh = data.get("activities", []), data.get("activities_kk")
    if kazakh is None:
        return russian
    if len(kazakh) != len(russian):
        raise ApplicationError(
            _("Write %(n)d lines in Kazakh, one for each line in Russian (now %(m)d).")
            % {"n": len(russian), "m": len(kazakh)},
            field="activities_kk",
        )
    return list(zip(kazakh, russian, strict=True))


class TransitionSerializer(serializers.Serializer):
    status = serializers.ChoiceField(choices=Contract.Status.choices)
    reason = serializers.CharField(required=False, allow_blank=True, default="", max_length=1000)


class TeamSerializer(serializers.ModelSerializer):
    class Meta:
        model = TeamMember
        fields = ["name", "role", "experience"]


class PublicTeamSerializer(serializers.ModelSerializer):
    """Team members in public: name and role only (C-4, personal data)."""

    class Meta:
        model = TeamMember
        fields = ["name", "role"]


class PartnerSerializer(serializers.ModelSerializer):
    class Meta:
        model = Partner
        fields = ["kind", "name", "joint_work"]


class PublicationSerializer(serializers.ModelSerializer):
    class Meta:
        model = MediaPublication
        fields = ["outlet", "title", "published_on", "url"]


class PassportSerializer(serializers.ModelSerializer):
    team = TeamSerializer(many=True, required=False)
    partners = PartnerSerializer(many=True, required=False)
    publications = PublicationSerializer(many=True, required=False)
    reached = serializers.DictField(
        child=serializers.IntegerField(min_value=0, max_value=MAX_COUNT, allow_null=True),
        required=False,
        write_only=True,
    )
    proposals = serializers.ListField(
        child=serializers.CharField(max_length=4000), required=False, write_only=True
    )

    class Meta:
        model = Passport
        fields = [
            "goals_tasks",
            "expected_results",
            "budget",
            "budget_notes",
            "work_done",
            "team",
            "partners",
            "publications",
            "reached",
            "proposals",
            "updated_at",
        ]
        read_only_fields = ["updated_at"]
        extra_kwargs = {"budget": {"min_value": 0}}


class PublicPassportSerializer(PassportSerializer):
    team = PublicTeamSerializer(many=True, read_only=True)


class ReportSerializer(serializers.ModelSerializer):
    kind = serializers.CharField(source="stage.kind", read_only=True)
    due_date = serializers.DateField(source="stage.due_date", read_only=True)
    contract_number = serializers.CharField(source="contract.number", read_only=True)
    files = serializers.SerializerMethodField()

    class Meta:
        model = StageReport
        fields = [
            "id",
            "contract",
            "contract_number",
            "stage",
            "kind",
            "due_date",
            "version",
            "status",
            "team_composition",
            "about_project",
            "main_work",
            "indicator_actuals",
            "coverage_reached",
            "satisfaction_results",
            "financial_report",
            "submitted_at",
            "on_time",
            "files",
        ]
        read_only_fields = [
            "contract",
            "stage",
            "version",
            "status",
            "submitted_at",
            "on_time",
        ]

    @extend_schema_field(serializers.ListField(child=serializers.DictField()))
    def get_files(self, obj) -> list:
        if not self.context.get("with_files"):
            return []
        return [
            {"id": str(f.file_id), "name": f.file.original_name, "url": f.file.get_absolute_url()}
            for f in obj.files.select_related("file")
        ]


class ImportJobSerializer(serializers.ModelSerializer):
    percent = serializers.IntegerField(read_only=True)

    class Meta:
        model = ImportJob
        fields = [
            "id",
            "original_name",
            "dry_run",
            "status",
            "total_rows",
            "processed_rows",
            "percent",
            "result",
            "created_at",
            "finished_at",
        ]


# --- NGOs ----------------------------------------------------------------------------------------


@public_api("core", "contracting")
class NgoListApi(generics.ListAPIView):
    """The public NGO registry (C-1)."""

    permission_classes = [Public]
    serializer_class = NgoSerializer

    @extend_schema(
        parameters=[
            OpenApiParameter("q", str, description="name (kk/ru) or BIN prefix"),
            OpenApiParameter("region", str, description="region code"),
            OpenApiParameter("area", str, description="area code"),
        ]
    )
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)

    def get_queryset(self):
        p = self.request.query_params
        region = area = None
        if p.get("region"):
            region = Region.objects.filter(code=p["region"]).values_list("pk", flat=True).first()
            if region is None:
                raise ApplicationError(_("Unknown region."), field="region")
        if p.get("area"):
            area = Area.objects.filter(code=p["area"]).values_list("pk", flat=True).first()
            if area is None:
                raise ApplicationError(_("Unknown area."), field="area")
        return (
            selectors.ngo_registry(q=p.get("q", ""), region=region, area=area)
            .select_related(None)
            .select_related("region")
            .only(
                "id",
                "bin",
                "name_kk",
                "name_ru",
                "short_name_kk",
                "short_name_ru",
                "is_verified",
                "region__code",
            )
        )


class NgoDetailApi(APIView):
    permission_classes = [Public]

    @extend_schema(responses=NgoDetailSerializer)
    def get(self, request, pk):
        try:
            ngo = selectors.ngo_get(pk)
        except Organisation.DoesNotExist:
            raise Http404 from None
        contracts, totals = selectors.ngo_history(ngo)
        data = NgoDetailSerializer(ngo).data
        data["history"] = ContractSerializer(contracts[:500], many=True).data
        data["contracts_total"] = totals["n"]
        data["amount_total"] = str(totals["amount"] or 0)
        return Response(data)


class NgoRegisterApi(APIView):
    """Self-registration of an NGO; the confirmation link goes to its e-mail."""

    permission_classes = [Public]
    throttle_classes = [ScopedRateThrottle]
    throttle_scope = "anon_write"

    @extend_schema(request=NgoRegisterSerializer, responses={201: NgoDetailSerializer})
    def post(self, request):
        s = NgoRegisterSerializer(data=request.data)
        s.is_valid(raise_exception=True)
        data = dict(s.validated_data)
        try:
            validate_bin(data["bin"])
        except ValidationError as exc:
            raise ApplicationError(exc.messages[0], field="bin") from exc
        org, _user = services.ngo_register(**data)
        return Response(NgoDetailSerializer(org).data, status=status.HTTP_201_CREATED)


class NgoVerifyApi(APIView):
    @extend_schema(request=None, responses=NgoDetailSerializer)
    def post(self, request, pk):
        ngo = get_object_or_404(Organisation, pk=pk, kind=Organisation.Kind.NGO)
        guard(request.user, "contracting.ngo.verify", ngo)
        org = services.ngo_verify(organisation=ngo, actor=request.user)
        return Response(NgoDetailSerializer(org).data)


class InvitationSerializer(serializers.Serializer):
    email = serializers.EmailField(max_length=254)
    full_name = serializers.CharField(max_length=200)


class InvitationCreateApi(APIView):
    @extend_schema(request=InvitationSerializer, responses={201: None})
    def post(self, request):
        org = request.user.organisation if request.user.is_authenticated else None
        guard(request.user, "contracting.ngo.invite", org)
        s = InvitationSerializer(data=request.data)
        s.is_valid(raise_exception=True)
        invitation = services.invitation_create(
            organisation=org, actor=request.user, **s.validated_data
        )
        return Response(
            {"id": invitation.pk, "email": invitation.email}, status=status.HTTP_201_CREATED
        )


# --- Competitions and lots -----------------------------------------------------------------------


class CompetitionListApi(generics.ListCreateAPIView):
    permission_classes = [PublicRead]
    serializer_class = CompetitionSerializer

    def get_queryset(self):
        year = self.request.query_params.get("year")
        return (
            Competition.objects.filter(year=year)
            if year and year.isdecimal()
            else Competition.objects.all()
        )

    def create(self, request, *args, **kwargs):
        guard(request.user, "contracting.competition.create")
        s = CompetitionSerializer(data=request.data)
        s.is_valid(raise_exception=True)
        competition = services.competition_create(
            actor=request.user, body=request.user.organisation, **s.validated_data
        )
        return Response(CompetitionSerializer(competition).data, status=status.HTTP_201_CREATED)


class LotListApi(generics.ListCreateAPIView):
    permission_classes = [PublicRead]
    serializer_class = LotSerializer

    def get_queryset(self):
        qs = Lot.objects.select_related("area").order_by("id")
        competition = self.request.query_params.get("competition")
        if competition and competition.isdecimal():
            qs = qs.filter(competition_id=competition)
        return qs

    @extend_schema(parameters=[OpenApiParameter("competition", int, description="competition id")])
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)

    def create(self, request, *args, **kwargs):
        ref = LotCompetitionSerializer(data=request.data)
        ref.is_valid(raise_exception=True)
        competition = ref.validated_data["competition"]
        guard(request.user, "contracting.competition.edit", competition)
        s = LotSerializer(data=request.data)
        s.is_valid(raise_exception=True)
        lot = services.lot_create(actor=request.user, competition=competition, **s.validated_data)
        return Response(LotSerializer(lot).data, status=status.HTTP_201_CREATED)


# --- Contracts -----------------------------------------------------------------------------------


class ContractListApi(generics.ListCreateAPIView):
    """Contracts of the caller's NGO or body (all for the authorized body)."""

    serializer_class = ContractSerializer

    @extend_schema(
        parameters=[
            OpenApiParameter("status", str, enum=Contract.Status.values),
            OpenApiParameter("year", int),
        ]
    )
    def get(self, request, *args, **kwargs):
        guard(request.user, "contracting.contracts.list")
        return super().get(request, *args, **kwargs)

    def get_queryset(self):
        p = self.request.query_params
        status_ = p.get("status", "")
        year = p.get("year", "")
        return selectors.contract_list_for(
            self.request.user,
            status=status_ if status_ in Contract.Status.values else "",
            year=int(year) if year.isdecimal() else None,
        )

    @extend_schema(request=ContractCreateSerializer, responses={201: ContractDetailSerializer})
    def post(self, request, *args, **kwargs):
        s = ContractCreateSerializer(data=request.data)
        s.is_valid(raise_exception=True)
        data = s.validated_data
        lot = data["lot"]
        guard(request.user, "contracting.lot.edit", lot)
        supplier = Organisation.objects.filter(
            bin=data["supplier_bin"], kind=Organisation.Kind.NGO
        ).first()
        if supplier is None:
            raise ApplicationError(
                _("The supplier with BIN %(bin)s is not in the NGO registry.")
                % {"bin": data["supplier_bin"]},
                field="supplier_bin",
            )
        contract = services.contract_create(
            actor=request.user,
            lot=lot,
            supplier=supplier,
            number=data["number"],
            signed_on=data["signed_on"],
            year=data.get("year"),
            amount=data["amount"],
            starts_on=data["starts_on"],
            ends_on=data["ends_on"],
            expected_results=data.get("expected_results", ""),
            service_types=data.get("service_types", []),
            activities=_activities(data),
            indicators=[
                (
                    (i.get("name_kk") or i.get("name", ""), i.get("name_ru") or i.get("name", "")),
                    i.get("unit", ""),
                    i["planned"],
                )
                for i in data.get("indicators", [])
            ],
            target_groups=[(g["name"], g["planned"]) for g in data.get("target_groups", [])],
        )
        return Response(
            ContractDetailSerializer(selectors.contract_get(contract.pk)).data,
            status=status.HTTP_201_CREATED,
        )


class ContractDetailApi(APIView):
    """Public contract data; the parties also get the report schedule."""

    permission_classes = [Public]

    @extend_schema(responses=ContractDetailSerializer)
    def get(self, request, pk):
        contract = get_object_or_404(selectors.contract_base(), pk=pk)
        data = ContractDetailSerializer(contract).data
        if is_contract_party(request.user, contract):
            data["stages"] = StageSerializer(contract.stages.all(), many=True).data
        return Response(data)


class ContractTransitionApi(APIView):
    @extend_schema(request=TransitionSerializer, responses=ContractSerializer)
    def post(self, request, pk):
        contract = get_object_or_404(Contract, pk=pk)
        guard(request.user, "contracting.contract.manage", contract)
        s = TransitionSerializer(data=request.data)
        s.is_valid(raise_exception=True)
        contract = services.contract_transition(
            contract=contract,
            actor=request.user,
            target=s.validated_data["status"],
            reason=s.validated_data["reason"],
        )
        return Response(ContractSerializer(selectors.contract_get(contract.pk)).data)


class ServiceActSerializer(serializers.ModelSerializer):
    class Meta:
        model = ServiceAct
        fields = ["contract", "signed_on", "portal_reference", "recorded_at"]
        read_only_fields = ["contract", "recorded_at"]


class ServiceActInputSerializer(serializers.Serializer):
    signed_on = serializers.DateField()
    portal_reference = serializers.CharField(max_length=300)


class ServiceActApi(APIView):
    """The act of services rendered (§20, E-6). GET: public (date, portal reference), 404
    until recorded. POST: the contracting body records it — 409 naming Annex 8 until the
    project's Annex 8 report is posted on the portal, 400 naming `signed_on` for a date
    before the posting or in the future, 409 when already recorded."""

    permission_classes = [PublicRead]

    @extend_schema(responses=ServiceActSerializer)
    def get(self, request, pk):
        contract = get_object_or_404(Contract, pk=pk)
        act = ServiceAct.objects.filter(contract=contract).first()
        if act is None:
            return Response(
                {"detail": _("The act of services rendered is not recorded yet.")}, status=404
            )
        return Response(ServiceActSerializer(act).data)

    @extend_schema(request=ServiceActInputSerializer, responses={201: ServiceActSerializer})
    def post(self, request, pk):
        contract = get_object_or_404(Contract, pk=pk)
        guard(request.user, "contracting.act.record", contract)
        s = ServiceActInputSerializer(data=request.data)
        s.is_valid(raise_exception=True)
        act = services.act_record(
            actor=request.user,
            contract=contract,
            signed_on=s.validated_data["signed_on"],
            portal_reference=s.validated_data["portal_reference"],
        )
        return Response(ServiceActSerializer(act).data, status=status.HTTP_201_CREATED)


class PassportApi(APIView):
    """GET: the public passport (team: name and role); PUT: the NGO saves it (lists replace)."""

    permission_classes = [PublicRead]

    @extend_schema(responses=PassportSerializer)
    def get(self, request, pk):
        contract = get_object_or_404(Contract, pk=pk)
        guard(request.user, "contracting.passport.view", contract)
        passport = (
            Passport.objects.filter(contract=contract)
            .prefetch_related("team", "partners", "publications")
            .first()
        )
        if passport is None:
            return Response(
                {"detail": _("The NGO has not filled in the passport yet.")}, status=404
            )
        party = is_contract_party(request.user, contract)
        serializer = PassportSerializer if party else PublicPassportSerializer
        data = serializer(passport).data
        data["target_groups"] = TargetGroupSerializer(contract.target_groups.all(), many=True).data
        return Response(data)

    @extend_schema(request=PassportSerializer, responses=PassportSerializer)
    def put(self, request, pk):
        contract = get_object_or_404(Contract.objects.select_related("supplier", "body"), pk=pk)
        guard(request.user, "contracting.passport.edit", contract)
        s = PassportSerializer(data=request.data, partial=True)
        s.is_valid(raise_exception=True)
        data = dict(s.validated_data)
        lists = {k: data.pop(k, None) for k in ("team", "partners", "publications")}
        reached = data.pop("reached", None)
        proposals = data.pop("proposals", [])
        passport = services.passport_save(
            contract=contract,
            actor=request.user,
            fields=data,
            team=[dict(x) for x in lists["team"]] if lists["team"] is not None else None,
            partners=[dict(x) for x in lists["partners"]]
            if lists["partners"] is not None
            else None,
            publications=[dict(x) for x in lists["publications"]]
            if lists["publications"] is not None
            else None,
            reached=reached,
            proposals=proposals,
        )
        return Response(PassportSerializer(passport).data)


# --- Reports -------------------------------------------------------------------------------------


class ReportListApi(generics.ListAPIView):
    """NGO users: their NGO's reports (drafts too); bodies: submitted reports of their contracts."""

    serializer_class = ReportSerializer

    def get(self, request, *args, **kwargs):
        guard(request.user, "contracting.contracts.list")
        return super().get(request, *args, **kwargs)

    def get_queryset(self):
        user = self.request.user
        from .permissions import email_confirmed, is_ngo_user

        if is_ngo_user(user):
            if not email_confirmed(user):
                return StageReport.objects.none()
            return (
                StageReport.objects.filter(contract__supplier_id=user.organisation_id)
                .select_related("stage", "contract")
                .order_by("-id")
            )
        return selectors.report_inbox(user)


class ReportDetailApi(APIView):
    @extend_schema(responses=ReportSerializer)
    def get(self, request, pk):
        report = get_object_or_404(StageReport.objects.select_related("contract", "stage"), pk=pk)
        guard(request.user, "contracting.report.view", report)
        return Response(ReportSerializer(report, context={"with_files": True}).data)

    @extend_schema(request=ReportSerializer, responses=ReportSerializer)
    def patch(self, request, pk):
        report = get_object_or_404(StageReport.objects.select_related("contract", "stage"), pk=pk)
        guard(request.user, "contracting.report.edit", report)
        s = ReportSerializer(report, data=request.data, partial=True)  # also refuses a non-object
        s.is_valid(raise_exception=True)
        fields = {k: v for k, v in request.data.items() if k in services.REPORT_FIELDS}
        report = services.report_save_draft(report=report, actor=request.user, fields=fields)
        return Response(ReportSerializer(report, context={"with_files": True}).data)


class ReportStartApi(APIView):
    @extend_schema(request=None, responses={201: ReportSerializer})
    def post(self, request, stage_pk):
        stage = get_object_or_404(ReportStage.objects.select_related("contract"), pk=stage_pk)
        guard(request.user, "contracting.passport.edit", stage.contract)
        report = services.report_start(stage=stage, actor=request.user)
        return Response(ReportSerializer(report).data, status=status.HTTP_201_CREATED)


class ReportSubmitApi(APIView):
    @extend_schema(request=None, responses=ReportSerializer)
    def post(self, request, pk):
        report = get_object_or_404(StageReport.objects.select_related("contract", "stage"), pk=pk)
        guard(request.user, "contracting.report.edit", report)
        report = services.report_submit(report=report, actor=request.user, now=timezone.now())
        return Response(ReportSerializer(report).data)


class ReportCorrectApi(APIView):
    @extend_schema(request=None, responses={201: ReportSerializer})
    def post(self, request, pk):
        report = get_object_or_404(StageReport.objects.select_related("contract", "stage"), pk=pk)
        guard(request.user, "contracting.report.correct", report)
        new = services.report_correct(report=report, actor=request.user)
        return Response(ReportSerializer(new).data, status=status.HTTP_201_CREATED)


class ReportFileApi(APIView):
    parser_classes = [MultiPartParser, FormParser]

    @extend_schema(
        request={
            "multipart/form-data": {
                "type": "object",
                "properties": {"file": {"type": "string", "format": "binary"}},
            }
        },
        responses={201: None},
    )
    def post(self, request, pk):
        report = get_object_or_404(StageReport.objects.select_related("contract", "stage"), pk=pk)
        guard(request.user, "contracting.report.edit", report)
        attached = services.report_file_add(
            report=report, actor=request.user, upload=request.FILES.get("file")
        )
        return Response(
            {"id": str(attached.file_id), "url": attached.file.get_absolute_url()},
            status=status.HTTP_201_CREATED,
        )


# --- Import --------------------------------------------------------------------------------------


class ImportApi(APIView):
    parser_classes = [MultiPartParser, FormParser, StrictJSONParser]

    @extend_schema(
        request={
            "multipart/form-data": {
                "type": "object",
                "properties": {
                    "file": {"type": "string", "format": "binary"},
                    "dry_run": {"type": "boolean"},
                },
            }
        },
        responses={201: ImportJobSerializer},
    )
    def post(self, request):
        guard(request.user, "contracting.import.run")
        dry_run = str(request.data.get("dry_run", "true")).lower() not in ("false", "0", "no")
        job = services.import_start(
            actor=request.user, upload=request.FILES.get("file"), dry_run=dry_run
        )
        job.refresh_from_db()
        return Response(ImportJobSerializer(job).data, status=status.HTTP_201_CREATED)


class ImportJobApi(APIView):
    @extend_schema(responses=ImportJobSerializer)
    def get(self, request, pk):
        job = get_object_or_404(ImportJob, pk=pk)
        guard(request.user, "contracting.import.view", job)
        return Response(ImportJobSerializer(job).data)

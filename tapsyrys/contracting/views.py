"""Pages of contracting: the public NGO registry and NGO pages, registration, the NGO's desk
(profile, colleagues, contracts, passports, reports), the body's competitions, lots,
contracts, incoming reports and the import from the procurement portal."""

from django.contrib import messages
from django.contrib.auth import login
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from tapsyrys.calendar.rules import local_date
from tapsyrys.core.accounts import services as accounts
from tapsyrys.core.accounts.selectors import pending_invitations
from tapsyrys.core.accounts.throttle import signup_allowed
from tapsyrys.core.confirm import confirm_page, is_confirmed
from tapsyrys.core.errors import ApplicationError
from tapsyrys.core.models import Organisation
from tapsyrys.core.pagination import CountCachedPaginator, keyset_view_page
from tapsyrys.core.permissions import NotSignedIn, check, guard, is_authorized_body
from tapsyrys.core.public_cache import EVERY_APP, public_page

from . import gates, rules, selectors, services
from .forms import (
    IMPORT_COLUMNS,
    ActForm,
    CompetitionForm,
    ContractForm,
    ImportForm,
    InviteForm,
    ListFilterForm,
    LotForm,
    LotStatusForm,
    NgoProfileFields,
    NgoRegistrationForm,
    NgoRejectForm,
    PassportForm,
    RegistryFilterForm,
    ReportForm,
    StatusForm,
)
from .models import (
    Competition,
    Contract,
    ImportJob,
    Lot,
    Passport,
    ReportStage,
    ServiceAct,
    StageReport,
)
from .permissions import email_confirmed, is_body_user, is_ngo_user

PAGE_SIZE = 25


def form_error(form, exc: ApplicationError):
    field = exc.field if exc.field in form.fields else None
    form.add_error(field, str(exc.message))


def get_or_404(getter, pk):
    try:
        return getter(pk)
    except (
        Organisation.DoesNotExist,
        Contract.DoesNotExist,
        StageReport.DoesNotExist,
        Competition.DoesNotExist,
        Lot.DoesNotExist,
        ImportJob.DoesNotExist,
    ):
        raise Http404 from None


# --- Public registry and NGO pages (C-1) ----------------------------------------------------------


@public_page("core")
def registry(request):
    form = RegistryFilterForm(request.GET or None)
    filters = {}
    if form.is_valid():
        data = form.cleaned_data
        filters = {
            "q": data.get("q") or "",
            "region": data["region"].pk if data.get("region") else None,
            "area": data["area"].pk if data.get("area") else None,
            "verified": {"1": True, "0": False}.get(data.get("verified") or ""),
        }
    qs = selectors.ngo_registry(**filters)
    page = keyset_view_page(request, qs, size=PAGE_SIZE)  # page 800 costs page 1 (issue 8)
    return render(request, "contracting/registry.html", {"form": form, "page": page})


@public_page(*EVERY_APP)
def ngo_detail(request, pk):
    ngo = get_or_404(selectors.ngo_get, pk)
    contracts, totals = selectors.ngo_history(ngo)
    page = CountCachedPaginator(contracts, 50).get_page(request.GET.get("page"))
    can_verify = not ngo.is_verified and bool(check(request.user, "contracting.ngo.verify", ngo))
    return render(
        request,
        "contracting/ngo_detail.html",
        {"org": ngo, "page": page, "totals": totals, "can_verify": can_verify},
    )


def register(request):
    if request.user.is_authenticated:
        messages.info(request, _("You are signed in already; sign out to register another NGO."))
        return redirect("portal:dashboard")
    form = NgoRegistrationForm(request.POST or None)
    if request.method == "POST" and not signup_allowed(request):
        throttled = _("Too many sign-ups from your address. Try again later.")
        context = {"form": form, "throttled": throttled}
        return render(request, "contracting/register.html", context, status=429)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            org, user = services.ngo_register(
                bin=data["bin"],
                areas=list(data["areas"]),
                username=data["username"],
                password=data["password1"],
                full_name=data["full_name"],
                position=data["position"],
                language=(get_language() or "kk")[:2],
                **{
                    k: data[k]
                    for k in (
                        "name_kk",
                        "name_ru",
                        "short_name_kk",
                        "short_name_ru",
                        "legal_form",
                        "region",
                        "address",
                        "phones",
                        "email",
                        "website",
                        "description",
                    )
                },
            )
        except ApplicationError as exc:
            form_error(form, exc)
        else:
            login(request, user, backend="tapsyrys.core.backends.ModelBackend")
            messages.success(
                request,
                _("Your NGO is registered. We sent a confirmation link to %(email)s.")
                % {"email": org.email},
            )
            return redirect("contracting:my_ngo")
    return render(request, "contracting/register.html", {"form": form})


# --- The NGO's desk ------------------------------------------------------------------------------


def my_ngo(request):
    user = request.user
    if not user.is_authenticated:
        raise NotSignedIn
    if not is_ngo_user(user):
        raise PermissionDenied(_("This page is for NGO members."))
    org = user.organisation
    confirmed = email_confirmed(user)
    can_edit = bool(check(user, "contracting.ngo.edit", org))
    profile_form = None
    invite_form = InviteForm(request.POST if request.POST.get("action") == "invite" else None)
    if can_edit:
        initial = {f: getattr(org, f) for f in NgoProfileFields.base_fields if f not in ("areas",)}
        initial["areas"] = list(org.areas.all())
        profile_form = NgoProfileFields(
            request.POST if request.POST.get("action") == "profile" else None, initial=initial
        )
    if request.method == "POST":
        action = request.POST.get("action")
        if action == "resend":
            try:
                accounts.email_resend(user=user)
                messages.success(request, _("We sent the confirmation link again."))
            except ApplicationError as exc:
                messages.error(request, exc.message)
            return redirect("contracting:my_ngo")
        if action == "profile":
            guard(request.user, "contracting.ngo.edit", org)
            if profile_form.is_valid():
                data = dict(profile_form.cleaned_data)
                areas = list(data.pop("areas"))
                try:
                    services.ngo_update(organisation=org, actor=user, areas=areas, **data)
                except ApplicationError as exc:
                    form_error(profile_form, exc)
                else:
                    messages.success(request, _("The profile is saved."))
                    return redirect("contracting:my_ngo")
        if action == "invite":
            guard(request.user, "contracting.ngo.invite", org)
            if invite_form.is_valid():
                try:
                    services.invitation_create(
                        organisation=org, actor=user, **invite_form.cleaned_data
                    )
                except ApplicationError as exc:
                    form_error(invite_form, exc)
                else:
                    messages.success(request, _("The invitation has been sent."))
                    return redirect("contracting:my_ngo")
    members = org.users.filter(is_active=True).order_by("full_name", "username")
    invitations = pending_invitations(org) if user.is_org_admin else []
    return render(
        request,
        "contracting/my_ngo.html",
        {
            "org": org,
            "confirmed": confirmed,
            "profile_form": profile_form,
            "invite_form": invite_form if user.is_org_admin else None,
            "members": members,
            "invitations": invitations,
        },
    )


def contract_list(request):
    guard(request.user, "contracting.contracts.list")
    form = ListFilterForm(request.GET or None, statuses=Contract.Status.choices)
    filters = form.filters()
    q = request.GET.get("q", "").strip()[:100]
    qs = selectors.contract_list_for(request.user, q=q, **filters)
    page = CountCachedPaginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "contracting/contract_list.html",
        {
            "page": page,
            "form": form,
            "q": q,
            "query": query.urlencode(),
            "is_ngo": is_ngo_user(request.user),
            # a state body sees only its own contracts: no body filter for it
            "body_filter": not is_body_user(request.user),
            "not_confirmed": is_ngo_user(request.user) and not email_confirmed(request.user),
        },
    )


@public_page(*EVERY_APP)
def contract_detail(request, pk):
    contract = get_or_404(selectors.contract_get, pk)
    private = bool(check(request.user, "contracting.contract.view_private", contract))
    can_manage = bool(check(request.user, "contracting.contract.manage", contract))
    can_edit_passport = bool(check(request.user, "contracting.passport.edit", contract))
    today = timezone.localdate()
    stages = []
    if private:
        is_supplier = request.user.organisation_id == contract.supplier_id
        for stage in selectors.stages_with_reports(contract):
            reports = list(stage.reports.all())
            if not is_supplier:
                reports = [r for r in reports if r.status == StageReport.Status.SUBMITTED]
            stages.append(
                {"stage": stage, "state": rules.stage_state(stage, today=today), "reports": reports}
            )
    service_act = ServiceAct.objects.filter(contract=contract).first()
    act_form = act_gate = None
    if (
        service_act is None
        and rules.allows(contract.status, "complete")
        and check(request.user, "contracting.act.record", contract)
    ):
        act_form, act_gate = ActForm(), gates.check_act(contract)
    status_form = StatusForm() if can_manage else None
    if status_form is not None:
        allowed = rules.allowed_transitions(contract.status)
        status_form.fields["status"].choices = [(s, Contract.Status(s).label) for s in allowed]
    return render(
        request,
        "contracting/contract_detail.html",
        {
            "contract": contract,
            "private": private,
            "can_manage": can_manage,
            "can_edit_passport": can_edit_passport,
            # what the status allows (rules.STATUS_ACTIONS): the template compares no statuses
            "actions": rules.allowed_actions(contract.status),
            "stages": stages,
            "service_act": service_act,
            "act_form": act_form,
            "act_gate": act_gate,
            "status_form": status_form
            if status_form and status_form.fields["status"].choices
            else None,
            "is_supplier": request.user.is_authenticated
            and request.user.organisation_id == contract.supplier_id,
        },
    )


@require_POST
def contract_status(request, pk):
    contract = get_or_404(selectors.contract_get, pk)
    guard(request.user, "contracting.contract.manage", contract)
    form = StatusForm(request.POST)
    if form.is_valid():
        try:
            services.contract_transition(
                contract=contract,
                actor=request.user,
                target=form.cleaned_data["status"],
                reason=form.cleaned_data["reason"],
            )
            messages.success(request, _("The status is changed."))
        except ApplicationError as exc:
            messages.error(request, exc.message)
    else:
        messages.error(request, _("Choose a status."))
    return redirect("contracting:contract", pk=contract.pk)


@require_POST
def contract_act(request, pk):
    """The body records the act of services rendered (E-6); refusals come back as messages."""
    contract = get_or_404(selectors.contract_get, pk)
    guard(request.user, "contracting.act.record", contract)
    form = ActForm(request.POST)
    if form.is_valid():
        try:
            services.act_record(
                actor=request.user,
                contract=contract,
                signed_on=form.cleaned_data["signed_on"],
                portal_reference=form.cleaned_data["portal_reference"],
            )
            messages.success(request, _("The act of services rendered is recorded."))
        except ApplicationError as exc:
            messages.error(request, exc.message)
    else:
        messages.error(request, _("Enter the date of the act and its portal reference."))
    return redirect("contracting:contract", pk=contract.pk)


def passport_detail(request, pk):
    contract = get_or_404(selectors.contract_get, pk)
    guard(request.user, "contracting.passport.view", contract)
    passport = (
        Passport.objects.filter(contract=contract)
        .prefetch_related("team", "partners", "publications", "files__file")
        .first()
    )
    return render(
        request,
        "contracting/passport_detail.html",
        {
            "contract": contract,
            "passport": passport,
            "can_edit": bool(check(request.user, "contracting.passport.edit", contract)),
            "party": bool(check(request.user, "contracting.contract.view_private", contract)),
            "proposals": _proposals(contract),
        },
    )


def _proposals(contract):
    from tapsyrys.formation.models import TopicProposal

    return list(
        TopicProposal.objects.filter(
            body_id=contract.body_id, author_user__organisation_id=contract.supplier_id
        ).order_by("-created_at")[:50]
    )


def _lines(rows, keys):
    return "\n".join("; ".join(str(getattr(r, k) or "") for k in keys) for r in rows)


def passport_edit(request, pk):
    contract = get_or_404(selectors.contract_get, pk)
    guard(request.user, "contracting.passport.edit", contract)
    passport = services.passport_for(contract)
    groups = list(contract.target_groups.all())
    initial = {
        "goals_tasks": passport.goals_tasks,
        "expected_results": passport.expected_results or contract.expected_results,
        "budget": passport.budget or contract.amount,
        "budget_notes": passport.budget_notes,
        "work_done": passport.work_done,
        "team": _lines(passport.team.all(), ["name", "role", "experience"]),
        "partners": _lines(passport.partners.all(), ["kind", "name", "joint_work"]),
        "publications": "\n".join(
            f"{p.outlet}; {p.title}; {p.published_on:%d.%m.%Y}; {p.url}"
            for p in passport.publications.all()
        ),
    }
    for group in groups:
        initial[f"reached_{group.pk}"] = group.reached
    form = PassportForm(
        request.POST or None, request.FILES or None, initial=initial, target_groups=groups
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.passport_save(
                contract=contract,
                actor=request.user,
                fields={
                    k: data[k]
                    for k in (
                        "goals_tasks",
                        "expected_results",
                        "budget",
                        "budget_notes",
                        "work_done",
                    )
                },
                team=data["team"],
                partners=data["partners"],
                publications=data["publications"],
                reached=form.reached(),
                uploads=[data["attachment"]] if data.get("attachment") else [],
                proposals=data["proposals"],
            )
        except ApplicationError as exc:
            form_error(
                form,
                exc if exc.field != "files" else ApplicationError(exc.message, field="attachment"),
            )
        else:
            messages.success(request, _("The passport is saved."))
            return redirect("contracting:passport", pk=contract.pk)
    return render(
        request,
        "contracting/passport_edit.html",
        {"contract": contract, "form": form, "passport": passport},
    )


# --- Stage reports (C-4) --------------------------------------------------------------------------


@require_POST
def report_start(request, stage_pk):
    try:
        stage = ReportStage.objects.select_related("contract").get(pk=stage_pk)
    except ReportStage.DoesNotExist:
        raise Http404 from None
    guard(request.user, "contracting.passport.edit", stage.contract)
    try:
        report = services.report_start(stage=stage, actor=request.user)
    except ApplicationError as exc:
        messages.error(request, exc.message)
        return redirect("contracting:contract", pk=stage.contract_id)
    return redirect("contracting:report", pk=report.pk)


def report_detail(request, pk):
    report = get_or_404(selectors.report_get, pk)
    guard(request.user, "contracting.report.view", report)
    contract = report.contract
    indicators = list(contract.indicators.all())
    groups = list(contract.target_groups.all())
    can_edit = bool(check(request.user, "contracting.report.edit", report))
    form = None
    if can_edit and is_confirmed(request) and request.POST.get("action") == "submit":
        # the second step: the draft was saved by the first click, now it is submitted
        try:
            services.report_submit(report=report, actor=request.user)
        except ApplicationError as exc:
            messages.error(request, str(exc.message))
        else:
            messages.success(request, _("The report is submitted."))
            return redirect("contracting:report", pk=report.pk)
        return redirect(reverse("contracting:report", args=[report.pk]) + "#report-form")
    if can_edit:
        initial = {
            f: getattr(report, f)
            for f in (
                "team_composition",
                "about_project",
                "main_work",
                "satisfaction_results",
                "financial_report",
            )
        }
        for ind in indicators:
            initial[f"ind_{ind.pk}"] = (report.indicator_actuals or {}).get(str(ind.pk))
        for group in groups:
            initial[f"tg_{group.pk}"] = (report.coverage_reached or {}).get(str(group.pk))
        form = ReportForm(
            request.POST or None,
            request.FILES or None,
            initial=initial,
            indicators=indicators,
            target_groups=groups,
            is_final=report.stage.is_final,
        )
        if request.method == "POST" and form.is_valid():
            upload = form.cleaned_data.get("attachment")
            try:
                with transaction.atomic():
                    saved = services.report_save_draft(
                        report=report,
                        actor=request.user,
                        fields=form.section_values(),
                        uploads=[upload] if upload else [],
                    )
                if request.POST.get("action") == "submit":
                    services.report_ensure_complete(saved)
            except ApplicationError as exc:
                form_error(
                    form,
                    exc
                    if exc.field != "files"
                    else ApplicationError(exc.message, field="attachment"),
                )
            else:
                url = reverse("contracting:report", args=[saved.pk])
                if request.POST.get("action") == "submit":
                    # submitting cannot be undone: the first click saves and asks once more
                    messages.success(
                        request, _("The draft is saved. Check it and confirm the submission.")
                    )
                    return redirect(url + "?confirm=submit#submit-confirm")
                messages.success(request, _("The draft is saved."))
                return redirect(url)
    rows_ind = [(ind, (report.indicator_actuals or {}).get(str(ind.pk))) for ind in indicators]
    rows_tg = [(g, (report.coverage_reached or {}).get(str(g.pk))) for g in groups]
    missing = rules.missing_sections(
        report,
        indicator_ids=[i.pk for i in indicators],
        target_group_ids=[g.pk for g in groups],
        is_final=report.stage.is_final,
    )
    versions = list(StageReport.objects.filter(stage=report.stage).order_by("-version"))
    return render(
        request,
        "contracting/report_detail.html",
        {
            "report": report,
            "contract": contract,
            "form": form,
            "rows_ind": rows_ind,
            "rows_tg": rows_tg,
            "missing": missing,
            "confirm_submit": form is not None and request.GET.get("confirm") == "submit",
            "files": report.files.select_related("file"),
            "versions": versions,
            "can_correct": report.status == StageReport.Status.SUBMITTED
            and report == versions[0]
            and bool(check(request.user, "contracting.report.correct", report)),
        },
    )


@require_POST
def report_correct(request, pk):
    report = get_or_404(selectors.report_get, pk)
    guard(request.user, "contracting.report.correct", report)
    try:
        new = services.report_correct(report=report, actor=request.user)
    except ApplicationError as exc:
        messages.error(request, exc.message)
        return redirect("contracting:report", pk=report.pk)
    messages.success(request, _("A correction (version %(v)s) is started.") % {"v": new.version})
    return redirect("contracting:report", pk=new.pk)


def report_inbox(request):
    guard(request.user, "contracting.reports.inbox")
    timing = request.GET.get("timing", "")
    on_time = {"on_time": True, "late": False}.get(timing)
    # ?received=recent: exactly the reports the desk's "received lately" card counts
    recent = request.GET.get("received") == "recent"
    now = timezone.now()
    qs = selectors.report_inbox(request.user, on_time=on_time, received_by=now if recent else None)
    page = CountCachedPaginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))
    missing = selectors.missing_stages(request.user, today=timezone.localdate())[:50]
    return render(
        request,
        "contracting/report_inbox.html",
        {
            "page": page,
            "missing": missing,
            "timing": timing,
            "recent": recent,
            "recent_days": selectors.RECENT_REPORT_DAYS,
        },
    )


def report_stages(request):
    """The stage reports one card of the desk counts (?show=due_soon|missing|drafts), scoped
    as the card (selectors.desk_stage_list)."""
    guard(request.user, "contracting.contracts.list")
    show = request.GET.get("show", "")
    if show not in selectors.DESK_STAGE_FILTERS:
        show = "missing"
    qs = selectors.desk_stage_list(request.user, show=show, today=local_date(timezone.now()))
    page = CountCachedPaginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))
    titles = {
        "due_soon": _("Reports due within %(days)s days") % {"days": selectors.REPORT_SOON_DAYS},
        "missing": _("Overdue reports, not submitted"),
        "drafts": _("Report drafts not submitted"),
    }
    shows = list(selectors.DESK_STAGE_FILTERS)
    if not is_ngo_user(request.user):
        shows = ["missing"]  # a body sees its NGOs' overdue reports; drafts stay the NGO's
    return render(
        request,
        "contracting/report_stages.html",
        {
            "page": page,
            "show": show,
            "title": titles[show],
            "tabs": [(key, titles[key]) for key in shows],
            "query": f"show={show}",
            "is_ngo": is_ngo_user(request.user),
        },
    )


# --- Competitions and lots (C-2) ------------------------------------------------------------------


@public_page("core", "contracting")
def competition_list(request):
    form = ListFilterForm(request.GET or None, statuses=Lot.Status.choices)
    filters = form.filters()
    mine = request.GET.get("mine") == "1" and is_body_user(request.user)
    if mine:
        filters["body"] = request.user.organisation_id
    qs = selectors.competition_list(**filters)
    page = CountCachedPaginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "contracting/competition_list.html",
        {
            "page": page,
            "form": form,
            "mine": mine,
            "query": query.urlencode(),
            "can_create": bool(check(request.user, "contracting.competition.create")),
        },
    )


def competition_create(request):
    guard(request.user, "contracting.competition.create")
    body = request.user.organisation
    if body is None or body.kind != Organisation.Kind.STATE_BODY:
        raise PermissionDenied(_("Only state bodies record competitions."))
    form = CompetitionForm(request.POST or None, initial={"year": timezone.localdate().year})
    if request.method == "POST" and form.is_valid():
        try:
            competition = services.competition_create(
                actor=request.user, body=body, **form.cleaned_data
            )
        except ApplicationError as exc:
            form_error(form, exc)
        else:
            messages.success(request, _("The competition is recorded; add its lots."))
            return redirect("contracting:competition", pk=competition.pk)
    return render(
        request, "contracting/form_page.html", {"form": form, "title": _("New competition")}
    )


@public_page(*EVERY_APP)
def competition_detail(request, pk):
    competition = get_or_404(selectors.competition_get, pk)
    lots = selectors.competition_lots(competition)
    can_edit = bool(check(request.user, "contracting.competition.edit", competition))
    return render(
        request,
        "contracting/competition_detail.html",
        {"competition": competition, "lots": lots, "can_edit": can_edit},
    )


def lot_create(request, pk):
    competition = get_or_404(selectors.competition_get, pk)
    guard(request.user, "contracting.competition.edit", competition)
    topics = selectors.approved_topics_for(competition.body)
    form = LotForm(request.POST or None, topics=topics)
    if request.method == "POST" and form.is_valid():
        try:
            services.lot_create(actor=request.user, competition=competition, **form.cleaned_data)
        except ApplicationError as exc:
            form_error(form, exc)
        else:
            messages.success(request, _("The lot is added."))
            return redirect("contracting:competition", pk=competition.pk)
    return render(
        request,
        "contracting/form_page.html",
        {"form": form, "title": _("New lot"), "subtitle": str(competition)},
    )


@require_POST
def lot_status(request, pk):
    lot = get_or_404(lambda k: Lot.objects.select_related("competition").get(pk=k), pk)
    guard(request.user, "contracting.lot.edit", lot)
    form = LotStatusForm(request.POST)
    if form.is_valid():
        try:
            services.lot_set_status(lot=lot, actor=request.user, status=form.cleaned_data["status"])
            messages.success(request, _("The status is changed."))
        except ApplicationError as exc:
            messages.error(request, exc.message)
    return redirect("contracting:competition", pk=lot.competition_id)


def contract_create(request, lot_pk):
    lot = get_or_404(lambda k: Lot.objects.select_related("body", "competition").get(pk=k), lot_pk)
    guard(request.user, "contracting.lot.edit", lot)
    form = ContractForm(
        request.POST or None,
        request.FILES or None,
        initial={"year": lot.competition.year, "amount": lot.amount},
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            contract = services.contract_create(
                actor=request.user,
                lot=lot,
                supplier=form.supplier,
                number=data["number"],
                signed_on=data["signed_on"],
                year=data["year"],
                amount=data["amount"],
                starts_on=data["starts_on"],
                ends_on=data["ends_on"],
                service_types=list(data["service_types"]),
                activities=data["activities"],
                indicators=data["indicators"],
                target_groups=data["target_groups"],
                schedule=form.schedule(),
                expected_results=data["expected_results"],
                spec_upload=data.get("spec_document"),
            )
        except ApplicationError as exc:
            form_error(
                form,
                exc
                if exc.field != "schedule"
                else ApplicationError(exc.message, field="final_due"),
            )
        else:
            messages.success(request, _("The contract is registered."))
            return redirect("contracting:contract", pk=contract.pk)
    return render(
        request,
        "contracting/form_page.html",
        {"form": form, "title": _("New contract"), "subtitle": str(lot), "multipart": True},
    )


# --- Verification (authorized body) ---------------------------------------------------------------


def verification_queue(request):
    guard(request.user, "contracting.ngo.verify", None)
    qs = selectors.ngo_verification_queue()
    page = CountCachedPaginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "contracting/verification.html", {"page": page})


def ngo_reject(request, pk):
    """The confirmation step (GET: the NGO, the reason to give) and the rejection (POST)."""
    ngo = get_or_404(selectors.ngo_get, pk)
    guard(request.user, "contracting.ngo.reject", ngo)
    form = NgoRejectForm(request.POST or None)
    error = None
    if request.method == "POST" and form.is_valid():
        try:
            services.ngo_reject(
                organisation=ngo, actor=request.user, reason=form.cleaned_data["reason"]
            )
        except ApplicationError as exc:
            if exc.field == "reason":
                form.add_error("reason", exc.message)
            else:
                error = exc.message
        else:
            messages.success(
                request,
                _("%(ngo)s is rejected; the NGO has been told the reason.")
                % {"ngo": ngo.short_name},
            )
            return redirect("contracting:verification")
    status = 400 if request.method == "POST" else 200
    return render(
        request,
        "contracting/ngo_reject.html",
        {"ngo": ngo, "form": form, "error": error},
        status=status,
    )


@require_POST
def ngo_verify(request, pk):
    ngo = get_or_404(selectors.ngo_get, pk)
    guard(request.user, "contracting.ngo.verify", ngo)
    if not is_confirmed(request):  # verification is shown to everyone: asked once more (issue 13)
        return confirm_page(
            request,
            title=_("Verify the NGO"),
            question=_("Verify %(ngo)s (BIN %(bin)s)?") % {"ngo": ngo.short_name, "bin": ngo.bin},
            consequences=[_("The registry shows the NGO as verified by the authorized body.")],
            action=reverse("contracting:ngo_verify", args=[ngo.pk]),
            cancel=reverse("contracting:verification"),
            button=_("Verify"),
            fields={"next": request.POST.get("next", "")},
            parent=(_("Verification"), reverse("contracting:verification")),
        )
    try:
        services.ngo_verify(organisation=ngo, actor=request.user)
        messages.success(request, _("%(ngo)s is verified.") % {"ngo": ngo.short_name})
    except ApplicationError as exc:
        messages.error(request, exc.message)
    target = request.POST.get("next")
    if not target or not url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        target = reverse("contracting:ngo", args=[ngo.pk])  # never off the site
    return redirect(target)


# --- Import (X-IMPORT) ----------------------------------------------------------------------------


def import_upload(request):
    guard(request.user, "contracting.import.run")
    form = ImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            job = services.import_start(
                actor=request.user,
                upload=form.cleaned_data["file"],
                dry_run=form.cleaned_data["dry_run"],
            )
        except ApplicationError as exc:
            form_error(form, exc)
        else:
            return redirect("contracting:import_job", pk=job.pk)
    jobs = selectors.import_jobs_for(request.user)[:10]
    return render(
        request,
        "contracting/import_upload.html",
        {
            "form": form,
            "columns": IMPORT_COLUMNS,
            "areas": _import_areas(),
            "jobs": jobs,
            "for_all": is_authorized_body(request.user),
        },
    )


def _import_areas():
    from tapsyrys.core.models import Area

    return list(Area.objects.order_by("code").values_list("code", "name_kk", "name_ru"))


def import_template(request, fmt):
    """An empty import file with the accepted columns (and, in .xlsx, a sheet of the area codes
    from the reference data), to fill in and upload (issue 13)."""
    import csv
    import io

    guard(request.user, "contracting.import.run")
    header = [name for name, *_rest in IMPORT_COLUMNS]
    areas = _import_areas()
    if fmt == "csv":
        out = io.StringIO()
        csv.writer(out, delimiter=";").writerow(header)
        content = ("\ufeff" + out.getvalue()).encode("utf-8")
        content_type = "text/csv; charset=utf-8"
        name = "tapsyrys_import.csv"
    elif fmt == "areas.csv":
        out = io.StringIO()
        writer = csv.writer(out, delimiter=";")
        writer.writerow(["area", "name_kk", "name_ru"])
        writer.writerows(areas)
        content = ("\ufeff" + out.getvalue()).encode("utf-8")
        content_type = "text/csv; charset=utf-8"
        name = "tapsyrys_area_codes.csv"
    elif fmt == "xlsx":
        from openpyxl import Workbook

        book = Workbook()
        sheet = book.active
        sheet.title = "import"
        sheet.append(header)
        codes = book.create_sheet("areas")
        codes.append(["area", "name_kk", "name_ru"])
        for row in areas:
            codes.append(list(row))
        out = io.BytesIO()
        book.save(out)
        content = out.getvalue()
        content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        name = "tapsyrys_import.xlsx"
    else:
        raise Http404
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    response["X-Content-Type-Options"] = "nosniff"
    return response


def _job(request, pk):
    job = get_or_404(lambda k: ImportJob.objects.select_related("organisation").get(pk=k), pk)
    guard(request.user, "contracting.import.view", job)
    return job


def import_job(request, pk):
    job = _job(request, pk)
    if request.method == "POST":
        try:
            new = services.import_repeat(job=job, actor=request.user)
        except ApplicationError as exc:
            messages.error(request, exc.message)
        else:
            return redirect("contracting:import_job", pk=new.pk)
    return render(request, "contracting/import_job.html", {"job": job})


def import_progress(request, pk):
    job = _job(request, pk)
    response = render(request, "contracting/_import_progress.html", {"job": job})
    if job.finished and request.htmx:
        response["HX-Refresh"] = "true"
    return response

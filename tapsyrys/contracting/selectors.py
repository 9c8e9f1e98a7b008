"""Queries of contracting, each scoped to what the caller may see (X-ACL)."""

from django.db.models import Count, Exists, OuterRef, Prefetch, Q, Sum

from tapsyrys.core.models import Area, Organisation, Region
from tapsyrys.core.permissions import is_admin, is_authorized_body
from tapsyrys.core.selectors import organisation_public_list

from .models import Competition, Contract, ImportJob, Lot, ReportStage, StageReport
from .permissions import email_confirmed, is_body_user, is_ngo_user


def ngo_registry(*, q="", region=None, area=None, verified=None):
    """The public NGO registry (C-1): core's registry search (names kk/ru/en, BIN prefix,
    region, area) with only the columns the list shows."""
    return (
        organisation_public_list(
            kind=Organisation.Kind.NGO, q=q, region=region, area=area, verified=verified
        )
        .only(
            "id",
            "bin",
            "name_kk",
            "name_ru",
            "name_en",
            "short_name_kk",
            "short_name_ru",
            "is_verified",
            "region__id",
            "region__name_kk",
            "region__name_ru",
            "region__name_en",
        )
        .order_by("name_ru", "id")
    )


def ngo_get(pk):
    return (
        Organisation.objects.filter(kind=Organisation.Kind.NGO, is_active=True)
        .select_related("region")
        .prefetch_related("areas")
        .get(pk=pk)
    )


def contract_base():
    return Contract.objects.select_related(
        "lot", "lot__competition", "lot__area", "body", "supplier"
    )


def ngo_history(ngo):
    """The NGO's contracts, newest first ("grant history"), with totals."""
    contracts = contract_base().filter(supplier=ngo).order_by("-signed_on", "-id")
    totals = Contract.objects.filter(supplier=ngo).aggregate(n=Count("id"), amount=Sum("amount"))
    return contracts, totals


def contract_list_for(user, *, status="", year=None, q="", body=None, area=None):
    """Contracts the user works with: its NGO's, its body's, or all for the authorized body."""
    qs = contract_base()
    if is_authorized_body(user) or is_admin(user):
        pass
    elif is_body_user(user):
        qs = qs.filter(body_id=user.organisation_id)
    elif is_ngo_user(user) and email_confirmed(user):
        qs = qs.filter(supplier_id=user.organisation_id)
    else:
        return qs.none()
    if status:
        qs = qs.filter(status=status)
    if year:
        qs = qs.filter(year=year)
    if body:
        qs = qs.filter(body_id=body)
    if area:
        qs = qs.filter(lot__area_id=area)
    if q:
        qs = qs.filter(
            Q(number__icontains=q) | Q(lot__name_ru__icontains=q) | Q(lot__name_kk__icontains=q)
        )
    return qs.order_by("-signed_on", "-id")


def contract_get(pk):
    return (
        contract_base()
        .prefetch_related("service_types", "activities", "indicators", "target_groups")
        .select_related("spec_document")
        .get(pk=pk)
    )


def stages_with_reports(contract):
    return list(
        ReportStage.objects.filter(contract=contract)
        .prefetch_related(Prefetch("reports", queryset=StageReport.objects.order_by("-version")))
        .order_by("no")
    )


def report_get(pk):
    return StageReport.objects.select_related(
        "stage", "contract", "contract__supplier", "contract__body", "contract__lot"
    ).get(pk=pk)


def report_inbox(user, *, status="", on_time=None, received_by=None):
    """Submitted reports of the body's contracts (all bodies for the authorized body);
    `received_by` (now): only those the desk's "received lately" card counts."""
    qs = StageReport.objects.filter(status=StageReport.Status.SUBMITTED).select_related(
        "stage", "contract", "contract__supplier", "contract__body"
    )
    if not (is_authorized_body(user) or is_admin(user)):
        if not is_body_user(user):
            return qs.none()
        qs = qs.filter(contract__body_id=user.organisation_id)
    if on_time is not None:
        qs = qs.filter(on_time=on_time)
    if received_by is not None:
        qs = qs.filter(report_received_q(received_by))
    return qs.order_by("-submitted_at", "-id")


def missing_stages(user, *, today):
    """Reports past their due date that were never submitted (M-7 special control)."""
    qs = ReportStage.objects.filter(submitted_at__isnull=True, due_date__lt=today).select_related(
        "contract", "contract__supplier"
    )
    qs = qs.filter(contract__status__in=[Contract.Status.ACTIVE, Contract.Status.SUSPENDED])
    if not (is_authorized_body(user) or is_admin(user)):
        if not is_body_user(user):
            return qs.none()
        qs = qs.filter(contract__body_id=user.organisation_id)
    return qs.order_by("due_date", "id")


def competition_list(*, body=None, year=None, area=None, status=""):
    """Competitions with their lots' count and total; `area` and `status` keep the competitions
    that have a lot in that area / in that status."""
    qs = Competition.objects.select_related("body")
    if body:
        qs = qs.filter(body_id=body)
    if year:
        qs = qs.filter(year=year)
    if area:
        qs = qs.filter(id__in=Lot.objects.filter(area_id=area).values("competition_id"))
    if status:
        qs = qs.filter(id__in=Lot.objects.filter(status=status).values("competition_id"))
    qs = qs.annotate(lot_count=Count("lots"), total=Sum("lots__amount"))
    return qs.order_by("-year", "-held_on", "-id")


def competition_get(pk):
    return Competition.objects.select_related("body").get(pk=pk)


def competition_lots(competition):
    return (
        Lot.objects.filter(competition=competition)
        .select_related("area", "topic")
        .prefetch_related(
            Prefetch("contracts", queryset=Contract.objects.select_related("supplier"))
        )
        .order_by("number")
    )


def import_jobs_for(user):
    qs = ImportJob.objects.select_related("organisation", "created_by")
    if is_authorized_body(user):
        return qs
    return qs.filter(organisation_id=user.organisation_id)


def filter_choices():
    return list(Region.objects.all()), list(
        Area.objects.filter(edition_numbers__edition__code="2022").order_by("id").distinct()
    )


def approved_topics_for(body):
    """Approved topics of the body's formation cycles that a lot may link to (C-2)."""
    from tapsyrys.formation.selectors import approved_topics_for as formation_topics

    return list(formation_topics(body))


# --- My desk (portal, contracting/desk.py) ------------------------------------------------------

REPORT_SOON_DAYS = 10  # a stage report due within this many days shows on the NGO's desk
RECENT_REPORT_DAYS = 7  # reports received within this many days show on the body's desk
_RUNNING = [Contract.Status.ACTIVE, Contract.Status.SUSPENDED]


# The desk's report cards and the lists they open share these filters, so a card's number is
# the length of the list its link shows (issue 13). On ReportStage rows; `prefix` reaches them
# from a StageReport ("stage__").
def _open_stage_q(prefix=""):
    return Q(**{f"{prefix}submitted_at__isnull": True, f"{prefix}contract__status__in": _RUNNING})


def stage_due_soon_q(today, prefix=""):
    from datetime import timedelta

    return _open_stage_q(prefix) & Q(
        **{
            f"{prefix}due_date__gte": today,
            f"{prefix}due_date__lte": today + timedelta(days=REPORT_SOON_DAYS),
        }
    )


def stage_missing_q(today, prefix=""):
    return _open_stage_q(prefix) & Q(**{f"{prefix}due_date__lt": today})


def report_draft_q(prefix=""):
    """Draft versions the NGO can still edit (on StageReport; `prefix` "reports__" from a
    ReportStage)."""
    from .rules import NGO_EDITABLE_STATUSES

    # both a report and its stage point at the contract: the same row either way
    return Q(**{f"{prefix}status": StageReport.Status.DRAFT}) & Q(
        contract__status__in=NGO_EDITABLE_STATUSES
    )


def report_received_q(now, prefix=""):
    from datetime import timedelta

    return Q(
        **{
            f"{prefix}status": StageReport.Status.SUBMITTED,
            f"{prefix}submitted_at__gte": now - timedelta(days=RECENT_REPORT_DAYS),
        }
    )


DESK_STAGE_FILTERS = ("due_soon", "missing", "drafts")


def desk_stage_list(user, *, show, today):
    """The rows one report card of the desk counts, scoped as the card: the NGO's own
    contracts' or the body's own contracts' (every body's for the authorized body).
    `show`: due_soon, missing (ReportStage rows) or drafts (StageReport rows)."""
    if show == "drafts":
        qs = StageReport.objects.filter(report_draft_q()).select_related(
            "stage", "contract", "contract__supplier", "contract__body"
        )
        order = ("stage__due_date", "id")
    else:
        q = stage_due_soon_q(today) if show == "due_soon" else stage_missing_q(today)
        qs = ReportStage.objects.filter(q).select_related(
            "contract", "contract__supplier", "contract__body"
        )
        order = ("due_date", "id")
    if is_ngo_user(user):
        if not email_confirmed(user):
            return qs.none()
        qs = qs.filter(contract__supplier_id=user.organisation_id)
    elif is_body_user(user):
        qs = qs.filter(contract__body_id=user.organisation_id)
    elif not (is_authorized_body(user) or is_admin(user)):
        return qs.none()
    return qs.order_by(*order)


def ngo_desk_counts(user, *, today):
    """The NGO member's contracts and reports (own NGO only, e-mail confirmed): two queries.
    None when the user cannot act for an NGO."""

    if not (is_ngo_user(user) and email_confirmed(user)):
        return None
    org = user.organisation_id
    counts = Contract.objects.filter(supplier_id=org).aggregate(
        active=Count("id", filter=Q(status=Contract.Status.ACTIVE))
    )
    counts.update(
        ReportStage.objects.filter(contract__supplier_id=org).aggregate(
            due_soon=Count("id", distinct=True, filter=stage_due_soon_q(today)),
            missing=Count("id", distinct=True, filter=stage_missing_q(today)),
            drafts=Count("reports", filter=report_draft_q("reports__")),
        )
    )
    return counts


def body_desk_counts(user, *, now, today):
    """The state body's contracts by status, reports received lately and missing reports (own
    body only): two queries. None for anyone but state body staff."""

    if not is_body_user(user):
        return None
    org = user.organisation_id
    by_status = dict(
        Contract.objects.filter(body_id=org)
        .order_by()
        .values("status")
        .annotate(n=Count("id"))
        .values_list("status", "n")
    )
    reports = ReportStage.objects.filter(contract__body_id=org).aggregate(
        received=Count("reports", filter=report_received_q(now, "reports__")),
        missing=Count("id", distinct=True, filter=stage_missing_q(today)),
    )
    return {"by_status": by_status, **reports}


def ngo_verification_queue():
    """Self-registered NGOs neither verified nor rejected yet, newest first, with the date of
    registration and whether their administrator has confirmed the e-mail address
    (`email_confirmed`; accounts made otherwise have no confirmation row and count as
    confirmed)."""
    from tapsyrys.core.accounts.models import EmailConfirmation

    unconfirmed = EmailConfirmation.objects.filter(
        user__organisation=OuterRef("pk"), user__is_org_admin=True, confirmed_at__isnull=True
    )
    return (
        Organisation.objects.filter(
            kind=Organisation.Kind.NGO, is_active=True, is_verified=False, rejected_at__isnull=True
        )
        .select_related("region")
        .annotate(email_unconfirmed=Exists(unconfirmed))
        .order_by("-created_at", "-id")
    )


def verification_desk_count(user):
    """NGOs waiting for the authorized body's verification (the verification queue); None for
    anyone else."""
    if not is_authorized_body(user):
        return None
    return ngo_verification_queue().count()

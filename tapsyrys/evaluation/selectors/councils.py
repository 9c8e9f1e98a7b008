"""Reading expert councils (E-1): public lists, a council with its composition, the council
that evaluates a contract, a user's councils, and the scoped nominations and Annex 6 notices.
Every list has a constant number of queries (select_related / prefetch_related)."""

from django.db.models import Count, Prefetch, Q

from tapsyrys.calendar.rules import local_date
from tapsyrys.core.permissions import is_authorized_body
from tapsyrys.evaluation.models import CouncilMember, ExpertCouncil, MemberNotice, Nomination
from tapsyrys.evaluation.permissions.councils import is_council_body
from tapsyrys.evaluation.rules import councils as rules

NOTICE_RELATED = ("member__council__body", "member__user")
NOTICE_NGOS = ("named_ngos", "member_ngos", "governing_ngos", "payments_ngos", "family_ngos")


def councils_public(*, body=None, year=None):
    """All councils, newest term first, with the counts shown in the list."""
    qs = ExpertCouncil.objects.select_related("body").annotate(
        n_members=Count("members", distinct=True),
        n_nominations=Count(
            "nominations",
            filter=~Q(nominations__status=Nomination.Status.WITHDRAWN),
            distinct=True,
        ),
    )
    if body is not None:
        qs = qs.filter(body_id=body)
    if year is not None:
        qs = qs.filter(first_year__lte=year, last_year__gte=year)
    return qs.order_by("-announced_at", "-id")


def council_get(pk):
    """One council with its body and composition (members and their nominations)."""
    return (
        ExpertCouncil.objects.select_related("body", "approval_document")
        .prefetch_related(
            Prefetch(
                "members",
                queryset=CouncilMember.objects.select_related("user__organisation").order_by("id"),
            )
        )
        .get(pk=pk)
    )


def announced_on(council):
    return local_date(council.announced_at)


def formed_on(council):
    return local_date(council.formed_at) if council.formed_at else None


def window(council):
    """(last day of the window, first day the composition may be formed)."""
    day = announced_on(council)
    return rules.window_last_day(day), rules.forming_from(day)


def council_for(contract):
    """The contract's body's APPROVED council whose term covers the year the project ends."""
    if contract.ends_on is None:
        return None
    year = contract.ends_on.year
    return (
        ExpertCouncil.objects.filter(
            body_id=contract.body_id,
            status=ExpertCouncil.Status.APPROVED,
            first_year__lte=year,
            last_year__gte=year,
        )
        .order_by("-first_year")
        .first()
    )


def councils_of_user(user):
    """The councils the user is a member of (any status once formed)."""
    if not getattr(user, "is_authenticated", False):
        return ExpertCouncil.objects.none()
    return (
        ExpertCouncil.objects.filter(members__user=user)
        .select_related("body")
        .order_by("-first_year", "id")
    )


def memberships_of(user):
    if not getattr(user, "is_authenticated", False):
        return CouncilMember.objects.none()
    return CouncilMember.objects.filter(user=user).select_related("council__body").order_by("-id")


def nominations_of_council(council):
    return (
        Nomination.objects.filter(council=council)
        .select_related("candidate__organisation")
        .order_by("submitted_at", "id")
    )


def nominations_for(user):
    """A candidate's own nominations; a body's staff: their body's councils' nominations; the
    authorized body: all."""
    qs = Nomination.objects.select_related("council__body", "candidate__organisation")
    if not getattr(user, "is_authenticated", False):
        return qs.none()
    if is_authorized_body(user):
        return qs.order_by("-submitted_at", "-id")
    scope = Q(candidate=user)
    if user.organisation_id is not None:
        scope |= Q(council__body_id=user.organisation_id)
    return qs.filter(scope).order_by("-submitted_at", "-id")


def own_nomination(user, council):
    if not getattr(user, "is_authenticated", False):
        return None
    return Nomination.objects.filter(council=council, candidate=user).first()


def notices_for(user):
    """A member's own notices; the staff of a council's body: its members' signed notices; the
    authorized body: every signed notice."""
    qs = MemberNotice.objects.select_related(*NOTICE_RELATED).prefetch_related(*NOTICE_NGOS)
    if not getattr(user, "is_authenticated", False):
        return qs.none()
    if is_authorized_body(user):
        return qs.filter(Q(member__user=user) | Q(signed_at__isnull=False))
    scope = Q(member__user=user)
    if user.organisation_id is not None:
        scope |= Q(member__council__body_id=user.organisation_id, signed_at__isnull=False)
    return qs.filter(scope)


def notice_get(pk):
    return (
        MemberNotice.objects.select_related(*NOTICE_RELATED)
        .prefetch_related(*NOTICE_NGOS)
        .get(pk=pk)
    )


def council_notices(council):
    """The latest signed notice of each member of a council (for the body's page)."""
    notices = (
        MemberNotice.objects.filter(member__council=council, signed_at__isnull=False)
        .select_related("member__user")
        .prefetch_related("named_ngos")
        .order_by("member_id", "-signed_at", "-id")
    )
    latest = {}
    for n in notices:
        latest.setdefault(n.member_id, n)
    return latest


def latest_signed_notice(member_id):
    """The member's latest signed Annex 6 notice (it replaces the earlier ones), or None."""
    return (
        MemberNotice.objects.filter(member_id=member_id, signed_at__isnull=False)
        .prefetch_related("named_ngos")
        .order_by("-signed_at", "-id")
        .first()
    )


def draft_of(member):
    return MemberNotice.objects.filter(member=member, signed_at__isnull=True).first()


def can_see_nominations(user, council):
    return is_authorized_body(user) or is_council_body(user, council)

"""Expert councils (§16, E-1): the announcement, self-nominations, the composition, its
approval by the Council for Interaction and Cooperation with NGOs and the members' Annex 6
notices. check → lock → change → full_clean → event (X-AUDIT) → notification (X-NOTIFY).

Decisions (see rules/councils.py for the dates):
- one council per body and first year (the model's unique constraint): a second
  announcement for the same term is refused;
- the role `council_member` is granted when a person is included in the composition (never
  on nominating); a nominee who is not included keeps their account and no role;
- the composition is formed once (a single transition announced → preliminary); the
  approval is recorded once (preliminary → approved), its reference required, the document
  optional;
- the Annex 6 notice is filed per membership (not per project): a draft is edited, a signed
  one never changes, a new one replaces it (the latest signed one counts for conflicts). Like
  Annex 4 it is NOT published in the public ledger (personal data of third persons; it is
  addressed to the state body): its xlsx/PDF is rendered from the immutable signed row for the
  member, the council's body and the authorized body.
"""

import datetime as dt

from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from tapsyrys.calendar.rules import local_date
from tapsyrys.core import conflicts
from tapsyrys.core.due import due_met, due_open
from tapsyrys.core.errors import ApplicationError
from tapsyrys.core.events import record
from tapsyrys.core.files import store_upload
from tapsyrys.core.models import Role, User
from tapsyrys.core.permissions import guard
from tapsyrys.core.services import full_clean_or_raise, role_grant
from tapsyrys.evaluation.deadlines.councils import COUNCIL_WINDOW
from tapsyrys.evaluation.models import CouncilMember, ExpertCouncil, MemberNotice, Nomination
from tapsyrys.evaluation.permissions.councils import is_state_staff
from tapsyrys.evaluation.rules import councils as rules

MAX_MEMBERS = 50
MAX_TEXT = 4000

REFUSALS = {
    "bad_first_year": _("The term is the next three calendar years: it starts in January of "
                        "next year (or, if you choose so, in the current year)."),
    "has_nominations": _("Candidates have nominated themselves: form the composition from "
                         "their nominations (§16 of the Rules)."),
    "no_nominations": _("No candidate has nominated themself: the state body forms the "
                        "composition itself (§16 of the Rules)."),
    "none_included": _("Include at least one candidate in the composition."),
    "no_members": _("Name at least one member of the expert council."),
    "window_closed": _("The self-nomination period of this council is over."),
    "not_yet_open": _("The announcement is not published yet."),
    "approved_in_future": _("The date of the approval cannot be in the future."),
    "approved_before_forming": _("The approval cannot be dated before the composition was "
                                 "formed (%(date)s)."),
}  # fmt: skip
WINDOW_OPEN = _(
    "Candidates may nominate themselves for 10 calendar days after the announcement, until "
    "%(last)s inclusive: the composition can be formed from %(from)s (§16 of the Rules)."
)


class Conflict(ApplicationError):
    status_code = 409


def _ddmmyyyy(day):
    return day.strftime("%d.%m.%Y")


def _refuse(refusal, *, error=ApplicationError, **params):
    code, field = refusal[0], refusal[1]
    message = REFUSALS[code] % params if params else REFUSALS[code]
    raise error(message, field=field, code=code)


def _refuse_forming(refusal, announced_on):
    code, field, from_date = refusal
    if code == "window_open":
        raise ApplicationError(
            WINDOW_OPEN
            % {
                "last": _ddmmyyyy(rules.window_last_day(announced_on)),
                "from": _ddmmyyyy(from_date),
            },
            field=field,
            code=code,
        )
    _refuse((code, field))


def _not_allowed(council, action):
    if not rules.allows(council.status, action):
        raise Conflict(
            _("Not possible now: the council is “%(status)s”.")
            % {"status": council.get_status_display()},
            field="status",
            code="status",
        )


def _text(value, *, field, required=True, max_length=MAX_TEXT):
    value = str(value or "").strip()
    if required and not value:
        raise ApplicationError(_("This field is required."), field=field)
    if len(value) > max_length:
        raise ApplicationError(_("At most %(n)s characters.") % {"n": max_length}, field=field)
    return value


def _locked(council):
    return ExpertCouncil.objects.select_for_update().get(pk=council.pk)


# --- The announcement ---------------------------------------------------------------------------


def council_announce(*, actor, announcement, first_year=None, now=None):
    """The body publishes the announcement on forming its expert council for the next three
    calendar years (a public page); the self-nomination window opens (a due item)."""
    guard(actor, "evaluation.council.announce")
    now = now or timezone.now()
    today = local_date(now)
    text = _text(announcement, field="announcement")
    if first_year in (None, ""):
        first_year = rules.default_first_year(today)
    try:
        first_year = int(first_year)
    except (TypeError, ValueError):
        raise ApplicationError(_("Enter a year."), field="first_year") from None
    refusal = rules.first_year_refusal(first_year, today)
    if refusal is not None:
        _refuse(refusal)
    first, last = rules.term(first_year)
    body = actor.organisation
    with transaction.atomic():
        if ExpertCouncil.objects.filter(body=body, first_year=first).exists():
            raise Conflict(
                _("Your body has already announced its expert council for %(first)s–%(last)s.")
                % {"first": first, "last": last},
                field="first_year",
                code="exists",
            )
        council = ExpertCouncil(
            body=body,
            first_year=first,
            last_year=last,
            announcement=text,
            announced_at=now,
            announced_by=actor,
            created_at=now,
        )
        full_clean_or_raise(council, exclude=["body", "announced_by", "approval_document"])
        try:
            with transaction.atomic():
                council.save(force_insert=True)
        except IntegrityError as exc:  # a concurrent announcement for the same term
            raise Conflict(
                _("Your body has already announced its expert council for %(first)s–%(last)s.")
                % {"first": first, "last": last},
                field="first_year",
                code="exists",
            ) from exc
        due_open(council, COUNCIL_WINDOW, rules.window_last_day(today), now=now)
        record(
            council,
            "evaluation.council.announce",
            actor=actor,
            data={"first_year": first, "last_year": last, "announced_on": today.isoformat()},
        )
    return council


# --- Self-nomination ----------------------------------------------------------------------------


def nomination_submit(*, actor, council, about, now=None):
    """A signed-in person nominates themself while the window is open (D … D+10)."""
    guard(actor, "evaluation.nomination.submit", council)
    now = now or timezone.now()
    about = _text(about, field="about")
    with transaction.atomic():
        council = _locked(council)
        _not_allowed(council, "nominate")
        refusal = rules.nomination_refusal(local_date(council.announced_at), local_date(now))
        if refusal is not None:
            _refuse(refusal, error=Conflict)
        existing = Nomination.objects.filter(council=council, candidate=actor).first()
        if existing is not None and existing.status != Nomination.Status.WITHDRAWN:
            raise Conflict(
                _("You have already nominated yourself to this council."),
                field="council",
                code="exists",
            )
        if existing is not None:  # a withdrawn nomination is submitted again
            nomination = existing
            nomination.status = Nomination.Status.SUBMITTED
            nomination.about = about
            nomination.submitted_at = now
            nomination.decided_at = None
        else:
            nomination = Nomination(council=council, candidate=actor, about=about, submitted_at=now)
        full_clean_or_raise(nomination, exclude=["council", "candidate"], validate_unique=False)
        nomination.save()
        record(
            nomination,
            "evaluation.nomination.submit",
            actor=actor,
            data={"council": council.pk},
        )
    return nomination


def nomination_withdraw(*, actor, nomination, now=None):
    guard(actor, "evaluation.nomination.withdraw", nomination)
    now = now or timezone.now()
    with transaction.atomic():
        council = _locked(nomination.council)
        _not_allowed(council, "withdraw")
        nomination = Nomination.objects.select_for_update().get(pk=nomination.pk)
        if nomination.status != Nomination.Status.SUBMITTED:
            raise Conflict(_("This nomination is already withdrawn."), field="nomination")
        nomination.status = Nomination.Status.WITHDRAWN
        nomination.decided_at = now
        nomination.save(update_fields=["status", "decided_at"])
        record(
            nomination,
            "evaluation.nomination.withdraw",
            actor=actor,
            changes={"status": ["submitted", "withdrawn"]},
            data={"council": council.pk},
        )
    return nomination


# --- The composition ----------------------------------------------------------------------------


def _ids(values, *, field):
    if isinstance(values, str):
        values = values.replace(",", " ").split()
    ids = []
    for value in values or ():
        text = str(value).strip()
        if not text.isdigit() or not 0 < int(text) < 2**31:
            raise ApplicationError(_("“%(v)s” is not a valid id.") % {"v": text[:20]}, field=field)
        if int(text) not in ids:
            ids.append(int(text))
    if len(ids) > MAX_MEMBERS:
        raise ApplicationError(_("At most %(n)s members.") % {"n": MAX_MEMBERS}, field=field)
    return ids


def users_from_identifiers(values, *, field="members"):
    """Users named by e-mail or user name (a text, one per line or separated by commas)."""
    if isinstance(values, str):
        values = values.replace(",", " ").replace(";", " ").split()
    names = []
    for value in values or ():
        value = str(value).strip()
        if value and value.lower() not in [n.lower() for n in names]:
            names.append(value)
    if len(names) > MAX_MEMBERS:
        raise ApplicationError(_("At most %(n)s members.") % {"n": MAX_MEMBERS}, field=field)
    query = Q(pk__in=[])
    for name in names:
        query |= Q(username__iexact=name) | Q(email__iexact=name)
    found = list(User.objects.filter(query, is_active=True).select_related("organisation"))
    users = []
    for name in names:
        match = next(
            (u for u in found if name.lower() in (u.username.lower(), (u.email or "").lower())),
            None,
        )
        if match is None:
            raise ApplicationError(
                _("No user “%(name)s”: the person signs up first.") % {"name": name[:60]},
                field=field,
            )
        if match not in users:
            users.append(match)
    return users


def _check_civil_society(users, *, field):
    for user in users:
        if is_state_staff(user):
            raise ApplicationError(
                _("%(user)s works for a state body: expert councils are formed from "
                  "representatives of civil society.") % {"user": user},
                field=field,
            )  # fmt: skip


def _add_members(council, users_and_nominations, *, actor, now):
    members = []
    for user, nomination in users_and_nominations:
        member = CouncilMember(council=council, user=user, nomination=nomination, added_at=now)
        member.save()
        members.append(member)
        role_grant(user=user, role=Role.COUNCIL_MEMBER, actor=actor)
    return members


def council_form(*, actor, council, include=None, members=None, now=None):
    """The body forms the preliminary composition once the window has closed (from D+11):
    from the nominations (`include`: the ids of the nominations it includes, the others are
    not included), or — only when nobody nominated themself — by itself (`members`: users, or
    e-mails / user names)."""
    guard(actor, "evaluation.council.form", council)
    now = now or timezone.now()
    today = local_date(now)
    alone = members is not None and include is None
    include_ids = [] if alone else _ids(include, field="include")
    chosen = [] if not alone else (
        members if all(isinstance(m, User) for m in members)
        else users_from_identifiers(members)
    )  # fmt: skip
    with transaction.atomic():
        council = _locked(council)
        _not_allowed(council, "form")
        announced_on = local_date(council.announced_at)
        nominations = list(
            Nomination.objects.select_for_update(of=("self",))
            .filter(council=council, status=Nomination.Status.SUBMITTED)
            .select_related("candidate__organisation")
            .order_by("submitted_at", "id")
        )
        if alone:
            refusal = rules.may_form_alone(announced_on, today, bool(nominations))
            if refusal is not None:
                _refuse_forming(refusal, announced_on)
            if not chosen:
                _refuse(rules.NO_MEMBERS)
            _check_civil_society(chosen, field="members")
            added = _add_members(council, [(u, None) for u in chosen], actor=actor, now=now)
            decided = []
            council.formed_by = ExpertCouncil.FormedBy.BODY
        else:
            by_id = {n.pk: n for n in nominations}
            unknown = [i for i in include_ids if i not in by_id]
            if unknown:
                raise ApplicationError(
                    _("Nomination %(id)s is not among this council's nominations.")
                    % {"id": unknown[0]},
                    field="include",
                )
            refusal = rules.may_form_from_nominations(
                announced_on, today, bool(nominations), len(include_ids)
            )
            if refusal is not None:
                _refuse_forming(refusal, announced_on)
            included = [by_id[i] for i in include_ids]
            _check_civil_society([n.candidate for n in included], field="include")
            for n in nominations:
                n.status = (
                    Nomination.Status.INCLUDED if n.pk in include_ids
                    else Nomination.Status.NOT_INCLUDED
                )  # fmt: skip
                n.decided_at = now
                n.save(update_fields=["status", "decided_at"])
            decided = nominations
            added = _add_members(
                council, [(n.candidate, n) for n in included], actor=actor, now=now
            )
            council.formed_by = ExpertCouncil.FormedBy.NOMINATIONS
        council.status = ExpertCouncil.Status.PRELIMINARY
        council.formed_at = now
        council.save(update_fields=["status", "formed_by", "formed_at"])
        due_met(council, COUNCIL_WINDOW, now=now)
        record(
            council,
            "evaluation.council.form",
            actor=actor,
            changes={"status": ["announced", "preliminary"]},
            data={
                "formed_by": council.formed_by,
                "members": [m.user_id for m in added],
                "included": [n.pk for n in decided if n.status == Nomination.Status.INCLUDED],
                "not_included": [
                    n.pk for n in decided if n.status == Nomination.Status.NOT_INCLUDED
                ],
            },
        )
    return council


# --- The approval -------------------------------------------------------------------------------


def _date(value, *, field):
    if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
        return value
    try:
        return dt.date.fromisoformat(str(value or "").strip())
    except ValueError:
        raise ApplicationError(_("Enter a valid date (dd.mm.yyyy)."), field=field) from None


def council_approve(*, actor, council, approved_on, reference, document=None, now=None):
    """The body records the approval of the preliminary composition by the Council for
    Interaction and Cooperation with NGOs: the date (not in the future, not before the
    composition was formed), the approving document's number and name, optionally its file."""
    guard(actor, "evaluation.council.approve", council)
    now = now or timezone.now()
    approved_on = _date(approved_on, field="approved_on")
    reference = _text(reference, field="approval_reference", max_length=300)
    with transaction.atomic():
        council = _locked(council)
        _not_allowed(council, "approve")
        formed_on = local_date(council.formed_at)
        refusal = rules.approval_refusal(approved_on, formed_on, local_date(now))
        if refusal is not None:
            _refuse(refusal, date=_ddmmyyyy(formed_on))
        stored = None
        if document is not None:
            stored = store_upload(
                document, actor=actor, owner_org=council.body, field="approval_document"
            )
        council.status = ExpertCouncil.Status.APPROVED
        council.approved_on = approved_on
        council.approval_reference = reference
        council.approval_document = stored
        council.approved_at = now
        council.save(
            update_fields=[
                "status", "approved_on", "approval_reference", "approval_document",
                "approved_at",
            ]
        )  # fmt: skip
        record(
            council,
            "evaluation.council.approve",
            actor=actor,
            changes={"status": ["preliminary", "approved"]},
            data={
                "approved_on": approved_on.isoformat(),
                "reference": reference,
                "document": stored.pk if stored else None,
                "sha256": stored.sha256 if stored else None,
            },
        )
    return council


# --- Annex 6 notices ----------------------------------------------------------------------------

SIGNED_CHANGED = _("This notice is signed and cannot be changed; file a new notice instead.")


def _write_answers(notice, clean):
    """`core.conflicts.write_answers` for MemberNotice, whose question-1 answer is
    `member_answer` (its `member` is the council membership)."""
    for question, _names in conflicts.QUESTIONS:
        setattr(
            notice, MemberNotice.ANSWER_FIELDS.get(question, question), clean[question]["answer"]
        )
        setattr(notice, f"{question}_details", clean[question]["details"])


def notice_snapshot(notice):
    data = {"declares_conflict": notice.declares_conflict}
    for question, _names in conflicts.QUESTIONS:
        data[question] = notice.answer_of(question)
    return data


def notice_file(*, actor, member, answers, declares_conflict=False, notice=None, now=None):
    """The member files (or, with `notice`, edits) the draft of their Annex 6 notice. A draft
    that exists is edited, never doubled."""
    now = now or timezone.now()
    if notice is None:
        guard(actor, "evaluation.member_notice.file", member)
    else:
        guard(actor, "evaluation.member_notice.edit", notice)
        member = notice.member
    clean = conflicts.clean_answers(answers)
    declared = rules.notice_declares_conflict(
        declared=declares_conflict, other=clean["other"]["answer"]
    )
    with transaction.atomic():
        member = (
            CouncilMember.objects.select_for_update(of=("self",))
            .select_related("council")
            .get(pk=member.pk)
        )
        _not_allowed(member.council, "file_notice")
        existing = (
            MemberNotice.objects.select_for_update()
            .filter(member=member, signed_at__isnull=True)
            .first()
        )
        if notice is not None and (existing is None or existing.pk != notice.pk):
            raise Conflict(SIGNED_CHANGED, field="notice")
        created = existing is None
        target = existing or MemberNotice(member=member, created_at=now)
        before = {} if created else notice_snapshot(target)
        target.declares_conflict = declared
        _write_answers(target, clean)
        full_clean_or_raise(target, exclude=["member"])
        target.save()
        named = conflicts.set_ngos(target, clean)
        after = notice_snapshot(target)
        record(
            target,
            "evaluation.member_notice.file" if created else "evaluation.member_notice.edit",
            actor=actor,
            changes={k: [before.get(k), v] for k, v in after.items() if before.get(k) != v},
            data={"council": member.council_id, "named_ngos": [o.bin for o in named]},
        )
    return target


def notice_sign(*, actor, notice, now=None):
    """The member signs the notice: from now on it never changes."""
    guard(actor, "evaluation.member_notice.sign", notice)
    now = now or timezone.now()
    with transaction.atomic():
        notice = MemberNotice.objects.select_for_update().get(pk=notice.pk)
        if notice.signed_at is not None:
            raise Conflict(SIGNED_CHANGED, field="notice")
        notice.signed_at = now
        notice.save(update_fields=["signed_at"])
        record(
            notice,
            "evaluation.member_notice.sign",
            actor=actor,
            changes={"signed_at": [None, now.isoformat()]},
            data={
                "council": notice.member.council_id,
                "declares_conflict": notice.declares_conflict,
                "named_ngos": sorted(notice.named_ngos.values_list("bin", flat=True)),
            },
        )
    return notice

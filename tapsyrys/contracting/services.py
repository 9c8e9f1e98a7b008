"""Every state change of contracting (one recipe: check → lock → change → full_clean → audit →
notify on commit)."""

from decimal import Decimal

from django.conf import settings
from django.contrib.auth.password_validation import validate_password
from django.core import signing
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.core.validators import MaxLengthValidator, RegexValidator
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from tapsyrys.core import services as core_services
from tapsyrys.core.audit import diff, log_action
from tapsyrys.core.errors import ApplicationError
from tapsyrys.core.files import StoredFile, store_upload
from tapsyrys.core.models import Organisation, Role, RoleAssignment, User
from tapsyrys.core.permissions import require
from tapsyrys.core.services import full_clean_or_raise, notify, users_of

from . import rules
from .models import (
    Activity,
    Competition,
    Contract,
    EmailConfirmation,
    Indicator,
    Invitation,
    Lot,
    MediaPublication,
    Partner,
    Passport,
    PassportFile,
    ReportFile,
    ReportStage,
    StageReport,
    TargetGroup,
    TeamMember,
)

CONFIRM_SALT = "contracting.email-confirm"
INVITE_SALT = "contracting.invitation"
TOKEN_MAX_AGE = 14 * 24 * 3600


# --- NGO self-registration and people (C-1) ------------------------------------------------------


def _check_password(password, user=None, field="password"):
    try:
        validate_password(password, user)
    except ValidationError as exc:
        raise ApplicationError(exc.messages[0], field=field) from exc


def _check_username(username, field="username"):
    username = (username or "").strip()
    if not username:
        raise ApplicationError(_("Choose a username."), field=field)
    if User.objects.filter(username__iexact=username).exists():
        raise ApplicationError(_("This username is taken; choose another."), field=field)
    return username


def ngo_bin_taken_message(bin_value):
    return _(
        "An NGO with BIN %(bin)s is already registered. Ask its administrator to invite you."
    ) % {"bin": bin_value}


def ngo_register(
    *, bin, areas=(), username, password, full_name, language="kk", position="", **fields
):
    """Create the NGO and its administrator in one transaction; e-mail the confirmation link."""
    if Organisation.objects.filter(bin=bin).exists():
        raise ApplicationError(ngo_bin_taken_message(bin), field="bin")
    username = _check_username(username)
    if not (full_name or "").strip():
        raise ApplicationError(_("Enter your full name."), field="full_name")
    org = Organisation(kind=Organisation.Kind.NGO, bin=bin, is_verified=False, **fields)
    full_clean_or_raise(org)
    if not org.email:
        raise ApplicationError(_("Enter the NGO's e-mail address."), field="email")
    user = User(
        username=username,
        email=org.email,
        full_name=full_name.strip(),
        position=position,
        language=language if language in dict(settings.LANGUAGES) else "kk",
        is_org_admin=True,
    )
    _check_password(password, user)
    try:
        with transaction.atomic():
            org.save()
            if areas:
                org.areas.set(areas)
            user.organisation = org
            user.set_password(password)
            user.save()
            RoleAssignment.objects.create(user=user, role=Role.NGO)
            confirmation = EmailConfirmation.objects.create(user=user, email=org.email)
            log_action(org, "contracting.ngo.registered", actor=user, data={"bin": org.bin})
    except IntegrityError as exc:
        raise ApplicationError(ngo_bin_taken_message(bin), field="bin") from exc
    transaction.on_commit(lambda: send_confirmation_email(confirmation.pk))
    return org, user


def confirmation_token(confirmation):
    return signing.dumps({"c": confirmation.pk, "e": confirmation.email}, salt=CONFIRM_SALT)


def send_confirmation_email(confirmation_id):
    confirmation = EmailConfirmation.objects.select_related("user__organisation").get(
        pk=confirmation_id
    )
    user = confirmation.user
    link = settings.SITE_URL + reverse(
        "contracting:confirm_email", args=[confirmation_token(confirmation)]
    )
    with translation.override(user.language or settings.LANGUAGE_CODE):
        subject = str(_("Confirm the registration of your NGO in Tapsyrys"))
        body = str(
            _(
                "Hello, %(name)s!\n\nYour NGO “%(org)s” was registered in Tapsyrys with the "
                "username %(username)s. Follow this link to confirm the e-mail address:\n"
                "%(link)s\n\nThe link is valid for 14 days."
            )
            % {
                "name": user.display_name,
                "org": user.organisation.name if user.organisation else "",
                "username": user.username,
                "link": link,
            }
        )
    send_mail(subject, body, None, [confirmation.email])
    EmailConfirmation.objects.filter(pk=confirmation.pk).update(sent_at=timezone.now())


def email_resend(*, user):
    confirmation = EmailConfirmation.objects.filter(user=user, confirmed_at__isnull=True).first()
    if confirmation is None:
        raise ApplicationError(_("Your e-mail address is already confirmed."))
    transaction.on_commit(lambda: send_confirmation_email(confirmation.pk))
    return confirmation


def email_confirm(*, token):
    try:
        data = signing.loads(token, salt=CONFIRM_SALT, max_age=TOKEN_MAX_AGE)
    except signing.SignatureExpired as exc:
        raise ApplicationError(_("This confirmation link has expired; ask for a new one.")) from exc
    except signing.BadSignature as exc:
        raise ApplicationError(_("This confirmation link is not valid.")) from exc
    with transaction.atomic():
        confirmation = (
            EmailConfirmation.objects.select_for_update()
            .select_related("user")
            .filter(pk=data.get("c"), email=data.get("e"))
            .first()
        )
        if confirmation is None:
            raise ApplicationError(_("This confirmation link is not valid."))
        if confirmation.confirmed_at is None:
            confirmation.confirmed_at = timezone.now()
            confirmation.save(update_fields=["confirmed_at"])
            log_action(
                confirmation.user,
                "contracting.ngo.email_confirmed",
                actor=confirmation.user,
                data={"email": confirmation.email},
            )
    confirmation.user.__dict__.pop("_contracting_confirmed", None)
    return confirmation.user


def invitation_token(invitation):
    return signing.dumps({"i": invitation.pk, "e": invitation.email}, salt=INVITE_SALT)


def invitation_create(*, organisation, actor, email, full_name):
    require(actor, "contracting.ngo.invite", organisation)
    email = (email or "").strip().lower()
    invitation = Invitation(
        organisation=organisation,
        email=email,
        full_name=(full_name or "").strip(),
        invited_by=actor,
    )
    full_clean_or_raise(invitation, exclude=["user"], validate_constraints=False)
    if User.objects.filter(email__iexact=email, organisation=organisation).exists():
        raise ApplicationError(_("This colleague already has an account."), field="email")
    if Invitation.objects.filter(
        organisation=organisation, email=email, accepted_at__isnull=True
    ).exists():
        raise ApplicationError(_("This colleague has already been invited."), field="email")
    with transaction.atomic():
        invitation.save()
        log_action(
            invitation,
            "contracting.ngo.invited",
            actor=actor,
            data={"email": email, "full_name": invitation.full_name},
        )
    transaction.on_commit(lambda: _send_invitation(invitation.pk))
    return invitation


def _send_invitation(invitation_id):
    invitation = Invitation.objects.select_related("organisation", "invited_by").get(
        pk=invitation_id
    )
    link = settings.SITE_URL + reverse(
        "contracting:accept_invitation", args=[invitation_token(invitation)]
    )
    with translation.override(invitation.invited_by.language or settings.LANGUAGE_CODE):
        subject = str(_("You are invited to Tapsyrys"))
        body = str(
            _(
                "Hello, %(name)s!\n\n%(inviter)s invites you to work for “%(org)s” in Tapsyrys. "
                "Follow this link to choose your username and password:\n%(link)s"
            )
            % {
                "name": invitation.full_name,
                "inviter": invitation.invited_by.display_name,
                "org": invitation.organisation.name,
                "link": link,
            }
        )
    send_mail(subject, body, None, [invitation.email])


def invitation_get(token):
    try:
        data = signing.loads(token, salt=INVITE_SALT, max_age=TOKEN_MAX_AGE)
    except signing.SignatureExpired as exc:
        raise ApplicationError(_("This invitation has expired; ask for a new one.")) from exc
    except signing.BadSignature as exc:
        raise ApplicationError(_("This invitation link is not valid.")) from exc
    invitation = (
        Invitation.objects.select_related("organisation")
        .filter(pk=data.get("i"), email=data.get("e"))
        .first()
    )
    if invitation is None:
        raise ApplicationError(_("This invitation link is not valid."))
    if invitation.accepted_at is not None:
        raise ApplicationError(_("This invitation has already been accepted; sign in."))
    return invitation


def invitation_accept(*, token, username, password, language="kk"):
    invitation = invitation_get(token)
    username = _check_username(username)
    user = User(
        username=username,
        email=invitation.email,
        full_name=invitation.full_name,
        organisation=invitation.organisation,
        language=language if language in dict(settings.LANGUAGES) else "kk",
    )
    _check_password(password, user)
    with transaction.atomic():
        locked = Invitation.objects.select_for_update().get(pk=invitation.pk)
        if locked.accepted_at is not None:
            raise ApplicationError(_("This invitation has already been accepted; sign in."))
        user.set_password(password)
        user.save()
        RoleAssignment.objects.create(user=user, role=Role.NGO)
        locked.accepted_at = timezone.now()
        locked.user = user
        locked.save(update_fields=["accepted_at", "user"])
        log_action(locked, "contracting.ngo.invitation_accepted", actor=user)
    return user


def ngo_verify(*, organisation, actor):
    require(actor, "contracting.ngo.verify", organisation)
    org = core_services.organisation_verify(organisation=organisation, actor=actor)
    transaction.on_commit(
        lambda: notify(
            recipients=users_of(org.pk, Role.NGO),
            key=f"contracting.ngo.verified:{org.pk}",
            subject=_("Your NGO has been verified by the authorized body"),
            body=lambda: (
                _("“%(org)s” now carries the verified badge in the registry.") % {"org": org.name}
            ),
            url=reverse("contracting:ngo", args=[org.pk]),
        )
    )
    return org


def ngo_update(*, organisation, actor, areas=None, **fields):
    require(actor, "contracting.ngo.edit", organisation)
    return core_services.organisation_update(
        organisation=organisation, actor=actor, areas=areas, **fields
    )


# --- Competitions and lots (C-2) -----------------------------------------------------------------


def competition_create(
    *, actor, body, procurement_number, year, held_on=None, title_kk="", title_ru=""
):
    competition = Competition(
        body=body,
        procurement_number=(procurement_number or "").strip(),
        year=year,
        held_on=held_on,
        title_kk=title_kk,
        title_ru=title_ru,
    )
    require(actor, "contracting.competition.edit", competition)
    if body is None or body.kind != Organisation.Kind.STATE_BODY:
        raise ApplicationError(_("Competitions are recorded by state bodies."), field="body")
    full_clean_or_raise(competition)
    with transaction.atomic():
        competition.save()
        log_action(competition, "contracting.competition.created", actor=actor)
    return competition


def check_topic(topic, body_id):
    """A lot links only to an approved topic of its own body (F-8 → C-2)."""
    if topic is None:
        return
    if topic.cycle.body_id != body_id:
        raise ApplicationError(_("This topic belongs to another body."), field="topic")
    if not topic.is_ready_to_procure:
        raise ApplicationError(
            _("Only topics of an approved list with an approved amount become lots."),
            field="topic",
        )


def lot_create(
    *,
    actor,
    competition,
    number,
    name_ru,
    amount,
    name_kk="",
    description_kk="",
    description_ru="",
    area=None,
    coverage="",
    status=Lot.Status.ANNOUNCED,
    topic=None,
):
    require(actor, "contracting.competition.edit", competition)
    check_topic(topic, competition.body_id)
    lot = Lot(
        competition=competition,
        body_id=competition.body_id,
        number=(number or "").strip(),
        name_kk=name_kk,
        name_ru=name_ru,
        description_kk=description_kk,
        description_ru=description_ru,
        area=area,
        coverage=coverage,
        amount=amount,
        status=status,
        topic=topic,
    )
    full_clean_or_raise(lot)
    with transaction.atomic():
        lot.save()
        log_action(lot, "contracting.lot.created", actor=actor, data={"amount": str(lot.amount)})
    return lot


LOT_TRANSITIONS = {
    Lot.Status.ANNOUNCED: {Lot.Status.HELD, Lot.Status.NOT_HELD},
    Lot.Status.HELD: set(),
    Lot.Status.NOT_HELD: set(),
}


def lot_set_status(*, lot, actor, status):
    require(actor, "contracting.lot.edit", lot)
    with transaction.atomic():
        lot = Lot.objects.select_for_update().get(pk=lot.pk)
        if status not in LOT_TRANSITIONS.get(lot.status, set()):
            from tapsyrys.core.errors import TransitionNotAllowed

            raise TransitionNotAllowed(
                _("A lot cannot go from “%(old)s” to “%(new)s”.")
                % {"old": Lot.Status(lot.status).label, "new": Lot.Status(status).label},
                field="status",
            )
        old = lot.status
        lot.status = status
        lot.save(update_fields=["status"])
        log_action(
            lot, "contracting.lot.status_changed", actor=actor, changes={"status": [old, status]}
        )
    return lot


# --- Contracts (C-3) ------------------------------------------------------------------------------


def contract_create(
    *,
    actor,
    lot,
    supplier,
    number,
    signed_on,
    amount,
    starts_on,
    ends_on,
    year=None,
    service_types=(),
    activities=(),
    indicators=(),
    target_groups=(),
    schedule=None,
    expected_results="",
    spec_upload=None,
):
    """`indicators`: [(name, unit, planned)], `target_groups`: [(name, planned)],
    `schedule`: [(no, kind, due_date)] or None for the default three reports."""
    contract = Contract(
        lot=lot,
        body_id=lot.body_id,
        supplier=supplier,
        number=(number or "").strip(),
        signed_on=signed_on,
        year=year or (signed_on.year if signed_on else None),
        amount=amount,
        starts_on=starts_on,
        ends_on=ends_on,
        expected_results=expected_results,
    )
    require(actor, "contracting.contract.manage", contract)
    if supplier is None or supplier.kind != Organisation.Kind.NGO:
        raise ApplicationError(_("The supplier must be an NGO of the registry."), field="supplier")
    if lot.status == Lot.Status.NOT_HELD:
        raise ApplicationError(_("The competition for this lot did not take place."), field="lot")
    if amount is not None and Decimal(amount) <= 0:
        raise ApplicationError(_("The contract amount must be more than zero."), field="amount")
    if starts_on and ends_on and ends_on < starts_on:
        raise ApplicationError(
            _("The implementation cannot end before it starts."), field="ends_on"
        )
    full_clean_or_raise(contract)
    schedule = schedule or rules.default_schedule(starts_on, ends_on)
    message, _kind = rules.check_schedule(schedule, starts_on, ends_on)
    if message:
        raise ApplicationError(message, field="schedule")
    for name, _unit, planned in indicators:
        if planned is None or Decimal(planned) < 0:
            raise ApplicationError(
                _("The planned value of “%(name)s” must be zero or more.") % {"name": name},
                field="indicators",
            )
    # the rows' own limits (digits, integer range) before anything is written
    for field_name, rows in (
        ("indicators", [Indicator(no=i, name=n, unit=u, planned=p)
                        for i, (n, u, p) in enumerate(indicators, 1)]),
        ("target_groups", [TargetGroup(no=i, name=n, planned=p)
                           for i, (n, p) in enumerate(target_groups, 1)]),
    ):  # fmt: skip
        for row in rows:
            try:
                full_clean_or_raise(row, exclude=["contract"], validate_unique=False)
            except ApplicationError as exc:
                raise ApplicationError(exc.message, field=field_name) from None
    try:
        with transaction.atomic():
            if spec_upload is not None:
                contract.spec_document = store_upload(
                    spec_upload,
                    actor=actor,
                    owner_org=lot.body,
                    viewer_org=supplier,
                    field="spec_document",
                )
            contract.save()
            if service_types:
                contract.service_types.set(service_types)
            Activity.objects.bulk_create(
                [Activity(contract=contract, no=i, text=t) for i, t in enumerate(activities, 1)]
            )
            Indicator.objects.bulk_create(
                [
                    Indicator(contract=contract, no=i, name=n, unit=u, planned=p)
                    for i, (n, u, p) in enumerate(indicators, 1)
                ]
            )
            TargetGroup.objects.bulk_create(
                [
                    TargetGroup(contract=contract, no=i, name=n, planned=p)
                    for i, (n, p) in enumerate(target_groups, 1)
                ]
            )
            ReportStage.objects.bulk_create(
                [ReportStage(contract=contract, no=no, kind=k, due_date=d) for no, k, d in schedule]
            )
            if lot.status == Lot.Status.ANNOUNCED:
                Lot.objects.filter(pk=lot.pk).update(status=Lot.Status.HELD)
                log_action(
                    lot,
                    "contracting.lot.status_changed",
                    actor=actor,
                    changes={"status": [Lot.Status.ANNOUNCED, Lot.Status.HELD]},
                )
            log_action(
                contract,
                "contracting.contract.created",
                actor=actor,
                data={"amount": str(contract.amount), "supplier": supplier.bin},
            )
    except IntegrityError as exc:
        raise ApplicationError(
            _("This body already has a contract with this number."), field="number"
        ) from exc
    transaction.on_commit(lambda: _notify_contract(contract.pk, "created"))
    return contract


def contract_transition(*, contract, actor, target, reason=""):
    require(actor, "contracting.contract.manage", contract)
    with transaction.atomic():
        locked = Contract.objects.select_for_update().get(pk=contract.pk)
        rules.ensure_transition(locked.status, target)
        old = locked.status
        locked.status = target
        locked.status_changed_at = timezone.now()
        full_clean_or_raise(locked)
        locked.save(update_fields=["status", "status_changed_at"])
        log_action(
            locked,
            "contracting.contract.status_changed",
            actor=actor,
            changes={"status": [old, target]},
            data={"reason": reason} if reason else None,
        )
    transaction.on_commit(lambda: _notify_contract(locked.pk, f"status:{target}"))
    return locked


def _notify_contract(contract_id, event):
    contract = Contract.objects.select_related("supplier", "body").get(pk=contract_id)
    key = f"contracting.contract.{event}:{contract.pk}"
    if event == "created":
        subject = _("A contract has been registered for your NGO")
    else:
        subject = _("The status of your contract has changed")
    notify(
        recipients=users_of(contract.supplier_id, Role.NGO),
        key=key,
        subject=subject,
        body=lambda: (
            _("Contract № %(number)s with %(body)s: %(status)s.")
            % {
                "number": contract.number,
                "body": contract.body.name,
                "status": contract.get_status_display(),
            }
        ),
        url=reverse("contracting:contract", args=[contract.pk]),
    )


# --- Project passport (C-4) -----------------------------------------------------------------------

PASSPORT_FIELDS = ("goals_tasks", "expected_results", "budget", "budget_notes", "work_done")


def passport_for(contract):
    passport, _created = Passport.objects.get_or_create(contract=contract)
    return passport


def passport_save(
    *,
    contract,
    actor,
    fields,
    team=None,
    partners=None,
    publications=None,
    reached=None,
    uploads=(),
    proposals=(),
):
    """Save the passport; lists given are replaced as a whole (team, partners, publications);
    `reached` is {target_group_id: count}; `proposals` are texts for the P-3 pool."""
    require(actor, "contracting.passport.edit", contract)
    unknown = set(fields) - set(PASSPORT_FIELDS)
    if unknown:
        raise ApplicationError(_("These fields cannot be changed here."), field=sorted(unknown)[0])
    if fields.get("budget") is not None and Decimal(fields["budget"]) <= 0:
        raise ApplicationError(_("The budget must be more than zero."), field="budget")
    groups = {g.pk: g for g in contract.target_groups.all()}
    for gid, count in (reached or {}).items():
        if not str(gid).isdecimal() or int(gid) not in groups:
            raise ApplicationError(_("Unknown target group."), field="target_groups")
        if count is not None and int(count) < 0:
            raise ApplicationError(_("Coverage cannot be negative."), field="target_groups")
    with transaction.atomic():
        passport, _created = Passport.objects.select_for_update().get_or_create(contract=contract)
        before = {k: getattr(passport, k) for k in fields}
        for key, value in fields.items():
            setattr(passport, key, value)
        passport.updated_at = timezone.now()
        passport.updated_by = actor
        full_clean_or_raise(passport)
        passport.save()
        for items, model in (
            (team, TeamMember),
            (partners, Partner),
            (publications, MediaPublication),
        ):
            if items is None:
                continue
            model.objects.filter(passport=passport).delete()
            rows = [model(passport=passport, **item) for item in items]
            for row in rows:
                full_clean_or_raise(row, exclude=["passport"])
            model.objects.bulk_create(rows)
        if reached:
            changed = []
            for gid, count in reached.items():
                group = groups[int(gid)]
                group.reached = None if count in (None, "") else int(count)
                changed.append(group)
            TargetGroup.objects.bulk_update(changed, ["reached"])
        for upload in uploads:
            stored = store_upload(
                upload,
                actor=actor,
                owner_org=contract.supplier,
                viewer_org=contract.body,
                field="files",
            )
            PassportFile.objects.create(passport=passport, file=stored)
        created_proposals = _proposals_to_pool(contract, actor, proposals)
        log_action(
            passport,
            "contracting.passport.saved",
            actor=actor,
            changes=diff(before, fields),
            data={
                "team": len(team) if team is not None else None,
                "files": len(uploads),
                "proposals": len(created_proposals),
            },
        )
    return passport


def _proposals_to_pool(contract, actor, proposals):
    """Topic proposals for the next period go to the formation app's pool (P-3)."""
    texts = [t.strip() for t in proposals if t and t.strip()]
    if not texts:
        return []
    from tapsyrys.formation.models import TopicProposal

    supplier = contract.supplier
    rows = [
        TopicProposal(
            body_id=contract.body_id,
            year=max(contract.year, contract.ends_on.year) + 1,
            source=TopicProposal.Source.DIRECT,
            text=text,
            author_name=(supplier.short_name or supplier.name)[:200],
            author_contact=(supplier.email or actor.email or "")[:200] or "—",
            author_user=actor,
        )
        for text in texts
    ]
    for row in rows:
        full_clean_or_raise(row, exclude=["body", "topic", "author_user"])
    return TopicProposal.objects.bulk_create(rows)


# --- Stage reports (C-4) --------------------------------------------------------------------------

REPORT_FIELDS = (
    "team_composition",
    "about_project",
    "main_work",
    "indicator_actuals",
    "coverage_reached",
    "satisfaction_results",
    "financial_report",
)


def report_start(*, stage, actor):
    """The draft of a stage's report (the first version, or the open draft)."""
    contract = stage.contract
    draft = StageReport.objects.filter(stage=stage, status=StageReport.Status.DRAFT).first()
    if draft is not None:
        return draft
    if StageReport.objects.filter(stage=stage).exists():
        raise ApplicationError(
            _("This report has been submitted; create a correction to change it.")
        )
    probe = StageReport(stage=stage, contract=contract)
    require(actor, "contracting.report.edit", probe)
    with transaction.atomic():
        report = StageReport.objects.create(stage=stage, contract=contract, version=1)
        log_action(report, "contracting.report.started", actor=actor)
    return report


def _clean_numbers(values, allowed_ids, field, integer):
    cleaned = {}
    if not isinstance(values or {}, dict):  # a section is {row id: number}
        raise ApplicationError(_("Unknown row in this section."), field=field)
    for key, value in (values or {}).items():
        if str(key) not in allowed_ids:
            raise ApplicationError(_("Unknown row in this section."), field=field)
        if value in (None, ""):
            continue
        try:
            number = int(value) if integer else Decimal(str(value).replace(",", "."))
            if not integer and not number.is_finite():  # NaN, Infinity
                raise ArithmeticError
        except (TypeError, ValueError, ArithmeticError):
            raise ApplicationError(_("Enter a number."), field=field) from None
        if number < 0:
            raise ApplicationError(_("Values cannot be negative."), field=field)
        cleaned[str(key)] = number if integer else str(number)
    return cleaned


REPORT_TEXT_MAX = 20_000  # characters per text section of a stage report


def _clean_text(value, field):
    """A report's text section: a string of at most REPORT_TEXT_MAX characters."""
    if value is None:
        return ""
    if not isinstance(value, str):
        raise ApplicationError(RegexValidator.message, field=field)
    try:
        MaxLengthValidator(REPORT_TEXT_MAX)(value)
    except ValidationError as exc:
        raise ApplicationError(exc.messages[0], field=field) from None
    return value


def report_save_draft(*, report, actor, fields, uploads=()):
    require(actor, "contracting.report.edit", report)
    unknown = set(fields) - set(REPORT_FIELDS)
    if unknown:
        raise ApplicationError(_("These fields cannot be changed here."), field=sorted(unknown)[0])
    for key in set(fields) - {"indicator_actuals", "coverage_reached"}:
        fields[key] = _clean_text(fields[key], key)
    contract = report.contract
    if "indicator_actuals" in fields:
        ids = {str(i) for i in contract.indicators.values_list("pk", flat=True)}
        fields["indicator_actuals"] = _clean_numbers(
            fields["indicator_actuals"], ids, "indicator_actuals", integer=False
        )
    if "coverage_reached" in fields:
        ids = {str(i) for i in contract.target_groups.values_list("pk", flat=True)}
        fields["coverage_reached"] = _clean_numbers(
            fields["coverage_reached"], ids, "coverage_reached", integer=True
        )
    with transaction.atomic():
        locked = StageReport.objects.select_for_update().get(pk=report.pk)
        if locked.status != StageReport.Status.DRAFT:
            raise ApplicationError(
                _("A submitted report cannot be changed; create a correction instead.")
            )
        before = {k: getattr(locked, k) for k in fields}
        for key, value in fields.items():
            setattr(locked, key, value)
        locked.updated_at = timezone.now()
        full_clean_or_raise(locked)
        locked.save()
        for upload in uploads:
            report_file_add(report=locked, actor=actor, upload=upload, checked=True)
        changes = {k: v for k, v in diff(before, fields).items() if k not in ("indicator_actuals",)}
        log_action(locked, "contracting.report.draft_saved", actor=actor, changes=changes)
    return locked


def report_file_add(*, report, actor, upload, checked=False):
    if not checked:
        require(actor, "contracting.report.edit", report)
    contract = report.contract
    # A draft is the NGO's alone (X-ACL): the body may read the file once the report is submitted.
    stored = store_upload(
        upload,
        actor=actor,
        owner_org=contract.supplier,
        viewer_org=None if report.status == StageReport.Status.DRAFT else contract.body,
        field="files",
    )
    return ReportFile.objects.create(report=report, file=stored)


def report_submit(*, report, actor, now=None):
    """Completeness check, then the immutable submission with its moment (on time or late)."""
    require(actor, "contracting.report.edit", report)
    now = now or timezone.now()
    with transaction.atomic():
        locked = (
            StageReport.objects.select_for_update()
            .select_related("stage", "contract")
            .get(pk=report.pk)
        )
        if locked.status != StageReport.Status.DRAFT:
            raise ApplicationError(_("This report has already been submitted."))
        contract = locked.contract
        missing = rules.missing_sections(
            locked,
            indicator_ids=list(contract.indicators.values_list("pk", flat=True)),
            target_group_ids=list(contract.target_groups.values_list("pk", flat=True)),
            is_final=locked.stage.is_final,
        )
        if missing:
            raise ApplicationError(
                _("The report is incomplete. Fill in: %(sections)s.")
                % {"sections": ", ".join(str(label) for _f, label in missing)},
                field=missing[0][0],
                extra={"missing": [f for f, _label in missing]},
            )
        locked.status = StageReport.Status.SUBMITTED
        locked.submitted_at = now
        locked.submitted_by = actor
        locked.on_time = rules.submission_on_time(now, locked.stage.due_date)
        full_clean_or_raise(locked)
        locked.save(update_fields=["status", "submitted_at", "submitted_by", "on_time"])
        StoredFile.objects.filter(
            pk__in=ReportFile.objects.filter(report=locked).values("file_id"),
            viewer_org__isnull=True,
        ).update(viewer_org_id=contract.body_id)
        ReportStage.objects.filter(pk=locked.stage_id, submitted_at__isnull=True).update(
            submitted_at=now
        )
        log_action(
            locked,
            "contracting.report.submitted",
            actor=actor,
            changes={"status": ["draft", "submitted"]},
            data={"on_time": locked.on_time, "due_date": locked.stage.due_date.isoformat()},
        )
    transaction.on_commit(lambda: _notify_report_submitted(locked.pk))
    return locked


def _notify_report_submitted(report_id):
    report = StageReport.objects.select_related("stage", "contract__supplier").get(pk=report_id)
    contract = report.contract
    recipients = users_of(contract.body_id, Role.STATE_BODY)
    notify(
        recipients=recipients,
        key=f"contracting.report.submitted:{report.pk}",
        subject=lambda: (
            _("%(report)s received from %(ngo)s")
            % {"report": report.stage.get_kind_display(), "ngo": contract.supplier.short_name}
        ),
        body=lambda: (
            _("Contract № %(number)s, version %(version)s, %(timing)s.")
            % {
                "number": contract.number,
                "version": report.version,
                "timing": _("on time") if report.on_time else _("late"),
            }
        ),
        url=reverse("contracting:report", args=[report.pk]),
    )


def report_correct(*, report, actor):
    """A correction of a submitted report: a new draft version with the same content."""
    require(actor, "contracting.report.correct", report)
    with transaction.atomic():
        stage = ReportStage.objects.select_for_update().get(pk=report.stage_id)
        if StageReport.objects.filter(stage=stage, status=StageReport.Status.DRAFT).exists():
            raise ApplicationError(_("A correction of this report is already being prepared."))
        latest = StageReport.objects.filter(stage=stage).order_by("-version").first()
        if latest is None or latest.status != StageReport.Status.SUBMITTED:
            raise ApplicationError(_("Only a submitted report can be corrected."))
        new = StageReport.objects.create(
            stage=stage,
            contract_id=latest.contract_id,
            version=latest.version + 1,
            **{f: getattr(latest, f) for f in REPORT_FIELDS},
        )
        ReportFile.objects.bulk_create(
            [ReportFile(report=new, file_id=f.file_id) for f in latest.files.all()]
        )
        log_action(
            new, "contracting.report.correction_started", actor=actor, data={"of": latest.pk}
        )
    return new


# --- Import (X-IMPORT) ----------------------------------------------------------------------------

IMPORT_EXTENSIONS = ("csv", "xlsx")


def import_start(*, actor, upload, dry_run=True, organisation=None):
    """Store the file, create the job and run it (a Celery task; eager in demo and tests)."""
    from .models import ImportJob
    from .tasks import run_import_job

    require(actor, "contracting.import.run")
    organisation = organisation or actor.organisation
    if upload is None:
        raise ApplicationError(_("Choose a file to upload."), field="file")
    name = upload.name or "import.csv"
    ext = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    if ext not in IMPORT_EXTENSIONS:
        raise ApplicationError(_("Upload a .csv or .xlsx file."), field="file")
    if upload.size > settings.UPLOAD_MAX_BYTES:
        raise ApplicationError(
            _("The file is too large: at most %(mb)d MB.")
            % {"mb": settings.UPLOAD_MAX_BYTES // (1024 * 1024)},
            field="file",
        )
    if upload.size == 0:
        raise ApplicationError(_("The file is empty."), field="file")
    head = upload.read(4)
    upload.seek(0)
    if ext == "xlsx" and head != b"PK\x03\x04":
        raise ApplicationError(_("This file is not an Excel workbook (.xlsx)."), field="file")
    if ext == "csv" and head == b"PK\x03\x04":
        raise ApplicationError(_("This file is not a CSV text file."), field="file")
    job = ImportJob(
        organisation=organisation, created_by=actor, original_name=name[-255:], dry_run=dry_run
    )
    job.file.save(name, upload, save=False)
    job.save()
    transaction.on_commit(lambda: run_import_job.delay(job.pk))
    return job


def import_repeat(*, job, actor):
    """Run a checked file for real (after its dry run)."""
    from .models import ImportJob
    from .tasks import run_import_job

    require(actor, "contracting.import.view", job)
    require(actor, "contracting.import.run")
    new = ImportJob.objects.create(
        organisation=job.organisation,
        created_by=actor,
        file=job.file.name,
        original_name=job.original_name,
        dry_run=False,
    )
    transaction.on_commit(lambda: run_import_job.delay(new.pk))
    return new

"""Pages of the councils part (E-1, §16, Annex 6): the public list and page of each expert
council (announcement, term, window, composition, approval), the body's announcement,
composition and approval, the self-nomination form, the member's councils and Annex 6
notices (file, edit, sign, xlsx/PDF), the body's view of its members' notices."""

from urllib.parse import quote

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from tapsyrys.calendar.rules import local_date
from tapsyrys.core import conflicts
from tapsyrys.core.conflicts import QUESTIONS
from tapsyrys.core.errors import ApplicationError
from tapsyrys.core.pagination import CountCachedPaginator
from tapsyrys.core.permissions import check, guard
from tapsyrys.core.public_cache import EVERY_APP, public_page
from tapsyrys.evaluation.forms.councils import (
    AnnounceForm,
    ApproveForm,
    FormAloneForm,
    FormFromNominationsForm,
    MemberNoticeForm,
    NominationForm,
)
from tapsyrys.evaluation.models import CouncilMember, ExpertCouncil, MemberNotice, Nomination
from tapsyrys.evaluation.rules import councils as rules
from tapsyrys.evaluation.selectors import councils as selectors
from tapsyrys.evaluation.services import councils as services
from tapsyrys.monitoring.forms.experts import QUESTION_LABELS
from tapsyrys.publishing.annex6 import annex6_document
from tapsyrys.publishing.annexes import FORM_LANGUAGES
from tapsyrys.publishing.views import form_language, form_response

PAGE_SIZE = 25


def form_error(form, exc: ApplicationError):
    field = exc.field if exc.field in form.fields else None
    form.add_error(field, str(exc.message))


def _council(pk):
    try:
        return selectors.council_get(pk)
    except ExpertCouncil.DoesNotExist:
        raise Http404 from None


def _int_param(request, name):
    value = request.GET.get(name, "")
    return int(value) if value.isdigit() and 0 < int(value) < 10000 else None


@public_page("core", "evaluation", "workcalendar")
def councils(request):
    """Every expert council (public), newest announcement first; `?year=` a term covering it."""
    year = _int_param(request, "year")
    body = request.GET.get("body", "")
    body = int(body) if body.isdigit() and 0 < int(body) < 2**31 else None
    page = CountCachedPaginator(
        selectors.councils_public(year=year, body=body), PAGE_SIZE
    ).get_page(request.GET.get("page"))
    return render(
        request,
        "evaluation/councils/list.html",
        {
            "page": page,
            "year": year,
            "can_announce": bool(check(request.user, "evaluation.council.announce")),
        },
    )


def council_new(request):
    """The body publishes the announcement on forming its expert council."""
    guard(request.user, "evaluation.council.announce")
    today = local_date(timezone.now())
    form = AnnounceForm(request.POST or None, years=rules.first_year_choices(today))
    if request.method == "POST" and form.is_valid():
        try:
            council = services.council_announce(
                actor=request.user,
                announcement=form.cleaned_data["announcement"],
                first_year=form.cleaned_data["first_year"],
            )
        except ApplicationError as exc:
            form_error(form, exc)
        else:
            messages.success(request, _("The announcement is published."))
            return redirect("evaluation:council", council.pk)
    return render(
        request,
        "evaluation/councils/new.html",
        {"form": form, "window_last": rules.window_last_day(today)},
    )


def _body_forms(request, council, nominations):
    """The forms the council's body sees on the council page, by status."""
    context = {}
    if check(request.user, "evaluation.council.form", council) and rules.allows(
        council.status, "form"
    ):
        submitted = [n for n in nominations if n.status == Nomination.Status.SUBMITTED]
        if submitted:
            context["from_nominations"] = FormFromNominationsForm(nominations=submitted)
        else:
            context["alone"] = FormAloneForm()
    if check(request.user, "evaluation.council.approve", council) and rules.allows(
        council.status, "approve"
    ):
        context["approve"] = ApproveForm()
    return context


def _detail_context(request, council, **forms):
    last_day, from_day = selectors.window(council)
    today = local_date(timezone.now())
    sees_nominations = selectors.can_see_nominations(request.user, council)
    nominations = list(selectors.nominations_of_council(council)) if sees_nominations else []
    context = {
        "council": council,
        "members": list(council.members.all()),
        "announced_on": selectors.announced_on(council),
        "formed_on": selectors.formed_on(council),
        "window_last": last_day,
        "forming_from": from_day,
        "window_open": rules.allows(council.status, "nominate")
        and rules.nomination_open(selectors.announced_on(council), today),
        "nominations": nominations,
        "own_nomination": selectors.own_nomination(request.user, council),
        "can_nominate": bool(check(request.user, "evaluation.nomination.submit", council)),
        "is_body": sees_nominations and check(request.user, "evaluation.council.form", council),
        "nominate_url": reverse("evaluation:council_nominate", args=[council.pk]),
    }
    context["signup_url"] = reverse("accounts:signup") + "?next=" + quote(context["nominate_url"])
    context["login_url"] = reverse("login") + "?next=" + quote(context["nominate_url"])
    context.update(_body_forms(request, council, nominations))
    context.update(forms)
    return context


@public_page(*EVERY_APP)
def council(request, pk):
    """The public page of a council: announcement, term, window, composition, approval."""
    council = _council(pk)
    return render(request, "evaluation/councils/detail.html", _detail_context(request, council))


def council_nominate(request, pk):
    """The self-nomination form (signed in; the page links to the sign-up on the spot)."""
    council = _council(pk)
    if not request.user.is_authenticated and request.method == "GET":
        return render(
            request, "evaluation/councils/nominate.html", _detail_context(request, council)
        )
    guard(request.user, "evaluation.nomination.submit", council)
    form = NominationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.nomination_submit(
                actor=request.user, council=council, about=form.cleaned_data["about"]
            )
        except ApplicationError as exc:
            form_error(form, exc)
        else:
            messages.success(request, _("Your self-nomination is submitted to the state body."))
            return redirect("evaluation:council", council.pk)
    return render(
        request,
        "evaluation/councils/nominate.html",
        {**_detail_context(request, council), "form": form},
    )


@require_POST
def nomination_withdraw(request, pk):
    nomination = Nomination.objects.select_related("council").filter(pk=pk).first()
    if nomination is None:
        raise Http404
    guard(request.user, "evaluation.nomination.withdraw", nomination)
    try:
        services.nomination_withdraw(actor=request.user, nomination=nomination)
    except ApplicationError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("Your self-nomination is withdrawn."))
    return redirect("evaluation:council", nomination.council_id)


@require_POST
def council_form(request, pk):
    """The body forms the preliminary composition (from the nominations, or alone)."""
    council = _council(pk)
    guard(request.user, "evaluation.council.form", council)
    nominations = list(
        selectors.nominations_of_council(council).filter(status=Nomination.Status.SUBMITTED)
    )
    if request.POST.get("mode") == "alone":
        form = FormAloneForm(request.POST)
        kwargs = {"members": form.cleaned_data["members"]} if form.is_valid() else None
        key = "alone"
    else:
        form = FormFromNominationsForm(request.POST, nominations=nominations)
        kwargs = {"include": form.cleaned_data["include"]} if form.is_valid() else None
        key = "from_nominations"
    if kwargs is not None:
        try:
            services.council_form(actor=request.user, council=council, **kwargs)
        except ApplicationError as exc:
            form_error(form, exc)
        else:
            messages.success(
                request,
                _("The preliminary composition is formed. Submit it to the Council for "
                  "Interaction and Cooperation with NGOs and record its approval."),
            )  # fmt: skip
            return redirect("evaluation:council", council.pk)
    context = _detail_context(request, council, **{key: form})
    return render(request, "evaluation/councils/detail.html", context, status=400)


@require_POST
def council_approve(request, pk):
    council = _council(pk)
    guard(request.user, "evaluation.council.approve", council)
    form = ApproveForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            services.council_approve(
                actor=request.user,
                council=council,
                approved_on=form.cleaned_data["approved_on"],
                reference=form.cleaned_data["approval_reference"],
                document=form.cleaned_data.get("approval_document"),
            )
        except ApplicationError as exc:
            form_error(form, exc)
        else:
            messages.success(request, _("The approval of the composition is recorded."))
            return redirect("evaluation:council", council.pk)
    context = _detail_context(request, council, approve=form)
    return render(request, "evaluation/councils/detail.html", context, status=400)


def council_notices(request, pk):
    """The body: the latest signed Annex 6 notice of each member of its council."""
    council = _council(pk)
    guard(request.user, "evaluation.member_notices.list", council)
    latest = selectors.council_notices(council)
    rows = [{"member": m, "notice": latest.get(m.pk)} for m in council.members.all()]
    return render(request, "evaluation/councils/notices.html", {"council": council, "rows": rows})


def my_councils(request):
    """A person's councils, their Annex 6 notices and their self-nominations."""
    guard(request.user, "evaluation.member_notices.list")
    memberships = list(selectors.memberships_of(request.user))
    notices = list(selectors.notices_for(request.user).filter(member__user=request.user)[:100])
    by_member = {}
    for n in notices:
        by_member.setdefault(n.member_id, []).append(n)
    rows = [{"member": m, "notices": by_member.get(m.pk, [])} for m in memberships]
    nominations = list(selectors.nominations_for(request.user).filter(candidate=request.user)[:100])
    return render(
        request,
        "evaluation/councils/mine.html",
        {"rows": rows, "nominations": nominations},
    )


# --- Annex 6 notices ----------------------------------------------------------------------------


def _member(pk):
    member = CouncilMember.objects.select_related("council__body", "user").filter(pk=pk).first()
    if member is None:
        raise Http404
    return member


def _notice(pk):
    try:
        return selectors.notice_get(pk)
    except MemberNotice.DoesNotExist:
        raise Http404 from None


def _save_notice(request, form, *, member=None, notice=None):
    if not form.is_valid():
        return None
    try:
        return services.notice_file(
            actor=request.user,
            member=member,
            notice=notice,
            answers=conflicts.answers_from(form.cleaned_data),
            declares_conflict=form.cleaned_data["declares_conflict"],
        )
    except ApplicationError as exc:
        form_error(form, exc)
        return None


def member_notice_new(request, pk):
    """The member files the draft of their Annex 6 notice."""
    member = _member(pk)
    guard(request.user, "evaluation.member_notice.file", member)
    draft = selectors.draft_of(member)
    if draft is not None:
        return redirect("evaluation:member_notice", draft.pk)
    form = MemberNoticeForm(request.POST or None)
    if request.method == "POST":
        notice = _save_notice(request, form, member=member)
        if notice is not None:
            messages.success(request, _("The draft notice is saved. Check it and sign it."))
            return redirect("evaluation:member_notice", notice.pk)
    return render(request, "evaluation/councils/notice_form.html", {"form": form, "member": member})


def _rows(notice):
    return [
        {
            "question": question,
            "label": QUESTION_LABELS[question],
            "answer": notice.answer_of(question),
            "ngos": list(getattr(notice, f"{question}_ngos").all()) if names_ngos else [],
            "details": getattr(notice, f"{question}_details"),
        }
        for question, names_ngos in QUESTIONS
    ]


def member_notice(request, pk):
    """The notice: its answers and Annex 6 downloads; the member edits their draft here."""
    notice = _notice(pk)
    guard(request.user, "evaluation.member_notice.view", notice)
    can_edit = bool(check(request.user, "evaluation.member_notice.edit", notice))
    form = None
    if request.method == "POST":
        guard(request.user, "evaluation.member_notice.edit", notice)
        form = MemberNoticeForm(request.POST)
        saved = _save_notice(request, form, notice=notice)
        if saved is not None:
            messages.success(request, _("The draft notice is saved."))
            return redirect("evaluation:member_notice", saved.pk)
    elif can_edit:
        form = MemberNoticeForm(notice=notice)
    return render(
        request,
        "evaluation/councils/notice.html",
        {
            "notice": notice,
            "rows": _rows(notice),
            "form": form,
            "can_sign": bool(check(request.user, "evaluation.member_notice.sign", notice)),
            "languages": FORM_LANGUAGES,
        },
    )


@require_POST
def member_notice_sign(request, pk):
    notice = _notice(pk)
    guard(request.user, "evaluation.member_notice.sign", notice)
    try:
        services.notice_sign(actor=request.user, notice=notice)
    except ApplicationError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("The notice is signed and sent to the state body."))
    return redirect("evaluation:member_notice", notice.pk)


def notice_data(notice):
    """The notice as the plain dict `publishing.annex6.annex6_document` takes."""
    local = timezone.localtime(notice.signed_at) if notice.signed_at else None
    council = notice.member.council
    return {
        "body_kk": council.body.name_kk,
        "body_ru": council.body.name_ru,
        "member": str(notice.member.user),
        "council_term": f"{council.first_year}–{council.last_year}",
        "declares_conflict": notice.declares_conflict,
        "signed_on": local.date() if local else None,
        "signed_at": local.strftime("%d.%m.%Y %H:%M") if local else "",
        "answers": conflicts.answer_rows(
            notice, lambda o: {"name_kk": o.name_kk, "name_ru": o.name_ru, "bin": o.bin}
        ),
    }


def _download(request, pk, fmt):
    notice = _notice(pk)
    guard(request.user, "evaluation.member_notice.view", notice)
    lang = form_language(request)
    doc = annex6_document(lang=lang, notice=notice_data(notice), draft=not notice.is_signed)
    suffix = "" if notice.is_signed else "_draft"
    return form_response(doc, fmt, filename=f"annex6_{notice.pk}{suffix}_{lang}.{fmt}")


def member_notice_xlsx(request, pk):
    return _download(request, pk, "xlsx")


def member_notice_pdf(request, pk):
    return _download(request, pk, "pdf")


urlpatterns = [
    path("councils/", councils, name="councils"),
    path("councils/new/", council_new, name="council_new"),
    path("councils/mine/", my_councils, name="my_councils"),
    path("councils/<int:pk>/", council, name="council"),
    path("councils/<int:pk>/nominate/", council_nominate, name="council_nominate"),
    path("councils/<int:pk>/form/", council_form, name="council_form"),
    path("councils/<int:pk>/approve/", council_approve, name="council_approve"),
    path("councils/<int:pk>/notices/", council_notices, name="council_notices"),
    path("nominations/<int:pk>/withdraw/", nomination_withdraw, name="nomination_withdraw"),
    path("memberships/<int:pk>/notice/", member_notice_new, name="member_notice_new"),
    path("member-notices/<int:pk>/", member_notice, name="member_notice"),
    path("member-notices/<int:pk>/sign/", member_notice_sign, name="member_notice_sign"),
    path("member-notices/<int:pk>/annex6.xlsx", member_notice_xlsx, name="member_notice_xlsx"),
    path("member-notices/<int:pk>/annex6.pdf", member_notice_pdf, name="member_notice_pdf"),
]

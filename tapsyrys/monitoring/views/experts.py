"""Pages of the experts part (M-4, §9, Annex 4): the expert's desk (projects open for a notice,
their notices and assignments), the notice (file, edit, sign, Annex 4 as xlsx/PDF), the body's
choice of the expert for its project and its list of projects waiting for one."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import path
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from tapsyrys.core import conflicts
from tapsyrys.core.errors import ApplicationError
from tapsyrys.core.pagination import CountCachedPaginator
from tapsyrys.core.permissions import check, guard
from tapsyrys.monitoring.forms.experts import QUESTION_LABELS, AssignForm, NoticeForm
from tapsyrys.monitoring.models import NOTICE_QUESTIONS, ExpertNotice
from tapsyrys.monitoring.selectors import experts as selectors
from tapsyrys.monitoring.selectors.common import contract_or_404
from tapsyrys.monitoring.services import experts as services
from tapsyrys.publishing.annex4 import annex4_document
from tapsyrys.publishing.annexes import FORM_LANGUAGES
from tapsyrys.publishing.views import form_language, form_response

PAGE_SIZE = 25
SHOW = ("open", "drafts", "notices", "assigned")


def _notice(pk):
    try:
        return selectors.notice_get(pk)
    except ExpertNotice.DoesNotExist:
        raise Http404 from None


def _who_text(contract):
    return selectors.who_monitors(contract).explanation_in(translation.get_language())


def form_error(form, exc: ApplicationError):
    field = exc.field if exc.field in form.fields else None
    form.add_error(field, str(exc.message))


def expert_desk(request):
    """The expert's projects: open for a notice (any body: public data), drafts to sign, signed
    notices and the projects assigned to them. `?show=` lists one of them alone."""
    guard(request.user, "monitoring.expert_desk.view")
    show = request.GET.get("show", "")
    show = show if show in SHOW else ""
    mine = selectors.notices_for(request.user).filter(expert=request.user)
    context = {"show": show}
    if show in ("", "open"):
        context["open"] = CountCachedPaginator(selectors.open_projects(), PAGE_SIZE).get_page(
            request.GET.get("page")
        )
    if show in ("", "drafts"):
        context["drafts"] = list(mine.filter(signed_at__isnull=True)[:100])
    if show in ("", "notices"):
        context["signed"] = list(mine.filter(signed_at__isnull=False)[:100])
    if show in ("", "assigned"):
        context["assignments"] = list(
            selectors.assignments_for(request.user).filter(expert=request.user)[:100]
        )
    return render(request, "monitoring/experts/desk.html", context)


def _save_notice(request, form, *, contract=None, notice=None):
    if not form.is_valid():
        return None
    try:
        return services.notice_file(
            actor=request.user,
            contract=contract,
            notice=notice,
            answers=conflicts.answers_from(form.cleaned_data),
            declares_conflict=form.cleaned_data["declares_conflict"],
        )
    except ApplicationError as exc:
        form_error(form, exc)
        return None


def notice_new(request, pk):
    """The expert files the draft of their Annex 4 notice for a project."""
    contract = contract_or_404(pk)
    guard(request.user, "monitoring.notice.file", contract)
    draft = selectors.latest_draft(request.user, contract)
    if draft is not None:
        return redirect("monitoring:notice", draft.pk)
    form = NoticeForm(request.POST or None)
    if request.method == "POST":
        notice = _save_notice(request, form, contract=contract)
        if notice is not None:
            messages.success(request, _("The draft notice is saved. Check it and sign it."))
            return redirect("monitoring:notice", notice.pk)
    return render(
        request,
        "monitoring/experts/notice_form.html",
        {"form": form, "contract": contract, "who_text": _who_text(contract)},
    )


def notice(request, pk):
    """The notice: its answers and Annex 4 downloads; the expert edits their draft here."""
    notice = _notice(pk)
    guard(request.user, "monitoring.notice.view", notice)
    can_edit = bool(check(request.user, "monitoring.notice.edit", notice))
    form = None
    if request.method == "POST":
        guard(request.user, "monitoring.notice.edit", notice)
        form = NoticeForm(request.POST)
        saved = _save_notice(request, form, notice=notice)
        if saved is not None:
            messages.success(request, _("The draft notice is saved."))
            return redirect("monitoring:notice", saved.pk)
    elif can_edit:
        form = NoticeForm(notice=notice)
    return render(
        request,
        "monitoring/experts/notice.html",
        {
            "notice": notice,
            "rows": _rows(notice),
            "form": form,
            "can_sign": bool(check(request.user, "monitoring.notice.sign", notice)),
            "languages": FORM_LANGUAGES,
        },
    )


def _rows(notice):
    rows = []
    for question, names_ngos in NOTICE_QUESTIONS:
        rows.append(
            {
                "question": question,
                "label": QUESTION_LABELS[question],
                "answer": getattr(notice, question),
                "ngos": list(getattr(notice, f"{question}_ngos").all()) if names_ngos else [],
                "details": getattr(notice, f"{question}_details"),
            }
        )
    return rows


@require_POST
def notice_sign(request, pk):
    notice = _notice(pk)
    guard(request.user, "monitoring.notice.sign", notice)
    try:
        services.notice_sign(actor=request.user, notice=notice)
    except ApplicationError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("The notice is signed and sent to the state body."))
    return redirect("monitoring:notice", notice.pk)


def notice_data(notice):
    """The notice as the plain dict `publishing.annex4.annex4_document` takes."""
    local = timezone.localtime(notice.signed_at) if notice.signed_at else None
    body = notice.contract.body
    return {
        "body_kk": body.name_kk,
        "body_ru": body.name_ru,
        "expert": str(notice.expert),
        "declares_conflict": notice.declares_conflict,
        "signed_on": local.date() if local else None,
        "signed_at": local.strftime("%d.%m.%Y %H:%M") if local else "",
        "answers": conflicts.answer_rows(
            notice, lambda o: {"name_kk": o.name_kk, "name_ru": o.name_ru, "bin": o.bin}
        ),
    }


def _download(request, pk, fmt):
    notice = _notice(pk)
    guard(request.user, "monitoring.notice.view", notice)
    lang = form_language(request)
    doc = annex4_document(lang=lang, notice=notice_data(notice), draft=not notice.is_signed)
    suffix = "" if notice.is_signed else "_draft"
    return form_response(doc, fmt, filename=f"annex4_{notice.pk}{suffix}_{lang}.{fmt}")


def notice_xlsx(request, pk):
    return _download(request, pk, "xlsx")


def notice_pdf(request, pk):
    return _download(request, pk, "pdf")


def assign(request, pk):
    """The body chooses the expert of its project among those with a signed notice."""
    contract = contract_or_404(pk)
    guard(request.user, "monitoring.expert.assign", contract)
    form = AssignForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.expert_assign(
                actor=request.user, contract=contract, expert=form.cleaned_data["expert"]
            )
        except ApplicationError as exc:
            form_error(form, exc)
        else:
            messages.success(request, _("The expert is assigned and notified."))
            return redirect("contracting:contract", contract.pk)
    assignment = selectors.assignments_for(request.user).filter(contract=contract).first()
    return render(
        request,
        "monitoring/experts/assign.html",
        {
            "contract": contract,
            "who_text": _who_text(contract),
            "assignment": assignment,
            "candidates": selectors.candidates(contract) if assignment is None else [],
            "form": form,
        },
    )


def needs_expert(request):
    """The body's running projects above 500 MCI without an expert (the authorized body: all)."""
    guard(request.user, "monitoring.needs_expert.list")
    page = CountCachedPaginator(
        selectors.body_projects_needing_expert(request.user), PAGE_SIZE
    ).get_page(request.GET.get("page"))
    return render(request, "monitoring/experts/needs_expert.html", {"page": page})


urlpatterns = [
    path("experts/", expert_desk, name="expert_desk"),
    path("experts/waiting/", needs_expert, name="needs_expert"),
    path("contracts/<int:pk>/notice/", notice_new, name="notice_new"),
    path("contracts/<int:pk>/assign/", assign, name="assign"),
    path("notices/<int:pk>/", notice, name="notice"),
    path("notices/<int:pk>/sign/", notice_sign, name="notice_sign"),
    path("notices/<int:pk>/annex4.xlsx", notice_xlsx, name="notice_xlsx"),
    path("notices/<int:pk>/annex4.pdf", notice_pdf, name="notice_pdf"),
]

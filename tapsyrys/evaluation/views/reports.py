"""Pages of the reports part (E-5): the body's page of one evaluation (close it, record the
posting), the Annex 8 report (public once posted) and its downloads (the stored ledger entry)."""

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from tapsyrys.core.due import due_for
from tapsyrys.core.errors import ApplicationError
from tapsyrys.core.models import EvaluationCriterion
from tapsyrys.core.pagination import CountCachedPaginator
from tapsyrys.core.permissions import check, guard
from tapsyrys.core.public_cache import EVERY_APP, public_page
from tapsyrys.publishing import annexes as forms_
from tapsyrys.publishing.models import DocumentKind
from tapsyrys.publishing.selectors import published_entry
from tapsyrys.publishing.views import entry_response

from ..deadlines.reports import POSTING_DUE
from ..forms.reports import PostingForm
from ..models import CRITERIA, Evaluation, EvaluationReport
from ..selectors import reports as selectors
from ..services import reports as services

PAGE_SIZE = 25


def _evaluation(pk):
    evaluation = selectors.evaluation_get(pk)
    if evaluation is None:
        raise Http404
    return evaluation


def _report(pk):
    report = selectors.report_get(pk)
    if report is None:
        raise Http404
    return report


def report_rows(report):
    """The four criteria of §18 with their names (reference data, as Annex 8 words them),
    averages and comments, for the templates (one query)."""
    names = {c.code: c.name for c in EvaluationCriterion.objects.all()}
    return [
        {
            "code": code,
            "label": names.get(code) or EvaluationReport._meta.get_field(code).verbose_name,
            "average": getattr(report, code),
            "comments": getattr(report, f"{code}_comments"),
        }
        for code in CRITERIA
    ]


def evaluation_page(request, pk):
    """The body's page of one evaluation: the sheets' state, closing, the report, posting."""
    evaluation = _evaluation(pk)
    guard(request.user, "evaluation.evaluation.manage_view", evaluation)
    report = getattr(evaluation, "report", None) if evaluation.status == "completed" else None
    can_manage = bool(check(request.user, "evaluation.evaluation.complete", evaluation))
    context = {
        "evaluation": evaluation,
        "contract": evaluation.contract,
        "state": selectors.completion_state(evaluation),
        "report": report,
        "can_complete": can_manage and evaluation.status == Evaluation.Status.OPEN,
    }
    if report is not None:
        context["rows"] = report_rows(report)
        context["posting_due"] = due_for(report, POSTING_DUE)
        if can_manage and not report.is_posted:
            context["posting_form"] = PostingForm()
    return render(request, "evaluation/reports/evaluation.html", context)


@require_POST
def evaluation_complete(request, pk):
    evaluation = _evaluation(pk)
    guard(request.user, "evaluation.evaluation.complete", evaluation)
    try:
        services.evaluation_complete(actor=request.user, evaluation=evaluation)
    except ApplicationError as exc:
        messages.error(request, str(exc.message))
    else:
        messages.success(
            request, _("The evaluation is completed; the Annex 8 report is formed and published.")
        )
    return redirect("evaluation:evaluation", pk=evaluation.pk)


@require_POST
def report_post(request, pk):
    report = _report(pk)
    guard(request.user, "evaluation.report.post", report)
    form = PostingForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Enter the posting date and the portal reference."))
    else:
        try:
            services.report_post(
                actor=request.user,
                report=report,
                posted_on=form.cleaned_data["posted_on"],
                portal_reference=form.cleaned_data["portal_reference"],
            )
        except ApplicationError as exc:
            messages.error(request, str(exc.message))
        else:
            messages.success(request, _("The posting of the Annex 8 report is recorded."))
    return redirect("evaluation:evaluation", pk=report.evaluation_id)


@public_page(*EVERY_APP)
def report_page(request, pk):
    """The Annex 8 report: public once posted (the body and the authorized body before)."""
    report = _report(pk)
    guard(request.user, "evaluation.report.view", report)
    return render(
        request,
        "evaluation/reports/report.html",
        {
            "report": report,
            "contract": report.evaluation.contract,
            "rows": report_rows(report),
            "can_manage": bool(
                check(request.user, "evaluation.evaluation.manage_view", report.evaluation)
            ),
        },
    )


@public_page(*EVERY_APP)
def report_list(request):
    """The posted Annex 8 reports (plus the caller's body's own), newest first."""
    guard(request.user, "evaluation.reports.list")
    rows = selectors.reports_for(request.user)
    # ?show=to_post: the caller's body's reports the desk card counts (issue 13)
    show = "to_post" if request.GET.get("show") == "to_post" else ""
    if show:
        rows = selectors.reports_to_post(rows, request.user)
    page = CountCachedPaginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "evaluation/reports/list.html", {"page": page, "show": show})


def annex8_download(request, pk):
    """The stored Annex 8 (the latest ledger version) in kk/ru, xlsx/PDF."""
    report = _report(pk)
    guard(request.user, "evaluation.report.view", report)
    try:
        lang = forms_.check_language(request.GET.get("lang", "ru"))
        fmt = forms_.check_format(request.GET.get("format", "xlsx"))
    except ApplicationError as exc:
        return HttpResponse(str(exc.message), status=400, content_type="text/plain; charset=utf-8")
    entry = published_entry(report, [DocumentKind.ANNEX8], language=lang, format=fmt)
    if entry is None:  # pragma: no cover - the report is published when it is formed
        raise Http404
    return entry_response(entry)


urlpatterns = [
    path("evaluations/<int:pk>/", evaluation_page, name="evaluation"),
    path("evaluations/<int:pk>/complete/", evaluation_complete, name="evaluation_complete"),
    path("reports/", report_list, name="reports"),
    path("reports/<int:pk>/", report_page, name="report"),
    path("reports/<int:pk>/posting/", report_post, name="report_post"),
    path("reports/<int:pk>/annex8/", annex8_download, name="annex8"),
]

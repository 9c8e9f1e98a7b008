"""Pages of the control of reports and special control (M-5, M-7)."""

from django.contrib import messages
from django.core.exceptions import ObjectDoesNotExist
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import path
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _

from tapsyrys.contracting.models import StageReport
from tapsyrys.contracting.selectors import report_get
from tapsyrys.core.errors import ApplicationError
from tapsyrys.core.models import Organisation, Region
from tapsyrys.core.pagination import CountCachedPaginator
from tapsyrys.core.permissions import check, guard

from ..forms.control import AnswerForm, DecisionForm, RequestForm, ReviewForm
from ..models import InformationRequest, SpecialControlCase
from ..rules import control as rules
from ..selectors import control as selectors
from ..selectors.common import contract_or_404, positive_id
from ..services import control as services

PAGE_SIZE = 50


def _get(getter, pk):
    try:
        return getter(pk)
    except ObjectDoesNotExist:
        raise Http404 from None


def _form_error(form, exc):
    field = exc.field if exc.field in form.fields else None
    form.add_error(field, str(exc.message))


def _today():
    return timezone.localdate()


# --- Information requests (M-5) ---------------------------------------------------------------


def request_list(request):
    guard(request.user, "monitoring.requests.list")
    status = request.GET.get("status", "")
    overdue = request.GET.get("overdue") == "1"
    contract_id = positive_id(request.GET.get("contract"))
    qs = selectors.requests_for(
        request.user, status=status, overdue=overdue, contract_id=contract_id, today=_today()
    )
    page = CountCachedPaginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))
    query = urlencode({k: v for k, v in request.GET.items() if k != "page"})
    return render(
        request,
        "monitoring/control/requests.html",
        {"page": page, "status": status, "overdue": overdue, "query": query, "today": _today()},
    )


def request_new(request, pk):
    contract = contract_or_404(pk)
    guard(request.user, "monitoring.request.create", contract)
    form = RequestForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            req = services.request_create(
                contract=contract, actor=request.user, **form.cleaned_data
            )
        except ApplicationError as exc:
            _form_error(form, exc)
        else:
            messages.success(request, _("The request is sent to the NGO."))
            return redirect("monitoring:request", pk=req.pk)
    return render(
        request, "monitoring/control/request_new.html", {"contract": contract, "form": form}
    )


def request_detail(request, pk):
    req = _get(selectors.request_get, pk)
    guard(request.user, "monitoring.request.view", req)
    can_answer = bool(check(request.user, "monitoring.request.answer", req))
    form = None
    if can_answer:
        form = AnswerForm(request.POST or None, request.FILES or None)
        if request.method == "POST" and form.is_valid():
            try:
                services.request_answer(
                    request=req,
                    actor=request.user,
                    answer=form.cleaned_data["answer"],
                    uploads=form.cleaned_data["files"],
                )
            except ApplicationError as exc:
                _form_error(form, exc)
            else:
                messages.success(request, _("The answer is sent."))
                return redirect("monitoring:request", pk=req.pk)
    elif request.method == "POST":
        guard(request.user, "monitoring.request.answer", req)
    overdue = req.status == InformationRequest.Status.OPEN and _today() > req.due_date
    return render(
        request,
        "monitoring/control/request_detail.html",
        {"req": req, "form": form, "overdue": overdue, "files": list(req.files.all())},
    )


# --- Review of stage reports (M-7) -------------------------------------------------------------


def report_review(request, pk):
    report = _get(report_get, pk)
    guard(request.user, "monitoring.review.view", report)
    reviews = list(selectors.reviews_of(report))
    latest = StageReport.objects.filter(stage_id=report.stage_id).order_by("-version").first()
    reviewed = any(r.report_id == report.pk for r in reviews)
    can_review = (
        not reviewed
        and latest.pk == report.pk
        and bool(check(request.user, "monitoring.report.review", report))
    )
    sections = services.required_sections(report, is_final=report.stage.is_final)
    form = None
    if can_review:
        form = ReviewForm(request.POST or None, sections=sections)
        if request.method == "POST" and form.is_valid():
            try:
                review = services.report_review(
                    report=report, actor=request.user, **form.cleaned_data
                )
            except ApplicationError as exc:
                _form_error(form, exc)
            else:
                if review.decision == review.Decision.ACCEPTED:
                    messages.success(request, _("The report is accepted."))
                else:
                    messages.success(
                        request,
                        _("The report is returned; the project is in the special control group."),
                    )
                return redirect("monitoring:report_review", pk=report.pk)
    elif request.method == "POST":
        guard(request.user, "monitoring.report.review", report)
        messages.error(request, _("This version cannot be reviewed."))
        return redirect("monitoring:report_review", pk=report.pk)
    labels = dict(sections)
    return render(
        request,
        "monitoring/control/report_review.html",
        {
            "report": report,
            "contract": report.contract,
            "reviews": [(r, [labels.get(f, f) for f in r.incomplete_sections]) for r in reviews],
            "form": form,
            "latest": latest,
        },
    )


def review_list(request):
    """The body's reports to review (`?show=to_review`) or the NGO's returned ones."""
    guard(request.user, "monitoring.requests.list")
    to_review = list(selectors.reports_to_review(request.user)[:200])
    returned = list(selectors.returned_reports(request.user)[:200])
    return render(
        request,
        "monitoring/control/reviews.html",
        {"to_review": to_review, "returned": returned},
    )


# --- The control form (pilot 004) -----------------------------------------------------------------


def control_form(request, pk):
    contract = contract_or_404(pk)
    guard(request.user, "monitoring.control.view", contract)
    rows, overall = selectors.control_form(contract, today=_today())
    return render(
        request,
        "monitoring/control/control_form.html",
        {
            "contract": contract,
            "rows": rows,
            "overall": overall,
            "positive": rules.is_positive(overall),
            "threshold": rules.POSITIVE,
            "today": _today(),
            "cases": list(selectors.cases_for(request.user, contract_id=contract.pk)),
        },
    )


# --- Special control ---------------------------------------------------------------------------


def _case_list(request, template, *, national):
    state = request.GET.get("state", "")
    reason = request.GET.get("reason", "")
    body_id = positive_id(request.GET.get("body")) if national else None
    region_id = positive_id(request.GET.get("region")) if national else None
    qs = selectors.cases_for(
        request.user, state=state, reason=reason, body_id=body_id, region_id=region_id
    )
    page = CountCachedPaginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))
    query = urlencode({k: v for k, v in request.GET.items() if k != "page"})
    context = {
        "page": page,
        "state": state,
        "reason": reason,
        "reasons": SpecialControlCase.Reason.choices,
        "query": query,
        "national": national,
    }
    if national:
        context.update(
            body_id=body_id,
            region_id=region_id,
            bodies=Organisation.objects.filter(kind=Organisation.Kind.STATE_BODY).order_by(
                "name_ru"
            )[:500],
            regions=Region.objects.order_by("pk"),
        )
    return render(request, template, context)


def special_control(request):
    guard(request.user, "monitoring.special_control.list")
    return _case_list(request, "monitoring/control/special_control.html", national=False)


def special_control_national(request):
    guard(request.user, "monitoring.special_control.national")
    return _case_list(request, "monitoring/control/special_control.html", national=True)


def case_detail(request, pk):
    case = _get(selectors.case_get, pk)
    guard(request.user, "monitoring.case.view", case)
    can_decide = case.is_open and bool(check(request.user, "monitoring.case.decide", case))
    form = None
    if can_decide:
        form = DecisionForm(request.POST or None, request.FILES or None)
        if request.method == "POST" and form.is_valid():
            data = form.cleaned_data
            try:
                services.decision_record(
                    case=case,
                    actor=request.user,
                    kind=data["kind"],
                    remarks=data["remarks"],
                    new_due_date=data["new_due_date"],
                    refund_amount=data["refund_amount"] or None,
                    upload=data["document"],
                )
            except ApplicationError as exc:
                _form_error(form, exc)
            else:
                messages.success(request, _("The decision is recorded."))
                return redirect("monitoring:case", pk=case.pk)
    elif request.method == "POST":
        guard(request.user, "monitoring.case.decide", case)
        messages.error(request, _("This case is closed."))
        return redirect("monitoring:case", pk=case.pk)
    history = list(
        selectors.cases_for(request.user, contract_id=case.contract_id).exclude(pk=case.pk)
    )
    return render(
        request,
        "monitoring/control/case_detail.html",
        {
            "case": case,
            "contract": case.contract,
            "decisions": list(selectors.case_decisions(case)),
            "form": form,
            "history": history,
        },
    )


urlpatterns = [
    path("requests/", request_list, name="requests"),
    path("requests/<int:pk>/", request_detail, name="request"),
    path("contracts/<int:pk>/requests/new/", request_new, name="request_new"),
    path("contracts/<int:pk>/control/", control_form, name="control_form"),
    path("reports/<int:pk>/review/", report_review, name="report_review"),
    path("reports/reviews/", review_list, name="reviews"),
    path("special-control/", special_control, name="special_control"),
    path("special-control/national/", special_control_national, name="special_control_national"),
    path("special-control/<int:pk>/", case_detail, name="case"),
]

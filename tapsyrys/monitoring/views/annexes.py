"""Pages of Annex 5 (public), Annex 9 (the body's reports; the authorized body's overview and
national consolidation) and the national summary (M-8, M-9, M-10)."""

import json

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from tapsyrys.calendar.rules import local_date
from tapsyrys.core.confirm import confirm_page, is_confirmed
from tapsyrys.core.errors import ApplicationError
from tapsyrys.core.permissions import check, guard
from tapsyrys.publishing import annexes as forms_
from tapsyrys.publishing.models import DocumentKind
from tapsyrys.publishing.selectors import entries_of, published_entry
from tapsyrys.publishing.views import entry_response

from ..models import Annex9Report
from ..rules import annexes as rules
from ..selectors import annexes as selectors
from ..selectors.common import contract_or_404
from ..services import annexes as services


def file_response(content, content_type, stem, fmt, lang):
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{stem}_{lang}.{fmt}"'
    response["X-Content-Type-Options"] = "nosniff"
    return response


def _bad(exc):
    return HttpResponse(str(exc.message), status=400, content_type="text/plain; charset=utf-8")


# --- Annex 5 (public) ----------------------------------------------------------------------------


def annex5_context(request, contract):
    documents = services.annex5_documents(contract, draft=True)
    lang = form_lang(request)
    versions = sorted(
        {e.version for e in entries_of(contract, kind=DocumentKind.ANNEX5)}, reverse=True
    )
    return {
        "annex5": documents[lang],
        "annex5_published_version": versions[0] if versions else None,
        "annex5_can_publish": bool(check(request.user, "monitoring.annex5.publish", contract)),
        "annex5_score": selectors.average_score(contract),
    }


def annex5(request, pk):
    contract = contract_or_404(pk)
    return render(
        request,
        "monitoring/annexes/annex5.html",
        {"contract": contract, **annex5_context(request, contract)},
    )


def annex5_file(contract, *, lang, fmt):
    """The published Annex 5 (the stored ledger entry) or, before publication, a live draft."""
    lang = forms_.check_language(lang)
    fmt = forms_.check_format(fmt)
    entry = published_entry(contract, [DocumentKind.ANNEX5], language=lang, format=fmt)
    if entry is not None:
        return entry_response(entry)
    content, content_type = forms_.render(
        services.annex5_documents(contract, draft=True)[lang], fmt
    )
    return file_response(content, content_type, f"annex5_{contract.pk}_draft", fmt, lang)


def annex5_download(request, pk):
    contract = contract_or_404(pk)
    try:
        return annex5_file(
            contract, lang=request.GET.get("lang", "ru"), fmt=request.GET.get("format", "xlsx")
        )
    except ApplicationError as exc:
        return _bad(exc)


@require_POST
@login_required
def annex5_publish(request, pk):
    contract = contract_or_404(pk)
    guard(request.user, "monitoring.annex5.publish", contract)
    try:
        entries = services.annex5_publish(actor=request.user, contract=contract)
    except ApplicationError as exc:
        messages.error(request, str(exc.message))
    else:
        messages.success(
            request, _("Annex 5 published, version %(v)s.") % {"v": entries[0].version}
        )
    return redirect("monitoring:annex5", pk=contract.pk)


# --- Annex 9: the body ---------------------------------------------------------------------------


@login_required
def annex9_list(request):
    guard(request.user, "monitoring.annex9.list", None)
    now = timezone.now()
    reports = list(selectors.reports_for(request.user).order_by("-year", "period", "body__name_ru"))
    if check(request.user, "monitoring.annex9.overview", None):
        reports = []  # the authorized body works on the overview
    have = {(r.year, r.period) for r in reports}
    can_open = bool(check(request.user, "monitoring.annex9.open", request.user.organisation))
    missing = [
        {"year": y, "period": p, "label": Annex9Report.Period(p).label}
        for y, p in selectors.current_periods(local_date(now))
        if (y, p) not in have
    ]
    return render(
        request,
        "monitoring/annexes/annex9_list.html",
        {
            "reports": reports,
            "missing": missing if can_open else [],
            "is_authorized": bool(check(request.user, "monitoring.annex9.overview", None)),
            "now": now,
        },
    )


@require_POST
@login_required
def annex9_open(request):
    body = request.user.organisation
    guard(request.user, "monitoring.annex9.open", body)
    try:
        report = services.annex9_open(
            actor=request.user,
            body=body,
            year=request.POST.get("year"),
            period=request.POST.get("period"),
        )
    except ApplicationError as exc:
        messages.error(request, str(exc.message))
        return redirect("monitoring:annex9_list")
    return redirect("monitoring:annex9", pk=report.pk)


def form_lang(request):
    return "kk" if (request.LANGUAGE_CODE or "")[:2] == "kk" else "ru"


def _labelled(rows, lang, **keys):
    """Each row dict gets `label` keys in the page's language (row[f"{key}_{lang}"])."""
    other = "ru" if lang == "kk" else "kk"
    for row in rows:
        for label, key in keys.items():
            row[label] = row.get(f"{key}_{lang}") or row.get(f"{key}_{other}") or ""
    return rows


def _report(request, pk, action="monitoring.annex9.view"):
    report = get_object_or_404(Annex9Report.objects.select_related("body", "submitted_by"), pk=pk)
    guard(request.user, action, report)
    return report


@login_required
def annex9(request, pk):
    report = _report(request, pk)
    error = None
    if request.method == "POST":
        guard(request.user, "monitoring.annex9.edit", report)
        effects = {
            key.removeprefix("effect_"): value
            for key, value in request.POST.items()
            if key.startswith("effect_")
        }
        try:
            services.annex9_save(
                actor=request.user,
                report=report,
                head_name=request.POST.get("head_name", ""),
                head_position=request.POST.get("head_position", ""),
                positive_effects=effects if rules.shows_scores(report.period) else None,
            )
        except ApplicationError as exc:
            error = exc
        else:
            messages.success(request, _("The report has been saved."))
            return redirect("monitoring:annex9", pk=report.pk)
    lang = form_lang(request)
    rows = _labelled(selectors.report_rows(report), lang, label="name", supplier_label="supplier")
    doc = services.annex9_documents(report, draft=report.is_draft)[lang]
    return render(
        request,
        "monitoring/annexes/annex9_detail.html",
        {
            "report": report,
            "rows": rows,
            "doc": doc,
            "error": error,
            "can_edit": bool(check(request.user, "monitoring.annex9.edit", report)),
            "annual": rules.shows_scores(report.period),
            "now": timezone.now(),
        },
    )


@require_POST
@login_required
def annex9_submit(request, pk):
    report = _report(request, pk, "monitoring.annex9.submit")
    if not is_confirmed(request):
        # submitting publishes the signed form in the ledger: asked once more (issue 13)
        back = reverse("monitoring:annex9", args=[report.pk])
        return confirm_page(
            request,
            title=_("Submit to the authorized body"),
            question=_(
                "Submit Annex 9 for %(year)s (%(period)s), signed by %(head)s, to the "
                "authorized body?"
            )
            % {
                "year": report.year,
                "period": report.get_period_display(),
                "head": report.head_name or "—",
            },
            consequences=[
                _("The form is published in the public ledger in Kazakh and Russian."),
            ],
            action=reverse("monitoring:annex9_submit", args=[report.pk]),
            cancel=back,
            button=_("Submit to the authorized body"),
            parent=(_("Annex 9 reports"), reverse("monitoring:annex9_list")),
        )
    try:
        services.annex9_submit(actor=request.user, report=report)
    except ApplicationError as exc:
        messages.error(request, str(exc.message))
    else:
        messages.success(request, _("The report has been submitted to the authorized body."))
    return redirect("monitoring:annex9", pk=report.pk)


def annex9_file(report, *, lang, fmt):
    lang = forms_.check_language(lang)
    fmt = forms_.check_format(fmt)
    if not report.is_draft:
        entry = published_entry(report, [DocumentKind.ANNEX9], language=lang, format=fmt)
        if entry is not None:
            return entry_response(entry)
    doc = services.annex9_documents(report, draft=report.is_draft)[lang]
    content, content_type = forms_.render(doc, fmt)
    stem = f"annex9_{report.year}_{report.period}_{report.body_id}"
    return file_response(content, content_type, stem, fmt, lang)


@login_required
def annex9_download(request, pk):
    report = _report(request, pk)
    try:
        return annex9_file(
            report, lang=request.GET.get("lang", "ru"), fmt=request.GET.get("format", "xlsx")
        )
    except ApplicationError as exc:
        return _bad(exc)


# --- Annex 9: the authorized body ----------------------------------------------------------------


def year_period(params, *, default_period=rules.HALF):
    today = local_date(timezone.now())
    year = rules.check_year(params.get("year") or today.year)
    period = rules.check_period(params.get("period") or default_period)
    return year, period


@login_required
def annex9_overview(request):
    guard(request.user, "monitoring.annex9.overview", None)
    try:
        year, period = year_period(request.GET)
    except ApplicationError as exc:
        messages.error(request, str(exc.message))
        return redirect("monitoring:annex9_overview")
    data = selectors.overview(year=year, period=period, now=timezone.now())
    return render(
        request,
        "monitoring/annexes/annex9_overview.html",
        {**data, "periods": Annex9Report.Period.choices},
    )


@require_POST
@login_required
def annex9_track(request):
    guard(request.user, "monitoring.annex9.overview", None)
    try:
        year, period = year_period(request.POST)
        made = services.annex9_track(actor=request.user, year=year, period=period)
    except ApplicationError as exc:
        messages.error(request, str(exc.message))
        return redirect("monitoring:annex9_overview")
    messages.success(request, _("Deadlines opened for %(n)s bodies.") % {"n": made})
    return redirect(reverse("monitoring:annex9_overview") + f"?year={year}&period={period}")


def national_annex9_file(*, year, period, lang, fmt):
    from tapsyrys.publishing.annex9 import annex9_document

    lang = forms_.check_language(lang)
    fmt = forms_.check_format(fmt)
    _start, end = rules.period_bounds(year, period)
    edition = selectors.edition_on(end)
    groups = selectors.annex9_groups(edition, selectors.national_rows(year, period))
    doc = annex9_document(
        lang=lang,
        year=year,
        period=period,
        body=None,
        groups=groups,
        as_of=local_date(timezone.now()),
        edition=edition.code if edition else None,
    )
    return forms_.render(doc, fmt)


@login_required
def annex9_national(request):
    guard(request.user, "monitoring.annex9.overview", None)
    lang = request.GET.get("lang", "ru")
    fmt = request.GET.get("format", "xlsx")
    try:
        year, period = year_period(request.GET)
        content, content_type = national_annex9_file(year=year, period=period, lang=lang, fmt=fmt)
    except ApplicationError as exc:
        return _bad(exc)
    stem = f"annex9_national_{year}_{period}"
    return file_response(content, content_type, stem, fmt.strip().lower(), lang)


# --- The national summary ------------------------------------------------------------------------


def _summary_year(params):
    today = local_date(timezone.now())
    return rules.check_year(params.get("year") or today.year - 1)


def chart_data(data, lang):
    """What the page's chart script draws (as JSON in a data attribute: no inline script)."""
    from tapsyrys.publishing.national_summary import chart_bars

    bars = chart_bars(data, lang=lang)
    return {"labels": [b["label"] for b in bars], "values": [float(b["value"]) for b in bars]}


@login_required
def summary(request):
    guard(request.user, "monitoring.summary.view", None)
    try:
        year = _summary_year(request.GET)
    except ApplicationError as exc:
        messages.error(request, str(exc.message))
        return redirect("monitoring:summary")
    data = selectors.national_summary_shared(year=year)
    lang = form_lang(request)
    for rows in data["by"].values():
        _labelled(rows, lang, label="name")
    years = selectors.summary_years() or [year]
    summary_row = data["summary"]
    return render(
        request,
        "monitoring/annexes/summary.html",
        {
            **data,
            "years": years,
            "chart_json": json.dumps(chart_data(data, lang), ensure_ascii=False),
            "due": summary_row.due_at if summary_row else None,
            "can_send": bool(check(request.user, "monitoring.summary.send", summary_row)),
        },
    )


@login_required
def summary_download(request):
    from tapsyrys.publishing.national_summary import render_summary

    guard(request.user, "monitoring.summary.view", None)
    lang = request.GET.get("lang", "ru")
    fmt = request.GET.get("format", "xlsx")
    try:
        year = _summary_year(request.GET)
        data = selectors.national_summary_shared(year=year)
        summary_row = data["summary"]
        if summary_row is not None and summary_row.state == "sent":
            entry = published_entry(
                summary_row,
                [DocumentKind.NATIONAL_SUMMARY],
                language=forms_.check_language(lang),
                format=forms_.check_format(fmt),
            )
            if entry is not None:
                return entry_response(entry)
        content, content_type = render_summary(
            data, lang=lang, fmt=fmt, as_of=local_date(timezone.now())
        )
    except ApplicationError as exc:
        return _bad(exc)
    return file_response(
        content, content_type, f"national_summary_{year}", fmt.strip().lower(), lang
    )


@require_POST
@login_required
def summary_track(request):
    guard(request.user, "monitoring.summary.view", None)
    try:
        year = _summary_year(request.POST)
        services.summary_track(actor=request.user, year=year)
    except ApplicationError as exc:
        messages.error(request, str(exc.message))
        return redirect(reverse("monitoring:summary"))
    return redirect(reverse("monitoring:summary") + f"?year={year}")


@require_POST
@login_required
def summary_send(request):
    guard(request.user, "monitoring.summary.view", None)
    try:
        year = _summary_year(request.POST)
        services.summary_send(actor=request.user, year=year)
    except ApplicationError as exc:
        messages.error(request, str(exc.message))
        return redirect(reverse("monitoring:summary"))
    messages.success(request, _("The Information has been sent to the Government."))
    return redirect(reverse("monitoring:summary") + f"?year={year}")


urlpatterns = [
    path("contracts/<int:pk>/annex5/", annex5, name="annex5"),
    path("contracts/<int:pk>/annex5/download/", annex5_download, name="annex5_download"),
    path("contracts/<int:pk>/annex5/publish/", annex5_publish, name="annex5_publish"),
    path("annex9/", annex9_list, name="annex9_list"),
    path("annex9/open/", annex9_open, name="annex9_open"),
    path("annex9/overview/", annex9_overview, name="annex9_overview"),
    path("annex9/national/", annex9_national, name="annex9_national"),
    path("annex9/track/", annex9_track, name="annex9_track"),
    path("annex9/<int:pk>/", annex9, name="annex9"),
    path("annex9/<int:pk>/submit/", annex9_submit, name="annex9_submit"),
    path("annex9/<int:pk>/download/", annex9_download, name="annex9_download"),
    path("summary/", summary, name="summary"),
    path("summary/download/", summary_download, name="summary_download"),
    path("summary/track/", summary_track, name="summary_track"),
    path("summary/send/", summary_send, name="summary_send"),
]

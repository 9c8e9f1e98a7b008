"""Pages of the sheets part (E-2, E-3, E-4, Annex 7): the member's projects in evaluation,
a project's materials, the Annex 7 sheet (draft, sign, xlsx/PDF kk/ru), a member's
declaration of a conflict, and the list of projects waiting for their evaluation."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import path
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from tapsyrys.calendar.rules import local_date
from tapsyrys.core.errors import ApplicationError, NotPermitted
from tapsyrys.core.models import Organisation, Region
from tapsyrys.core.pagination import CountCachedPaginator
from tapsyrys.core.permissions import check, guard, is_authorized_body
from tapsyrys.evaluation.forms.sheets import CRITERION_LABELS, DeclareForm, SheetForm
from tapsyrys.evaluation.models import AssessmentSheet, Evaluation
from tapsyrys.evaluation.rules.sheets import CRITERIA
from tapsyrys.evaluation.selectors import sheets as selectors
from tapsyrys.evaluation.services import sheets as services
from tapsyrys.publishing.annex7 import annex7_document
from tapsyrys.publishing.annexes import FORM_LANGUAGES
from tapsyrys.publishing.views import form_language, form_response

PAGE_SIZE = 25
MAX_ID = 2**31 - 1


def _evaluation(pk):
    try:
        return selectors.evaluation_get(pk)
    except Evaluation.DoesNotExist:
        raise Http404 from None


def _sheet(pk):
    try:
        return selectors.sheet_get(pk)
    except AssessmentSheet.DoesNotExist:
        raise Http404 from None


def form_error(form, exc: ApplicationError):
    field = exc.field if exc.field in form.fields else None
    form.add_error(field, str(exc.message))


def my_evaluations(request):
    """The projects in evaluation of the member's councils (open first)."""
    guard(request.user, "evaluation.my.view")
    evaluations = list(selectors.evaluations_for_member(request.user)[:200])
    found = selectors.conflict_map(evaluations)
    members = {m.council_id: m for m in request.user.council_memberships.all()}
    sheets = {
        s.evaluation_id: s
        for s in AssessmentSheet.objects.filter(
            member__in=list(members.values()), evaluation__in=evaluations
        )
    }
    rows = []
    for e in evaluations:
        member = members.get(e.council_id)
        rows.append(
            {
                "evaluation": e,
                "sheet": sheets.get(e.pk),
                "excluded": member is not None and member.pk in found.get(e.pk, {}),
            }
        )
    return render(request, "evaluation/sheets/my.html", {"rows": rows})


def materials(request, pk):
    """E-3: what the member reads before scoring, read-only."""
    evaluation = _evaluation(pk)
    guard(request.user, "evaluation.evaluation.view_materials", evaluation)
    context = selectors.materials(evaluation)
    member = selectors.membership(request.user, evaluation)
    context.update(
        evaluation=evaluation,
        member=member,
        sheet=selectors.sheet_of(member, evaluation),
        rows=selectors.sheet_rows(evaluation),
        can_fill=bool(check(request.user, "evaluation.sheet.fill", evaluation))
        and evaluation.status == Evaluation.Status.OPEN,
        declare_form=DeclareForm()
        if member is not None and evaluation.status == Evaluation.Status.OPEN
        else None,
    )
    return render(request, "evaluation/sheets/materials.html", context)


def _initial(sheet):
    if sheet is None:
        return {}
    data = {code: getattr(sheet, code) for code in CRITERIA}
    data.update({f"{code}_comment": getattr(sheet, f"{code}_comment") for code in CRITERIA})
    data["recommendations"] = sheet.recommendations
    return data


def sheet_form(request, pk):
    """The member's Annex 7 sheet for the project: the draft form (saved), then signed."""
    evaluation = _evaluation(pk)
    guard(request.user, "evaluation.sheet.fill", evaluation)
    member = selectors.membership(request.user, evaluation)
    sheet = selectors.sheet_of(member, evaluation)
    if sheet is not None and sheet.is_signed:
        return redirect("evaluation:sheet", sheet.pk)
    status = 200
    if request.method == "POST":
        form = SheetForm(request.POST)
        if form.is_valid():
            try:
                sheet = services.sheet_save(
                    actor=request.user, evaluation=evaluation, data=form.cleaned_data
                )
            except ApplicationError as exc:
                form_error(form, exc)
                status = exc.status_code
            else:
                messages.success(request, _("The draft of your assessment sheet is saved."))
                return redirect("evaluation:sheet", sheet.pk)
        else:
            status = 400
    else:
        form = SheetForm(initial=_initial(sheet))
    return render(
        request,
        "evaluation/sheets/sheet_form.html",
        {"evaluation": evaluation, "form": form, "sheet": sheet},
        status=status,
    )


def sheet_rows(sheet):
    return [
        {
            "code": code,
            "label": CRITERION_LABELS[code],
            "score": getattr(sheet, code),
            "comment": getattr(sheet, f"{code}_comment"),
        }
        for code in CRITERIA
    ]


def sheet(request, pk):
    sheet = _sheet(pk)
    guard(request.user, "evaluation.sheet.view", sheet)
    own = sheet.member.user_id == request.user.pk
    return render(
        request,
        "evaluation/sheets/sheet.html",
        {
            "sheet": sheet,
            "evaluation": sheet.evaluation,
            "rows": sheet_rows(sheet),
            "own": own,
            "can_sign": own and not sheet.is_signed,
            "languages": FORM_LANGUAGES,
        },
    )


@require_POST
def sheet_sign(request, pk):
    sheet = _sheet(pk)
    guard(request.user, "evaluation.sheet.sign", sheet)
    try:
        services.sheet_sign(actor=request.user, sheet=sheet)
    except ApplicationError as exc:
        if isinstance(exc, NotPermitted):
            raise
        messages.error(request, str(exc.message))
        response = redirect("evaluation:sheet", sheet.pk)
        return response
    messages.success(request, _("Your assessment sheet is signed; it can no longer change."))
    return redirect("evaluation:sheet", sheet.pk)


@require_POST
def declare(request, pk):
    evaluation = _evaluation(pk)
    guard(request.user, "evaluation.exclusion.declare", evaluation)
    form = DeclareForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Say what the conflict of interest is."))
        return redirect("evaluation:materials", evaluation.pk)
    try:
        services.exclusion_declare(
            actor=request.user, evaluation=evaluation, details=form.cleaned_data["details"]
        )
    except ApplicationError as exc:
        if isinstance(exc, NotPermitted):
            raise
        messages.error(request, str(exc.message))
        return redirect("evaluation:my")
    messages.success(request, _("You are excluded from the evaluation of this project."))
    return redirect("evaluation:my")


def _name(org, lang):
    return getattr(org, f"name_{lang}", "") or str(org)


def sheet_data(sheet):
    contract = sheet.evaluation.contract
    lot = contract.lot
    return {
        "project_kk": getattr(lot, "name_kk", ""),
        "project_ru": getattr(lot, "name_ru", ""),
        "supplier_kk": _name(contract.supplier, "kk"),
        "supplier_ru": _name(contract.supplier, "ru"),
        "member": str(sheet.member.user),
        "filled_on": local_date(sheet.signed_at) if sheet.signed_at else None,
        "signed_at": timezone.localtime(sheet.signed_at).strftime("%d.%m.%Y %H:%M")
        if sheet.signed_at
        else None,
        "scores": [
            {
                "criterion": code,
                "score": getattr(sheet, code),
                "comment": getattr(sheet, f"{code}_comment"),
            }
            for code in CRITERIA
        ],
        "recommendations": sheet.recommendations,
    }


def _download(request, pk, fmt):
    sheet = _sheet(pk)
    guard(request.user, "evaluation.sheet.view", sheet)
    lang = form_language(request)
    doc = annex7_document(lang=lang, sheet=sheet_data(sheet), draft=not sheet.is_signed)
    suffix = "" if sheet.is_signed else "_draft"
    return form_response(doc, fmt, filename=f"annex7_{sheet.pk}{suffix}_{lang}.{fmt}")


def sheet_xlsx(request, pk):
    return _download(request, pk, "xlsx")


def sheet_pdf(request, pk):
    return _download(request, pk, "pdf")


def _int_param(request, name):
    value = request.GET.get(name, "").strip()
    if not value:
        return None, None
    if not value.isdecimal() or int(value) > MAX_ID:
        return None, _("“%(value)s” is not a valid %(name)s.") % {"value": value[:20], "name": name}
    return int(value), None


def pending(request):
    """Every ended project not evaluated yet (the authorized body: all bodies'; a body: its
    own), filters body / region / year, oldest due first, paginated."""
    guard(request.user, "evaluation.pending.list")
    filters, errors = {}, []
    for name in ("body", "region", "year"):
        value, error = _int_param(request, name)
        if error:
            errors.append(error)
        filters[name] = value
    qs = selectors.pending_for(request.user, **filters)
    page = CountCachedPaginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))
    context = {
        "page": page,
        "filters": filters,
        "errors": errors,
        "now": timezone.now(),
        "bodies": Organisation.objects.filter(kind=Organisation.Kind.STATE_BODY).order_by(
            "name_ru"
        )[:500]
        if is_authorized_body(request.user)
        else [],
        "regions": Region.objects.order_by("pk"),
    }
    return render(request, "evaluation/sheets/pending.html", context, status=400 if errors else 200)


urlpatterns = [
    path("my/", my_evaluations, name="my"),
    path("pending/", pending, name="pending"),
    path("evaluations/<int:pk>/materials/", materials, name="materials"),
    path("evaluations/<int:pk>/sheet/", sheet_form, name="sheet_form"),
    path("evaluations/<int:pk>/declare/", declare, name="declare"),
    path("sheets/<int:pk>/", sheet, name="sheet"),
    path("sheets/<int:pk>/sign/", sheet_sign, name="sheet_sign"),
    path("sheets/<int:pk>/annex7.xlsx", sheet_xlsx, name="sheet_xlsx"),
    path("sheets/<int:pk>/annex7.pdf", sheet_pdf, name="sheet_pdf"),
]

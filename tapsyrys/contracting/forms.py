from decimal import Decimal

from django import forms
from django.utils.functional import lazy
from django.utils.translation import gettext_lazy as _

from tapsyrys.core.bin import validate_bin
from tapsyrys.core.forms import DocumentField
from tapsyrys.core.models import Area, Organisation, Region, ServiceType

from .importer import COLUMNS
from .models import LONG_TEXT_MAX, TEXT_MAX, Contract, Lot, ReportStage
from .rules import MAX_COUNT

DATE_FORMATS = ["%Y-%m-%d", "%d.%m.%Y"]


def date_field(label, required=True, help_text=""):
    return forms.DateField(
        label=label,
        required=required,
        help_text=help_text,
        input_formats=DATE_FORMATS,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )


def ngo_areas():
    return Area.objects.filter(edition_numbers__edition__code="2022").order_by("id").distinct()


NGO_LEGAL_FORMS = [
    (value, label)
    for value, label in Organisation.LegalForm.choices
    if value != Organisation.LegalForm.STATE_INSTITUTION
]


class NgoProfileFields(forms.Form):
    name_kk = forms.CharField(label=_("Full name (Kazakh)"), max_length=500)
    name_ru = forms.CharField(label=_("Full name (Russian)"), max_length=500)
    short_name_kk = forms.CharField(label=_("Short name (Kazakh)"), max_length=200)
    short_name_ru = forms.CharField(label=_("Short name (Russian)"), max_length=200)
    legal_form = forms.ChoiceField(label=_("Legal form"), choices=NGO_LEGAL_FORMS)
    areas = forms.ModelMultipleChoiceField(
        label=_("Areas of activity"),
        queryset=Area.objects.none(),
        widget=forms.CheckboxSelectMultiple,
    )
    region = forms.ModelChoiceField(label=_("Region"), queryset=Region.objects.all())
    address = forms.CharField(label=_("Address"), max_length=500)
    phones = forms.CharField(label=_("Phones"), max_length=200)
    email = forms.EmailField(label=_("E-mail"))
    website = forms.URLField(
        max_length=200, label=_("Website"), required=False, assume_scheme="https"
    )
    description = forms.CharField(
        max_length=4000,
        label=_("Résumé: what the NGO does"),
        widget=forms.Textarea(attrs={"rows": 4}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["areas"].queryset = ngo_areas()


class NgoRegistrationForm(NgoProfileFields):
    bin = forms.CharField(
        label=_("BIN"),
        max_length=12,
        min_length=12,
        help_text=_("12 digits; the last one is the check digit."),
    )
    full_name = forms.CharField(label=_("Your full name"), max_length=200)
    position = forms.CharField(label=_("Your position"), max_length=200, required=False)
    username = forms.CharField(label=_("Username"), max_length=150)
    password1 = forms.CharField(label=_("Password"), widget=forms.PasswordInput)
    password2 = forms.CharField(label=_("Password again"), widget=forms.PasswordInput)

    field_order = ["bin"]

    def clean_bin(self):
        value = self.cleaned_data["bin"].strip()
        validate_bin(value)
        if Organisation.objects.filter(bin=value).exists():
            from .services import ngo_bin_taken_message

            raise forms.ValidationError(ngo_bin_taken_message(value))
        return value

    def clean(self):
        data = super().clean()
        if data.get("password1") and data.get("password1") != data.get("password2"):
            self.add_error("password2", _("The two passwords differ."))
        return data


class InviteForm(forms.Form):
    full_name = forms.CharField(label=_("Colleague's full name"), max_length=200)
    email = forms.EmailField(label=_("Colleague's e-mail"))


class NgoRejectForm(forms.Form):
    """The authorized body's reason for not verifying a self-registered NGO (the NGO reads it)."""

    reason = forms.CharField(
        label=_("Reason for the rejection"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("The NGO's people receive it in the notification."),
    )


class RegistryFilterForm(forms.Form):
    q = forms.CharField(label=_("Name or BIN"), required=False, max_length=200)
    region = forms.ModelChoiceField(
        label=_("Region"),
        queryset=Region.objects.all(),
        required=False,
        empty_label=_("All regions"),
    )
    area = forms.ModelChoiceField(
        label=_("Area"), queryset=Area.objects.none(), required=False, empty_label=_("All areas")
    )
    verified = forms.ChoiceField(
        label=_("Verification"),
        required=False,
        choices=[
            ("", _("All organisations")),
            ("1", _("verified by the authorized body")),
            ("0", _("not verified yet")),
        ],
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["area"].queryset = ngo_areas()


def state_bodies():
    return Organisation.objects.filter(kind=Organisation.Kind.STATE_BODY, is_active=True).order_by(
        "name_ru", "id"
    )


class ListFilterForm(forms.Form):
    """The filters of the competitions and contracts lists (GET, every field optional)."""

    body = forms.ModelChoiceField(
        label=_("State body"),
        queryset=Organisation.objects.none(),
        required=False,
        empty_label=_("All state bodies"),
    )
    area = forms.ModelChoiceField(
        label=_("Area"), queryset=Area.objects.none(), required=False, empty_label=_("All areas")
    )
    status = forms.ChoiceField(label=_("Status"), required=False)
    year = forms.IntegerField(label=_("Year"), required=False, min_value=2000, max_value=2100)

    def __init__(self, *args, statuses, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["body"].queryset = state_bodies()
        self.fields["area"].queryset = ngo_areas()
        self.fields["status"].choices = [("", _("All statuses")), *statuses]

    def filters(self):
        """The valid filters as selector arguments (an invalid field is ignored)."""
        self.is_valid()
        data = getattr(self, "cleaned_data", {})  # the fields that are valid
        return {
            "body": data["body"].pk if data.get("body") else None,
            "area": data["area"].pk if data.get("area") else None,
            "status": data.get("status") or "",
            "year": data.get("year") or None,
        }


class CompetitionForm(forms.Form):
    procurement_number = forms.CharField(label=_("Procurement number on the portal"), max_length=64)
    held_on = date_field(_("Competition date"), required=False)
    year = forms.IntegerField(label=_("Financial year"), min_value=2000, max_value=2100)
    title_kk = forms.CharField(label=_("Title (Kazakh)"), max_length=500, required=False)
    title_ru = forms.CharField(label=_("Title (Russian)"), max_length=500, required=False)


class LotForm(forms.Form):
    number = forms.CharField(label=_("Lot number"), max_length=64)
    # X-I18N: the name and the description in both languages (public pages and forms)
    name_kk = forms.CharField(label=_("Name (Kazakh)"), max_length=1000)
    name_ru = forms.CharField(label=_("Name (Russian)"), max_length=1000)
    description_kk = forms.CharField(
        max_length=TEXT_MAX,
        label=_("Description (Kazakh)"),
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    description_ru = forms.CharField(
        max_length=TEXT_MAX,
        label=_("Description (Russian)"),
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    area = forms.ModelChoiceField(label=_("Area"), queryset=Area.objects.none(), required=False)
    coverage = forms.CharField(label=_("Territorial coverage"), max_length=500, required=False)
    amount = forms.DecimalField(
        label=_("Amount, tenge"), max_digits=16, decimal_places=2, min_value=Decimal("0.01")
    )
    topic = forms.TypedChoiceField(
        label=_("Approved topic"), required=False, coerce=int, empty_value=None
    )

    def __init__(self, *args, topics=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["area"].queryset = ngo_areas()
        self.topics = {t.pk: t for t in topics}
        self.fields["topic"].choices = [("", _("— without a topic —"))] + [
            (t.pk, str(t)) for t in topics
        ]

    def clean_topic(self):
        value = self.cleaned_data.get("topic")
        return self.topics.get(value) if value else None


class LinesField(forms.CharField):
    """One item per line; `parts` values per line separated by ';'."""

    def __init__(self, *args, parts=1, **kwargs):
        self.parts = parts
        kwargs.setdefault("widget", forms.Textarea(attrs={"rows": 3}))
        kwargs.setdefault("required", False)
        super().__init__(*args, **kwargs)

    def clean(self, value):
        value = super().clean(value)
        lines = [line.strip() for line in (value or "").splitlines() if line.strip()]
        if self.parts == 1:
            return lines
        rows = []
        for number, line in enumerate(lines, 1):
            bits = [b.strip() for b in line.split(";")]
            if len(bits) != self.parts or not bits[0]:
                raise forms.ValidationError(
                    _("Line %(n)d: write %(parts)d values separated by “;”.")
                    % {"n": number, "parts": self.parts}
                )
            rows.append(bits)
        return rows


class ContractForm(forms.Form):
    supplier_bin = forms.CharField(label=_("Supplier NGO: BIN"), max_length=12, min_length=12)
    number = forms.CharField(label=_("Contract number"), max_length=64)
    signed_on = date_field(_("Contract date"))
    year = forms.IntegerField(label=_("Financial year"), min_value=2000, max_value=2100)
    amount = forms.DecimalField(
        label=_("Contract amount, tenge"),
        max_digits=16,
        decimal_places=2,
        min_value=Decimal("0.01"),
        error_messages={"min_value": _("The contract amount must be more than zero.")},
    )
    starts_on = date_field(_("Implementation start"))
    ends_on = date_field(_("Implementation end"))
    service_types = forms.ModelMultipleChoiceField(
        label=_("Service types"),
        queryset=ServiceType.objects.all(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    spec_document = DocumentField(label=_("Technical specification (document)"), required=False)
    expected_results = forms.CharField(
        max_length=TEXT_MAX,
        label=_("Expected results"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
    )
    activities = LinesField(
        max_length=LONG_TEXT_MAX,
        label=_("Activities (Russian)"),
        help_text=_("One activity per line."),
    )
    activities_kk = LinesField(
        max_length=LONG_TEXT_MAX,
        label=_("Activities (Kazakh)"),
        help_text=_("The same activities in Kazakh, one per line in the same order."),
    )
    indicators = LinesField(
        max_length=LONG_TEXT_MAX,
        label=_("Indicators (Russian)"),
        parts=3,
        help_text=_("One per line: name; unit; planned value — e.g. “Seminars held; pcs; 12”."),
    )
    indicators_kk = LinesField(
        max_length=LONG_TEXT_MAX,
        label=_("Indicator names (Kazakh)"),
        help_text=_("The names of the same indicators in Kazakh, one per line in the same order."),
    )
    target_groups = LinesField(
        max_length=LONG_TEXT_MAX,
        label=_("Target groups"),
        parts=2,
        help_text=_("One per line: group; planned coverage — e.g. “Young people; 300”."),
    )
    first_due = date_field(_("First interim report due"), required=False)
    second_due = date_field(_("Second interim report due"), required=False)
    final_due = date_field(
        _("Final report due"),
        required=False,
        help_text=_(
            "Leave the due dates empty to use the default: a third, two thirds and the end of the period."
        ),
    )

    def clean_supplier_bin(self):
        value = self.cleaned_data["supplier_bin"].strip()
        validate_bin(value)
        supplier = Organisation.objects.filter(bin=value, kind=Organisation.Kind.NGO).first()
        if supplier is None:
            raise forms.ValidationError(
                _("The supplier with BIN %(bin)s is not in the NGO registry.") % {"bin": value}
            )
        self.supplier = supplier
        return value

    def _paired(self, russian, kazakh, field):
        """X-I18N: the Kazakh lines match the Russian ones one for one."""
        if len(kazakh) != len(russian):
            self.add_error(
                field,
                _("Write %(n)d lines in Kazakh, one for each line in Russian (now %(m)d).")
                % {"n": len(russian), "m": len(kazakh)},
            )
            return None
        return kazakh

    def _pair_languages(self, data):
        if "activities" in data and "activities_kk" in data:
            kazakh = self._paired(data["activities"], data["activities_kk"], "activities_kk")
            if kazakh is not None:
                data["activities"] = list(zip(kazakh, data["activities"], strict=True))
        if "indicators" in data and "indicators_kk" in data:
            kazakh = self._paired(data["indicators"], data["indicators_kk"], "indicators_kk")
            if kazakh is not None:
                data["indicators"] = [
                    ((kk, name), unit, planned)
                    for kk, (name, unit, planned) in zip(kazakh, data["indicators"], strict=True)
                ]

    def clean_indicators(self):
        rows = []
        for name, unit, planned in self.cleaned_data["indicators"]:
            try:
                value = Decimal(planned.replace(",", ".").replace(" ", ""))
                if not value.is_finite():  # NaN, Infinity
                    raise ArithmeticError
            except ArithmeticError:
                raise forms.ValidationError(
                    _("The planned value of “%(name)s” must be a number.") % {"name": name}
                ) from None
            if value < 0:
                raise forms.ValidationError(
                    _("The planned value of “%(name)s” must be zero or more.") % {"name": name}
                )
            rows.append((name, unit, value))
        return rows

    def clean_target_groups(self):
        rows = []
        for name, planned in self.cleaned_data["target_groups"]:
            if not planned.isdecimal():  # not isdigit(): "²" is a digit that int() refuses
                raise forms.ValidationError(
                    _("The planned coverage of “%(name)s” must be a whole number.") % {"name": name}
                )
            rows.append((name, int(planned)))
        return rows

    def clean(self):
        data = super().clean()
        starts, ends = data.get("starts_on"), data.get("ends_on")
        if starts and ends and ends < starts:
            self.add_error("ends_on", _("The implementation cannot end before it starts."))
        dues = [data.get("first_due"), data.get("second_due"), data.get("final_due")]
        if any(dues) and not all(dues):
            self.add_error("final_due", _("Give all three due dates or none."))
        self._pair_languages(data)
        return data

    def schedule(self):
        data = self.cleaned_data
        if not data.get("final_due"):
            return None
        return [
            (1, ReportStage.Kind.FIRST_INTERIM, data["first_due"]),
            (2, ReportStage.Kind.SECOND_INTERIM, data["second_due"]),
            (3, ReportStage.Kind.FINAL, data["final_due"]),
        ]


class StatusForm(forms.Form):
    status = forms.ChoiceField(label=_("New status"), choices=Contract.Status.choices)
    reason = forms.CharField(label=_("Reason"), max_length=1000, required=False)


class ActForm(forms.Form):
    """The act of services rendered (§20, E-6)."""

    signed_on = forms.DateField(
        label=_("Act signed on"), widget=forms.DateInput(attrs={"type": "date"})
    )
    portal_reference = forms.CharField(label=_("Portal reference of the act"), max_length=300)


class LotStatusForm(forms.Form):
    status = forms.ChoiceField(label=_("New status"), choices=Lot.Status.choices)


class PassportForm(forms.Form):
    goals_tasks = forms.CharField(
        max_length=LONG_TEXT_MAX,
        label=_("Goals and tasks"),
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
    )
    expected_results = forms.CharField(
        max_length=LONG_TEXT_MAX,
        label=_("Expected results"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
    )
    budget = forms.DecimalField(
        label=_("Project budget, tenge"),
        max_digits=16,
        decimal_places=2,
        min_value=Decimal("0.01"),
        required=False,
    )
    budget_notes = forms.CharField(
        max_length=LONG_TEXT_MAX,
        label=_("Budget breakdown"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
    )
    work_done = forms.CharField(
        max_length=LONG_TEXT_MAX,
        label=_("Description of the work done"),
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
    )
    team = LinesField(
        max_length=LONG_TEXT_MAX,
        label=_("Team"),
        parts=3,
        help_text=_("One person per line: name; role; experience."),
    )
    partners = LinesField(
        max_length=LONG_TEXT_MAX,
        label=_("Partner organisations"),
        parts=3,
        help_text=_("One per line: kind; name; joint work."),
    )
    publications = LinesField(
        max_length=LONG_TEXT_MAX,
        label=_("Media publications"),
        parts=4,
        help_text=_("One per line: outlet; title; date (DD.MM.YYYY); link."),
    )
    proposals = LinesField(
        max_length=LONG_TEXT_MAX,
        label=_("Proposals of topics for the next period"),
        help_text=_("One topic per line; they go to the body's proposals pool."),
    )
    attachment = DocumentField(label=_("Attach a file"), required=False)

    def __init__(self, *args, target_groups=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.target_groups = list(target_groups)
        for group in self.target_groups:
            self.fields[f"reached_{group.pk}"] = forms.IntegerField(
                label=_("Reached: %(group)s (planned %(planned)s)")
                % {"group": group.name, "planned": group.planned},
                min_value=0,
                max_value=MAX_COUNT,
                required=False,
            )

    def clean_team(self):
        return [{"name": n, "role": r, "experience": e} for n, r, e in self.cleaned_data["team"]]

    def clean_partners(self):
        return [
            {"kind": k, "name": n, "joint_work": j} for k, n, j in self.cleaned_data["partners"]
        ]

    def clean_publications(self):
        rows = []
        for number, (outlet, title, day, link) in enumerate(self.cleaned_data["publications"], 1):
            try:
                published = forms.DateField(input_formats=DATE_FORMATS).clean(day)
            except forms.ValidationError:
                raise forms.ValidationError(
                    _("Line %(n)d: write the date as DD.MM.YYYY.") % {"n": number}
                ) from None
            if link:
                try:
                    link = forms.URLField(assume_scheme="https").clean(link)
                except forms.ValidationError:
                    raise forms.ValidationError(
                        _("Line %(n)d: the link is not a valid web address.") % {"n": number}
                    ) from None
            rows.append({"outlet": outlet, "title": title, "published_on": published, "url": link})
        return rows

    def reached(self):
        return {g.pk: self.cleaned_data.get(f"reached_{g.pk}") for g in self.target_groups}


class ReportForm(forms.Form):
    team_composition = forms.CharField(
        max_length=LONG_TEXT_MAX,
        label=_("Team composition"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
    )
    about_project = forms.CharField(
        max_length=LONG_TEXT_MAX,
        label=_("About the project"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
    )
    main_work = forms.CharField(
        max_length=LONG_TEXT_MAX,
        label=_("Description of the main work"),
        widget=forms.Textarea(attrs={"rows": 5}),
        required=False,
    )
    satisfaction_results = forms.CharField(
        max_length=LONG_TEXT_MAX,
        label=_("Satisfaction survey results"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
    )
    financial_report = forms.CharField(
        max_length=LONG_TEXT_MAX,
        label=_("Financial report"),
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
    )
    attachment = DocumentField(label=_("Attach a file"), required=False)

    def __init__(self, *args, indicators=(), target_groups=(), is_final=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.indicators, self.target_groups = list(indicators), list(target_groups)
        if not is_final:
            self.fields["financial_report"].help_text = _("Required on the final report only.")
        for ind in self.indicators:
            self.fields[f"ind_{ind.pk}"] = forms.DecimalField(
                label=_("Actual: %(name)s (planned %(planned)s %(unit)s)")
                % {"name": ind.name, "planned": f"{ind.planned.normalize():f}", "unit": ind.unit},
                min_value=0,
                max_digits=14,
                decimal_places=2,
                required=False,
            )
        for group in self.target_groups:
            self.fields[f"tg_{group.pk}"] = forms.IntegerField(
                label=_("Coverage reached: %(group)s (planned %(planned)s)")
                % {"group": group.name, "planned": group.planned},
                min_value=0,
                max_value=MAX_COUNT,
                required=False,
            )

    def section_values(self):
        data = self.cleaned_data
        fields = {
            f: data.get(f, "")
            for f in (
                "team_composition",
                "about_project",
                "main_work",
                "satisfaction_results",
                "financial_report",
            )
        }
        fields["indicator_actuals"] = {
            str(i.pk): str(data[f"ind_{i.pk}"])
            for i in self.indicators
            if data.get(f"ind_{i.pk}") is not None
        }
        fields["coverage_reached"] = {
            str(g.pk): data[f"tg_{g.pk}"]
            for g in self.target_groups
            if data.get(f"tg_{g.pk}") is not None
        }
        return fields


def _import_help():
    from django.conf import settings
    from django.utils.translation import gettext

    return gettext("Allowed: %(types)s; at most %(mb)d MB per file.") % {
        "types": "csv, xlsx",
        "mb": settings.UPLOAD_MAX_BYTES // (1024 * 1024),
    }


class ImportForm(forms.Form):
    file = forms.FileField(
        label=_("File (.csv or .xlsx)"),
        help_text=lazy(_import_help, str)(),
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,.xlsx"}),
    )
    dry_run = forms.BooleanField(
        label=_("Dry run: only check and show what would change"), required=False, initial=True
    )


IMPORT_COLUMNS = COLUMNS

from django import forms
from django.utils.translation import gettext_lazy as _

from tapsyrys.core.forms import DocumentField
from tapsyrys.core.models import Area, ServiceType

from .models import (
    COMMENT_MAX_LENGTH,
    JUSTIFICATION_MAX_LENGTH,
    NAME_MAX_LENGTH,
    Evidence,
    EvidenceKind,
    Topic,
)


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


class CycleOpenForm(forms.Form):
    year = forms.IntegerField(label=_("Year of implementation"), min_value=2018, max_value=2100)
    budget_limit = forms.CharField(
        max_length=30,
        label=_("Budget limit (thousand tenge)"),
        required=False,
        help_text=_("Optional: the sum of the planned topics may not exceed it (§5)."),
    )


class LimitForm(forms.Form):
    budget_limit = forms.CharField(
        max_length=30, label=_("Budget limit (thousand tenge)"), required=False
    )


class TopicForm(forms.Form):
    theme_kk = forms.CharField(label=_("Theme (Kazakh)"), max_length=500)
    theme_ru = forms.CharField(label=_("Theme (Russian)"), max_length=500)
    area = forms.ModelChoiceField(label=_("Area"), queryset=Area.objects.none())
    financing = forms.CharField(
        max_length=30,
        label=_("Planned financing (thousand tenge)"),
        help_text=_("An exact amount, e.g. 12500 or 12500,5."),
    )
    sources = forms.ModelMultipleChoiceField(
        label=_("Sources of information"),
        queryset=Evidence.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text=_("Cite at least one source from your register (§7.1)."),
    )
    # X-I18N: each text in Kazakh and in Russian; a draft may lack one language, publishing
    # the topics for discussion needs both (services.require_bilingual_topics)
    justification_kk = forms.CharField(
        label=_("Justification (Kazakh)"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=4000,
        required=False,
    )
    justification_ru = forms.CharField(
        label=_("Justification (Russian)"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=4000,
        required=False,
    )
    target_group_kk = forms.CharField(
        label=_("Target population group (Kazakh)"), max_length=500, required=False
    )
    target_group_ru = forms.CharField(
        label=_("Target population group (Russian)"), max_length=500, required=False
    )
    expected_result_kk = forms.CharField(
        label=_("Expected result (Kazakh)"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=4000,
        required=False,
    )
    expected_result_ru = forms.CharField(
        label=_("Expected result (Russian)"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=4000,
        required=False,
    )
    summary_kk = forms.CharField(
        label=_("Summary of the project (Annex 3, Kazakh)"),
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
        max_length=4000,
    )
    summary_ru = forms.CharField(
        label=_("Summary of the project (Annex 3, Russian)"),
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
        max_length=4000,
        help_text=_(
            "Every text is published in Kazakh and in Russian: fill in both before "
            "placing the topics for discussion."
        ),
    )

    def __init__(self, *args, cycle, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["area"].queryset = Area.objects.filter(
            edition_numbers__edition_id=cycle.edition_id
        ).order_by("edition_numbers__number")
        self.fields["area"].label_from_instance = lambda a: a.name
        self.fields["sources"].queryset = Evidence.objects.filter(
            body_id=cycle.body_id
        ).select_related("area")
        # E-9: an evaluation's results name their area and project
        self.fields["sources"].label_from_instance = lambda e: (
            f"{e} · {e.area.name}" if e.area_id else str(e)
        )


class EvidenceForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind of source"), choices=EvidenceKind.choices)
    title_kk = forms.CharField(label=_("Title (Kazakh)"), max_length=500, required=False)
    title_ru = forms.CharField(
        label=_("Title (Russian)"),
        max_length=500,
        required=False,
        help_text=_("A source cited by a published topic needs its title in both languages."),
    )
    date = forms.DateField(label=_("Date of the document"), widget=DateInput())
    description = forms.CharField(
        label=_("Description"),
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
        max_length=4000,
    )
    document = DocumentField(label=_("Document"), required=False)


class CommentForm(forms.Form):
    author_name = forms.CharField(label=_("Your name or organisation"), max_length=NAME_MAX_LENGTH)
    author_contact = forms.CharField(label=_("E-mail or phone"), max_length=NAME_MAX_LENGTH)
    remark = forms.CharField(
        max_length=COMMENT_MAX_LENGTH,
        label=_("Remark"),
        widget=forms.Textarea(attrs={"rows": 3, "maxlength": COMMENT_MAX_LENGTH}),
        required=False,
    )
    proposal = forms.CharField(
        max_length=COMMENT_MAX_LENGTH,
        label=_("Proposal"),
        widget=forms.Textarea(attrs={"rows": 3, "maxlength": COMMENT_MAX_LENGTH}),
        required=False,
    )

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        if user is not None and user.is_authenticated:
            self.fields["author_name"].required = False
            self.fields["author_contact"].required = False
            self.fields["author_name"].initial = str(user)
            self.fields["author_contact"].initial = user.email


class DecideForm(forms.Form):
    outcome = forms.ChoiceField(
        label=_("Decision"),
        choices=[("accepted", _("Accepted")), ("rejected", _("Rejected"))],
        widget=forms.RadioSelect,
    )
    justification = forms.CharField(
        max_length=JUSTIFICATION_MAX_LENGTH,
        label=_("Justification (required for a rejection)"),
        widget=forms.Textarea(attrs={"rows": 2, "maxlength": JUSTIFICATION_MAX_LENGTH}),
        required=False,
    )


class HideForm(forms.Form):
    reason = forms.CharField(label=_("Why is it hidden?"), max_length=300)


class RecommendForm(forms.Form):
    recommendation = forms.ChoiceField(
        label=_("Council recommendation"), choices=Topic.Recommendation.choices
    )
    recommendation_text = forms.CharField(
        label=_("Recommendation"),
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
        max_length=4000,
    )


class SpecForm(forms.Form):
    included = forms.BooleanField(label=_("Include in the list of topics"), required=False)
    tech_spec = DocumentField(label=_("Draft technical specification"), required=False)
    service_types = forms.ModelMultipleChoiceField(
        label=_("Service types (Standard)"),
        queryset=ServiceType.objects.all(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["service_types"].label_from_instance = lambda s: s.name


class BudgetForm(forms.Form):
    approved_on = forms.DateField(label=_("Budget approved on"), widget=DateInput())

    def __init__(self, *args, topics, **kwargs):
        super().__init__(*args, **kwargs)
        self.topics = topics
        for topic in topics:
            self.fields[f"amount_{topic.pk}"] = forms.CharField(
                label=f"{topic.number}. {topic.theme}",
                initial=topic.approved_amount
                if topic.approved_amount is not None
                else topic.financing,
                help_text=_("Approved amount, thousand tenge"),
            )

    def amounts(self):
        return {t.pk: self.cleaned_data.get(f"amount_{t.pk}") for t in self.topics}

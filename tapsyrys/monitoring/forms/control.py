"""Forms of the control of reports and special control (M-5, M-7)."""

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from tapsyrys.contracting.models import TEXT_MAX
from tapsyrys.core.files import DOCUMENT_TYPES
from tapsyrys.core.forms import DateField

from ..models import ControlDecision, ReportReview
from ..services.control import MAX_FILES


def upload_hint():
    return _("Allowed: %(types)s; at most %(mb)d MB per file.") % {
        "types": ", ".join(sorted(set(DOCUMENT_TYPES.values()))),
        "mb": settings.UPLOAD_MAX_BYTES // (1024 * 1024),
    }


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput())
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        single = super().clean
        if isinstance(data, (list, tuple)):
            return [single(d, initial) for d in data if d]
        return [single(data, initial)] if data else []


class RequestForm(forms.Form):
    subject = forms.CharField(label=_("Subject"), max_length=300)
    text = forms.CharField(
        label=_("What is requested"), max_length=TEXT_MAX, widget=forms.Textarea(attrs={"rows": 5})
    )
    due_date = DateField(
        label=_("Answer by"), help_text=_("Due until 23:59:59 Asia/Almaty of that day.")
    )


class AnswerForm(forms.Form):
    answer = forms.CharField(
        label=_("Answer"), max_length=TEXT_MAX, widget=forms.Textarea(attrs={"rows": 6})
    )
    files = MultipleFileField(label=_("Files"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["files"].help_text = (
            str(_("At most %(n)s files.") % {"n": MAX_FILES}) + " " + str(upload_hint())
        )


class ReviewForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("Decision"), choices=ReportReview.Decision.choices, widget=forms.RadioSelect
    )
    remarks = forms.CharField(
        label=_("Remarks"),
        max_length=TEXT_MAX,
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("Required when the report is returned."),
    )
    incomplete_sections = forms.MultipleChoiceField(
        label=_("Sections found incomplete"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Marking a section returns the report as incomplete."),
    )

    def __init__(self, *args, sections=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["incomplete_sections"].choices = [(f, label) for f, label in sections]


class DecisionForm(forms.Form):
    kind = forms.ChoiceField(label=_("Decision"), choices=ControlDecision.Kind.choices)
    remarks = forms.CharField(
        label=_("Remarks"),
        max_length=TEXT_MAX,
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    new_due_date = DateField(
        label=_("New due date"), required=False, help_text=_("For a correction request.")
    )
    refund_amount = forms.CharField(
        label=_("Refund amount, tenge"),
        required=False,
        max_length=30,
        help_text=_("For a refund: more than 0, at most the contract amount."),
    )
    document = forms.FileField(label=_("Document"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["document"].help_text = upload_hint()

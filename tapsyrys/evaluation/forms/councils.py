"""Forms of the councils part: the announcement, the self-nomination, the composition and the
approval. The Annex 6 notice uses the Annex 4 form of monitoring (the same five questions)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from tapsyrys.core.forms import DocumentField
from tapsyrys.monitoring.forms.experts import NoticeForm

DATE_FORMATS = ["%Y-%m-%d", "%d.%m.%Y"]


class AnnounceForm(forms.Form):
    announcement = forms.CharField(
        label=_("Text of the announcement"),
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 6}),
    )
    first_year = forms.TypedChoiceField(label=_("The term starts in"), coerce=int)

    def __init__(self, *args, years=(), **kwargs):
        super().__init__(*args, **kwargs)
        next_year, this_year = years
        self.fields["first_year"].choices = [
            (next_year, _("%(first)s (the term %(first)s–%(last)s)")
             % {"first": next_year, "last": next_year + 2}),
            (this_year, _("%(first)s, the current year (the term %(first)s–%(last)s)")
             % {"first": this_year, "last": this_year + 2}),
        ]  # fmt: skip
        self.fields["first_year"].initial = next_year


class NominationForm(forms.Form):
    about = forms.CharField(
        label=_("About you: your experience in the area, why you wish to serve on the council"),
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 5}),
    )


class FormFromNominationsForm(forms.Form):
    include = forms.MultipleChoiceField(
        label=_("Include in the composition"),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )

    def __init__(self, *args, nominations=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["include"].choices = [(str(n.pk), str(n.candidate)) for n in nominations]


class FormAloneForm(forms.Form):
    members = forms.CharField(
        label=_("Members: their e-mail addresses or user names, one per line"),
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 5}),
    )


class ApproveForm(forms.Form):
    approved_on = forms.DateField(
        label=_("Approved by the Council for Interaction and Cooperation with NGOs on"),
        input_formats=DATE_FORMATS,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    approval_reference = forms.CharField(
        label=_("Approving document (number, name)"), max_length=300
    )
    approval_document = DocumentField(label=_("The document (PDF, optional)"), required=False)


class MemberNoticeForm(NoticeForm):
    """Annex 6: the five questions of Annex 4 (the same form); question 1's answer of a
    MemberNotice is `member_answer` (its `member` is the membership)."""

    def __init__(self, *args, notice=None, **kwargs):
        super().__init__(*args, notice=notice, **kwargs)
        if notice is not None and not self.is_bound:
            self.initial["member"] = "yes" if notice.member_answer else "no"

"""Forms of the experts part: the Annex 4 notice and the body's choice of the expert."""

from django import forms
from django.utils.translation import gettext_lazy as _

from tapsyrys.monitoring.models import NOTICE_QUESTIONS

# The five questions of Annex 4 as the form asks them (the form itself is in publishing/annex4).
QUESTION_LABELS = {
    "member": _("Are you a member (participant) or a founder of a non-governmental "
                "organisation?"),
    "governing": _("Are you a member of a governing body or the head of a non-governmental "
                   "organisation? (Give the governing body, the NGO and your position.)"),
    "payments": _("In the last three years, have you received payment for services rendered "
                  "or direct financial support from a non-governmental organisation? (Which "
                  "services, which NGO.)"),
    "family": _("Do you have close family ties with employees of a non-governmental "
                "organisation? (The employee's full name, the NGO where they work, the degree "
                "of kinship.)"),
    "other": _("Do you have any other potential conflict of interest? (If yes, say which.)"),
}  # fmt: skip
YES_NO = [("no", _("No")), ("yes", _("Yes"))]


class NoticeForm(forms.Form):
    declares_conflict = forms.TypedChoiceField(
        label=_("I notify"),
        choices=[
            ("no", _("the absence of a conflict of interest")),
            ("yes", _("the presence of a conflict of interest")),
        ],
        coerce=lambda v: v == "yes",
        widget=forms.RadioSelect,
        initial="no",
    )

    def __init__(self, *args, notice=None, **kwargs):
        super().__init__(*args, **kwargs)
        for question, names_ngos in NOTICE_QUESTIONS:
            self.fields[question] = forms.TypedChoiceField(
                label=QUESTION_LABELS[question],
                choices=YES_NO,
                coerce=lambda v: v == "yes",
                widget=forms.RadioSelect,
                initial="no",
            )
            if names_ngos:
                self.fields[f"{question}_ngos"] = forms.CharField(
                    label=_("BINs of the NGOs (from the registry), separated by commas"),
                    required=False,
                    max_length=600,
                )
            self.fields[f"{question}_details"] = forms.CharField(
                label=_("Details"),
                required=False,
                max_length=2000,
                widget=forms.Textarea(attrs={"rows": 2}),
            )
        if notice is not None and not self.is_bound:
            self.initial["declares_conflict"] = "yes" if notice.declares_conflict else "no"
            for question, names_ngos in NOTICE_QUESTIONS:
                self.initial[question] = "yes" if getattr(notice, question) else "no"
                self.initial[f"{question}_details"] = getattr(notice, f"{question}_details")
                if names_ngos:
                    self.initial[f"{question}_ngos"] = ", ".join(
                        o.bin for o in getattr(notice, f"{question}_ngos").all()
                    )

    def questions(self):
        """The bound fields per question, for the template: (answer, ngos or None, details)."""
        for question, names_ngos in NOTICE_QUESTIONS:
            yield (
                self[question],
                self[f"{question}_ngos"] if names_ngos else None,
                self[f"{question}_details"],
            )


class AssignForm(forms.Form):
    expert = forms.IntegerField(label=_("Expert"), min_value=1, max_value=2**31 - 1)

"""Forms of the sheets part: the Annex 7 sheet (four whole scores 1–5 with explanations,
recommendations) and a member's declaration of a conflict of interest."""

from django import forms
from django.utils.translation import gettext_lazy as _

from tapsyrys.evaluation.rules.sheets import COMMENT_MAX, CRITERIA, SCORE_MAX, SCORE_MIN

CRITERION_LABELS = {
    "results": _("1. Results of the social project (activities and their timing against the "
                 "schedule, methods and procedures, goals reached)"),
    "positive_effect": _("2. Positive effect on goals in socially significant areas (interest "
                         "and satisfaction of the target audience, coverage, concrete results)"),
    "continuation": _("3. Probability of continuing the activities started (sustainability)"),
    "long_term_effect": _("4. Probability of a long-term positive social effect (satisfaction "
                          "of the target group with the service)"),
}  # fmt: skip
SCORE_ERRORS = {
    "invalid": _("A score is a whole number from 1 to 5."),
    "min_value": _("A score is a whole number from 1 to 5."),
    "max_value": _("A score is a whole number from 1 to 5."),
}


class SheetForm(forms.Form):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for code in CRITERIA:
            self.fields[code] = forms.IntegerField(
                label=CRITERION_LABELS[code],
                min_value=SCORE_MIN,
                max_value=SCORE_MAX,
                required=False,
                error_messages=SCORE_ERRORS,
                widget=forms.NumberInput(attrs={"step": 1, "data-testid": f"score-{code}"}),
            )
            self.fields[f"{code}_comment"] = forms.CharField(
                label=_("Explanation, comments, recommendations"),
                max_length=COMMENT_MAX,
                required=False,
                widget=forms.Textarea(attrs={"rows": 2, "data-testid": f"comment-{code}"}),
            )
        self.fields["recommendations"] = forms.CharField(
            label=_("Recommendations and proposals"),
            max_length=COMMENT_MAX,
            required=False,
            widget=forms.Textarea(attrs={"rows": 3, "data-testid": "recommendations"}),
        )

    def score_rows(self):
        return [(self[code], self[f"{code}_comment"]) for code in CRITERIA]


class DeclareForm(forms.Form):
    details = forms.CharField(
        label=_("What is the conflict of interest?"),
        max_length=COMMENT_MAX,
        widget=forms.Textarea(attrs={"rows": 2, "data-testid": "declare-details"}),
    )

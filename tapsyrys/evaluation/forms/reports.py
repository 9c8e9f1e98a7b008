from django import forms
from django.utils.translation import gettext_lazy as _


class PostingForm(forms.Form):
    """The posting of the Annex 8 report on the public procurement web portal (§19)."""

    posted_on = forms.DateField(
        label=_("Posted on the portal on"), widget=forms.DateInput(attrs={"type": "date"})
    )
    portal_reference = forms.CharField(label=_("Portal reference"), max_length=300)

from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.utils.translation import gettext_lazy as _


class SignInForm(AuthenticationForm):
    username = forms.CharField(
        label=_("Username"), max_length=150, widget=forms.TextInput(attrs={"autofocus": True})
    )
    password = forms.CharField(label=_("Password"), strip=False, widget=forms.PasswordInput)


class DateField(forms.DateField):
    """A date typed as dd.mm.yyyy whatever the browser's locale (X-I18N)."""

    widget = forms.DateInput(
        format="%d.%m.%Y",
        attrs={
            "placeholder": _("dd.mm.yyyy"),
            "pattern": r"\d{2}\.\d{2}\.\d{4}",
            "inputmode": "numeric",
            "autocomplete": "off",
        },
    )

    def __init__(self, **kwargs):
        kwargs.setdefault("input_formats", ["%d.%m.%Y", "%Y-%m-%d"])
        super().__init__(**kwargs)

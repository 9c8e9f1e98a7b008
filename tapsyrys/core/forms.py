from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.utils.functional import lazy
from django.utils.translation import gettext
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


def _document_help():
    from django.conf import settings

    from .files import DOCUMENT_TYPES

    return gettext("Allowed: %(types)s; at most %(mb)d MB per file.") % {
        "types": ", ".join(sorted(set(DOCUMENT_TYPES.values()))),
        "mb": settings.UPLOAD_MAX_BYTES // (1024 * 1024),
    }


# What core.files.store_upload accepts, said at the field (issue 13); read when shown, so it
# follows UPLOAD_MAX_BYTES and the language of the request.
document_help = lazy(_document_help, str)


def document_accept():
    from .files import DOCUMENT_TYPES

    return ",".join(f".{ext}" for ext in sorted(set(DOCUMENT_TYPES.values())))


class DocumentField(forms.FileField):
    """A document upload that states its allowed types and size limit (core.files)."""

    def __init__(self, **kwargs):
        kwargs.setdefault("help_text", document_help())
        super().__init__(**kwargs)
        self.widget.attrs.setdefault("accept", document_accept())

from django import forms
from django.conf import settings
from django.contrib.auth import forms as auth_forms
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _


class PasswordPairMixin:
    """Two password fields that must agree."""

    def clean(self):
        data = super().clean()
        if data.get("password1") and data.get("password1") != data.get("password2"):
            self.add_error("password2", _("The two passwords differ."))
        return data


class SignUpForm(PasswordPairMixin, forms.Form):
    username = forms.CharField(label=_("Username"), max_length=150)
    full_name = forms.CharField(label=_("Your full name"), max_length=200)
    email = forms.EmailField(
        label=_("E-mail"), help_text=_("We send a link to confirm the address.")
    )
    language = forms.ChoiceField(label=_("Language"), choices=settings.LANGUAGES)
    password1 = forms.CharField(label=_("Password"), widget=forms.PasswordInput)
    password2 = forms.CharField(label=_("Password again"), widget=forms.PasswordInput)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["language"].initial = (get_language() or settings.LANGUAGE_CODE)[:2]


class AcceptInvitationForm(PasswordPairMixin, forms.Form):
    username = forms.CharField(label=_("Username"), max_length=150)
    password1 = forms.CharField(label=_("Password"), widget=forms.PasswordInput)
    password2 = forms.CharField(label=_("Password again"), widget=forms.PasswordInput)


# --- Passwords: the site's own pages (not the admin's) -------------------------------------------
# Django's auth catalogue has no Kazakh, so the labels and the rules are ours (kk/ru/en).

PASSWORD_RULES = _(
    "At least 8 characters, not only digits, not a common password and not like your name, "
    "username or e-mail."
)


def _own_password_labels(form, labels):
    for name, label in labels.items():
        form.fields[name].label = label
    for name in ("new_password1", "new_password2"):
        if name in form.fields:
            form.fields[name].help_text = ""
    if "new_password1" in form.fields:
        form.fields["new_password1"].help_text = PASSWORD_RULES


class PasswordChangeForm(auth_forms.PasswordChangeForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _own_password_labels(
            self,
            {
                "old_password": _("Current password"),
                "new_password1": _("New password"),
                "new_password2": _("New password again"),
            },
        )


class SetPasswordForm(auth_forms.SetPasswordForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _own_password_labels(
            self, {"new_password1": _("New password"), "new_password2": _("New password again")}
        )


class PasswordResetForm(auth_forms.PasswordResetForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["email"].label = _("E-mail")
        self.fields["email"].help_text = _("The address your account was registered with.")

"""Pages of accounts: a citizen's sign-up, the e-mail confirmation link, accepting an
invitation."""

from django.contrib import messages
from django.contrib.auth import login
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from tapsyrys.core.errors import ApplicationError
from tapsyrys.core.extensions import app_modules

from . import services
from .forms import AcceptInvitationForm, SignUpForm
from .throttle import signup_allowed

TOO_MANY = 429


def form_error(form, exc: ApplicationError, rename=None):
    field = (rename or {}).get(exc.field, exc.field)
    form.add_error(field if field in form.fields else None, str(exc.message))


def signup_options(request):
    """Other ways to get an account (e.g. registering an NGO), from each app's `signup.py`."""
    options = [opt for module in app_modules("signup") for opt in module.options(request)]
    return sorted(options, key=lambda o: o.get("order", 0))


def throttled_page(request, template, context):
    return render(
        request,
        template,
        {**context, "throttled": _("Too many sign-ups from your address. Try again later.")},
        status=TOO_MANY,
    )


def signup(request):
    if request.user.is_authenticated:
        messages.info(request, _("You are signed in already."))
        return redirect("portal:dashboard")
    form = SignUpForm(request.POST or None)
    next_url = request.POST.get("next") or request.GET.get("next") or ""
    if not url_has_allowed_host_and_scheme(next_url, allowed_hosts={request.get_host()}):
        next_url = ""  # back to the page that sent here (e.g. a self-nomination form) after sign-in
    context = {"form": form, "options": signup_options(request), "next": next_url}
    if request.method == "POST":
        if not signup_allowed(request):
            return throttled_page(request, "core/accounts/signup.html", context)
        if form.is_valid():
            data = form.cleaned_data
            try:
                user = services.citizen_signup(
                    username=data["username"],
                    password=data["password1"],
                    full_name=data["full_name"],
                    email=data["email"],
                    language=data["language"],
                )
            except ApplicationError as exc:
                form_error(form, exc, rename={"password": "password1"})
            else:
                return render(
                    request,
                    "core/accounts/signup_done.html",
                    {"email": user.email, "next": next_url},
                    status=201,
                )
    return render(request, "core/accounts/signup.html", context)


def confirm_email(request, token):
    try:
        user = services.email_confirm(token=token)
    except ApplicationError as exc:
        return render(request, "core/accounts/message.html", {"error": exc.message}, status=400)
    messages.success(request, _("Thank you: your e-mail address is confirmed."))
    if request.user.is_authenticated and request.user.pk == user.pk:
        return redirect("portal:dashboard")
    return redirect("login")


def accept_invitation(request, token):
    try:
        invitation = services.invitation_get(token)
    except ApplicationError as exc:
        return render(request, "core/accounts/message.html", {"error": exc.message}, status=400)
    form = AcceptInvitationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            user = services.invitation_accept(
                token=token,
                username=form.cleaned_data["username"],
                password=form.cleaned_data["password1"],
                language=(get_language() or "kk")[:2],
            )
        except ApplicationError as exc:
            form_error(form, exc, rename={"password": "password1"})
        else:
            login(request, user, backend="tapsyrys.core.backends.ModelBackend")
            messages.success(request, _("Welcome! Your account is ready."))
            return redirect("portal:dashboard")
    return render(
        request, "core/accounts/accept_invitation.html", {"form": form, "invitation": invitation}
    )

import logging
import sys

from django.conf import settings
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.db import InterfaceError, OperationalError
from django.http import HttpResponse, JsonResponse
from django.middleware.csrf import get_token
from django.shortcuts import get_object_or_404, redirect, render
from django.template import loader
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.csrf import requires_csrf_token
from django.views.decorators.http import require_POST

from . import services
from .audit import history_for, history_object
from .forms import SignInForm
from .models import Notification
from .permissions import guard


class SignInView(auth_views.LoginView):
    form_class = SignInForm
    redirect_authenticated_user = True


@login_required
def notification_list(request):
    notes = request.user.notifications.all()[:200]
    return render(request, "core/notifications.html", {"notifications": notes})


@login_required
@require_POST
def notification_read(request, pk):
    note = get_object_or_404(Notification, pk=pk, recipient=request.user)
    services.notification_mark_read(notification=note, actor=request.user)
    target = note.url if note.url and url_has_allowed_host_and_scheme(note.url, None) else None
    return redirect(target or "notifications")


@login_required
def object_history(request, app_label, model, pk):
    obj = history_object(app_label, model, pk)
    guard(request.user, "core.history.view", obj)
    events, versions = history_for(obj)
    return render(
        request, "core/history.html", {"object": obj, "events": events, "versions": versions}
    )


def set_language(request):
    """Django's set_language, remembering the choice on the account too (X-I18N). A visitor's
    language links are GETs (`?language=kk&next=…`): they only set the language cookie, so the
    public pages hold no form and can be shared from the cache (issue 8)."""
    from django.views.i18n import set_language as django_set_language

    if request.method == "GET" and not request.user.is_authenticated:
        return _visitor_language(request)
    response = django_set_language(request)
    language = request.POST.get("language")
    if (
        request.method == "POST"
        and request.user.is_authenticated
        and language in dict(settings.LANGUAGES)
        and request.user.language != language
    ):
        services.user_set_language(user=request.user, language=language)
    return response


def _visitor_language(request):
    target = request.GET.get("next") or "/"
    if not url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        target = "/"
    response = redirect(target)
    language = request.GET.get("language")
    if language in dict(settings.LANGUAGES):
        response.set_cookie(
            settings.LANGUAGE_COOKIE_NAME,
            language,
            max_age=settings.LANGUAGE_COOKIE_AGE,
            path=settings.LANGUAGE_COOKIE_PATH,
            domain=settings.LANGUAGE_COOKIE_DOMAIN,
            secure=settings.LANGUAGE_COOKIE_SECURE,
            httponly=settings.LANGUAGE_COOKIE_HTTPONLY,
            samesite=settings.LANGUAGE_COOKIE_SAMESITE,
        )
    return response


def file_download(request, pk):
    """Serve a stored file only to those allowed to read it (never from a public folder)."""
    from django.http import FileResponse

    from .files import StoredFile

    stored = get_object_or_404(StoredFile, pk=pk)
    guard(request.user, "core.file.view", stored)  # anonymous → sign in (GuardMiddleware)
    response = FileResponse(
        stored.file.open("rb"),
        as_attachment=True,
        filename=stored.original_name,
        content_type=stored.content_type,
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response


# --- Error pages ---------------------------------------------------------------------------------
# 403 and 404 are Django's handlers with our 403.html / 404.html (the full layout, with the
# signed-in user's menu). 500 and 503 render without any context processor and without the
# database: the site layout, the language switch and a way back, nothing that queries.

logger = logging.getLogger("tapsyrys.errors")


def is_database_outage(exception):
    return isinstance(exception, (OperationalError, InterfaceError))


def _render_without_database(request, template_name, status):
    context = {"request": request, "csrf_token": get_token(request), "status": status}
    body = loader.get_template(template_name).render(context)  # no request: no processors
    return HttpResponse(body, status=status)


def service_unavailable(request, exception=None):
    """503 while the database cannot be reached: a page, or JSON under /api/."""
    logger.error("database unavailable: %s", exception, exc_info=exception is not None)
    message = _(
        "The service is temporarily unavailable: the database cannot be reached. "
        "Please try again in a minute."
    )
    if request.path.startswith("/api/"):
        response = JsonResponse({"detail": message}, status=503)
    else:
        response = _render_without_database(request, "503.html", 503)
    response["Retry-After"] = "60"
    return response


@requires_csrf_token
def server_error(request):
    """handler500: an unreachable database is a 503; anything else is our own 500 page."""
    exception = sys.exc_info()[1]
    if is_database_outage(exception):
        return service_unavailable(request, exception)
    if request.path.startswith("/api/"):
        return JsonResponse({"detail": _("Server error. The team has been told.")}, status=500)
    return _render_without_database(request, "500.html", 500)

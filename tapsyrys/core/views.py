from django.conf import settings
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
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
    """Django's set_language, remembering the choice on the account too (X-I18N)."""
    from django.views.i18n import set_language as django_set_language

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

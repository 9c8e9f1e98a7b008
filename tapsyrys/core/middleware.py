from django.conf import settings
from django.utils import translation


class UserLanguageMiddleware:
    """A signed-in user without a language cookie gets the language saved on the account."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        # In process_view, not __call__: only here has AuthenticationMiddleware set request.user
        # and LocaleMiddleware (which would overwrite the choice) already run, wherever this
        # middleware is listed.
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated or request.path.startswith("/api/"):
            return None
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        if chosen is None:
            if user.language:
                translation.activate(user.language)
                request.LANGUAGE_CODE = user.language
        elif chosen != user.language and chosen in dict(settings.LANGUAGES):
            # The language chosen before signing in (the switch sets only the cookie then) is
            # the one this person reads: the account keeps it, so notices and e-mails, which
            # are rendered in the account's language, read in it too (X-NOTIFY, issue 13).
            self._remember(user, chosen)
        return None

    @staticmethod
    def _remember(user, language):
        from django.db import DatabaseError

        from .services import user_set_language

        try:
            user_set_language(user=user, language=language)
            user.language = language
        except DatabaseError:  # a read-only or unavailable database: the next request retries
            pass


class ContentSecurityPolicyMiddleware:
    """Every response carries settings.CONTENT_SECURITY_POLICY (a dict directive → sources):
    scripts only from this origin (the vendored htmx and Chart.js, the apps' static files),
    never inline. A view that sets its own header keeps it."""

    def __init__(self, get_response):
        self.get_response = get_response
        policy = getattr(settings, "CONTENT_SECURITY_POLICY", None) or {}
        self.header = "; ".join(
            " ".join([directive, *sources]) for directive, sources in policy.items()
        )

    def __call__(self, request):
        response = self.get_response(request)
        if self.header and "Content-Security-Policy" not in response:
            response["Content-Security-Policy"] = self.header
        return response


class DatabaseOutageMiddleware:
    """A view that fails because the database is unreachable answers 503 (a translated page,
    or JSON under /api/) instead of 500. Failures outside a view (a middleware reading the
    session or the user) reach core.views.server_error, which answers the same way."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        from .views import is_database_outage, service_unavailable

        if is_database_outage(exception):
            return service_unavailable(request, exception)
        return None

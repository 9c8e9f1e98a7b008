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
        if (
            user is not None
            and user.is_authenticated
            and settings.LANGUAGE_COOKIE_NAME not in request.COOKIES
            and user.language
            and not request.path.startswith("/api/")
        ):
            translation.activate(user.language)
            request.LANGUAGE_CODE = user.language
        return None

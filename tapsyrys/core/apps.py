from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "tapsyrys.core"
    label = "core"
    verbose_name = _("Organisations and reference data")

    def ready(self):
        from . import checks, permissions, public_cache  # noqa: F401  (checks: unregistered rule names)
        from .accounts import permissions as _accounts  # noqa: F401  (not an app of its own)
        from .extensions import app_modules

        public_cache.connect()  # every write bumps its app's data version (issue 8)

        # Each app's permission rules register themselves on import.
        for _module in app_modules("permissions"):
            pass

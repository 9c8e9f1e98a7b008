from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CalendarConfig(AppConfig):
    name = "tapsyrys.calendar"
    label = "workcalendar"
    verbose_name = _("Working-day calendar")

    def ready(self):
        from . import selectors, services  # noqa: F401  (signal receivers)

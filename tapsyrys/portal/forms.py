from django import forms
from django.utils.translation import gettext_lazy as _

from tapsyrys.calendar.rules import MAX_WORKING_DAYS, check_calendar_date
from tapsyrys.core.forms import DateField


class DeadlineForm(forms.Form):
    start = DateField(
        label=_("Placement (start) date"),
        help_text=_("The period starts on the next day. Format: dd.mm.yyyy."),
    )
    working_days = forms.IntegerField(
        label=_("Working days"),
        min_value=0,
        max_value=MAX_WORKING_DAYS,
        initial=10,
        error_messages={
            "max_value": _("At most %(limit_value)s working days can be counted."),
            "min_value": _("The number of working days cannot be negative."),
        },
    )

    def clean_start(self):
        try:
            return check_calendar_date(self.cleaned_data["start"])
        except ValueError as exc:
            raise forms.ValidationError(str(exc)) from None

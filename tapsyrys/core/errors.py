"""Errors that the UI and the API both render as a clear, translated message."""

from django.utils.translation import gettext_lazy as _


class ApplicationError(Exception):
    """A business rule refused the operation. `field` names the input at fault, if any."""

    status_code = 400
    default_message = _("The operation is not allowed.")

    def __init__(self, message=None, *, field=None, code=None, extra=None):
        self.message = message or self.default_message
        self.field = field
        self.code = code or self.__class__.__name__
        self.extra = extra or {}
        super().__init__(str(self.message))

    def as_dict(self):
        body = {"detail": str(self.message), "code": self.code}
        if self.field:
            body["field"] = self.field
            body["errors"] = {self.field: [str(self.message)]}
        body.update(self.extra)
        return body


class TransitionNotAllowed(ApplicationError):
    status_code = 409
    default_message = _("This change of status is not allowed.")


class NotPermitted(ApplicationError):
    status_code = 403
    default_message = _("You do not have permission to do this.")

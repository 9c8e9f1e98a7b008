"""Model fields shared by the apps."""

from django.core.validators import MaxLengthValidator
from django.db import models


class BoundedTextField(models.TextField):
    """A long free text with a maximum length that the model enforces too (full_clean):
    Django's TextField passes max_length to forms and DRF only (issue 7)."""

    def __init__(self, *args, max_length, **kwargs):
        super().__init__(*args, max_length=max_length, **kwargs)
        self.validators.append(MaxLengthValidator(self.max_length))

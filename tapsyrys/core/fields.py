"""Model fields shared by the apps."""

from django.core.validators import MaxLengthValidator
from django.db import models
from django.db.models.expressions import OrderBy


class BoundedTextField(models.TextField):
    """A long free text with a maximum length that the model enforces too (full_clean):
    Django's TextField passes max_length to forms and DRF only (issue 7)."""

    def __init__(self, *args, max_length, **kwargs):
        super().__init__(*args, max_length=max_length, **kwargs)
        self.validators.append(MaxLengthValidator(self.max_length))


class NullsLastIndex(models.Index):
    """An index with `desc(nulls_last=True)` columns. SQLite (the embedded default) cannot
    declare NULLS LAST in an index, only in ORDER BY: there the same columns are indexed
    without it, which SQLite's planner uses for the filter and sorts the page itself."""

    def create_sql(self, model, schema_editor, using="", **kwargs):
        if schema_editor.connection.vendor == "postgresql":
            return super().create_sql(model, schema_editor, using=using, **kwargs)
        plain = self.clone()
        plain.expressions = tuple(
            OrderBy(e.expression, descending=e.descending) if isinstance(e, OrderBy) else e
            for e in self.expressions
        )
        return models.Index.create_sql(plain, model, schema_editor, using=using, **kwargs)

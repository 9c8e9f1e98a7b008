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


@models.CharField.register_lookup
class AnyOf(models.Lookup):
    """`number__any_of=[…]`: `= ANY(array)` on PostgreSQL — one parameter however long the list,
    where `__in` sends one placeholder a value (the import looks up thousands of keys at once,
    issue 8); `IN (…)` elsewhere."""

    lookup_name = "any_of"
    prepare_rhs = False

    def get_prep_lookup(self):
        return [str(value) for value in self.rhs]

    def as_sql(self, compiler, connection):
        lhs, lhs_params = self.process_lhs(compiler, connection)
        values = list(self.rhs)
        if connection.vendor == "postgresql":
            return f"{lhs} = ANY(%s::text[])", [*lhs_params, values]
        if not values:
            return "1 = 0", list(lhs_params)
        marks = ", ".join(["%s"] * len(values))
        return f"{lhs} IN ({marks})", [*lhs_params, *values]

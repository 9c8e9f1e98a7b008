"""Every free-text field has a maximum length in the model, the forms and the serializers
(issue 7): a 10 MB registration description or passport field is refused everywhere."""

import importlib
import inspect

import pytest
from django import forms
from django.apps import apps
from django.db import models
from rest_framework import serializers

from tapsyrys.core.fields import BoundedTextField


def _modules(suffixes):
    found = []
    for app in sorted(apps.get_app_configs(), key=lambda a: a.name):
        if not app.name.startswith("tapsyrys."):
            continue
        for suffix in suffixes:
            name = f"{app.name}.{suffix}"
            try:
                found.append(importlib.import_module(name))
            except ModuleNotFoundError:
                continue
    return found


# Not typed by people: derived or loaded from the reference tables.
MODEL_EXEMPT = {
    "core.DueItem.rule_kk",
    "core.DueItem.rule_ru",
    "core.DueItem.rule_en",
    "core.DueItem.explanation_kk",
    "core.DueItem.explanation_ru",
    "core.DueItem.explanation_en",
    "core.Outbox.body",
    "core.Outbox.last_error",
    "core.Organisation.search_text",
    "core.Notification.body",
    "core.EvaluationCriterion.name_kk",
    "core.EvaluationCriterion.name_ru",
    "core.EvaluationCriterion.name_en",
    "core.GrantCriterion.name_kk",
    "core.GrantCriterion.name_ru",
    "core.GrantCriterion.name_en",
}


def test_every_model_text_field_is_bounded_in_the_model():
    unbounded = []
    for model in apps.get_models():
        if not model.__module__.startswith("tapsyrys.") or model.__name__.startswith("Historical"):
            continue
        for field in model._meta.get_fields():
            if not isinstance(field, models.TextField) or not field.editable:
                continue
            label = f"{model._meta.label}.{field.name}"
            if label in MODEL_EXEMPT:
                continue
            if not isinstance(field, BoundedTextField):
                unbounded.append(label)
    assert unbounded == [], "\n".join(unbounded)


def _unbounded_form_fields(form_class):
    out = []
    for name, field in form_class.base_fields.items():
        if (
            isinstance(field, forms.CharField)
            and not isinstance(field, forms.ChoiceField)
            and field.max_length is None
            and not isinstance(field.widget, forms.PasswordInput)
        ):
            out.append(f"{form_class.__module__}.{form_class.__name__}.{name}")
    return out


def test_every_form_text_field_has_a_max_length():
    unbounded = []
    for module in _modules(["forms", "core.accounts.forms"]):
        for _name, obj in inspect.getmembers(module, inspect.isclass):
            if issubclass(obj, forms.BaseForm) and obj.__module__ == module.__name__:
                unbounded += _unbounded_form_fields(obj)
    assert unbounded == [], "\n".join(unbounded)


def _serializer_char_fields(field, path):
    if isinstance(field, serializers.ListField):
        yield from _serializer_char_fields(field.child, path + "[]")
    elif isinstance(field, serializers.DictField):
        yield from _serializer_char_fields(field.child, path + "{}")
    elif isinstance(field, serializers.CharField) and not field.read_only:
        yield path, field


# Serializers of answers only (never given data).
SERIALIZER_EXEMPT = {
    "HistoryChangeSerializer",
    "HistoryEventSerializer",
    "HistoryObjectSerializer",
    "HistoryVersionSerializer",
    "LedgerObjectSerializer",
}


def test_every_serializer_text_field_has_a_max_length():
    unbounded = []
    for module in _modules(["apis", "core.accounts.apis"]):
        for _name, obj in inspect.getmembers(module, inspect.isclass):
            if not (issubclass(obj, serializers.Serializer) and obj.__module__ == module.__name__):
                continue
            if obj.__name__ in SERIALIZER_EXEMPT:
                continue
            for name, field in obj().fields.items():
                for path, f in _serializer_char_fields(field, f"{obj.__name__}.{name}"):
                    if f.max_length is None:
                        unbounded.append(path)
    assert unbounded == [], "\n".join(unbounded)


@pytest.mark.parametrize("value", ["x" * 4000, "x" * 4001])
def test_bounded_text_field_is_enforced_by_full_clean(value):
    from django.core.exceptions import ValidationError

    field = BoundedTextField(max_length=4000)
    if len(value) <= 4000:
        field.run_validators(value)
    else:
        with pytest.raises(ValidationError):
            field.run_validators(value)

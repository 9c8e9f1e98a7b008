"""Factories shared by every app's tests."""

import itertools

import factory

from tapsyrys.core.bin import complete_bin
from tapsyrys.core.models import Organisation, Region, RoleAssignment, User

_bin_counter = itertools.count(1)


def next_bin(prefix="2203") -> str:
    """A fresh valid BIN (12 digits, correct check digit)."""
    while True:
        candidate = complete_bin(f"{prefix}40{next(_bin_counter):05d}")
        if candidate:
            return candidate


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation

    kind = Organisation.Kind.NGO
    bin = factory.LazyFunction(next_bin)
    name_kk = factory.Sequence(lambda n: f"«Үміт-{n}» қоғамдық бірлестігі")
    name_ru = factory.Sequence(lambda n: f"Общественное объединение «Умит-{n}»")
    name_en = factory.Sequence(lambda n: f"Umit-{n} public association")
    short_name_ru = factory.Sequence(lambda n: f"ОО «Умит-{n}»")
    legal_form = Organisation.LegalForm.PUBLIC_ASSOCIATION
    region = factory.LazyFunction(lambda: Region.objects.get(code="astana"))
    email = factory.Sequence(lambda n: f"ngo{n}@example.kz")
    is_verified = True


class StateBodyFactory(OrganisationFactory):
    kind = Organisation.Kind.STATE_BODY
    level = Organisation.Level.REGIONAL
    legal_form = Organisation.LegalForm.STATE_INSTITUTION
    name_kk = factory.Sequence(lambda n: f"Облыс әкімдігі {n}")
    name_ru = factory.Sequence(lambda n: f"Акимат области {n}")
    name_en = factory.Sequence(lambda n: f"Regional akimat {n}")
    short_name_ru = ""
    is_verified = False


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.Sequence(lambda n: f"user{n}@example.kz")
    full_name = factory.Sequence(lambda n: f"Пользователь {n}")
    language = "en"
    password = factory.PostGenerationMethodCall("set_password", "pass-1234-word")

    @factory.post_generation
    def roles(self, create, extracted, **kwargs):
        for role in extracted or ():
            RoleAssignment.objects.create(user=self, role=role)
        self.__dict__.pop("_role_codes", None)
        if create:
            self.save()

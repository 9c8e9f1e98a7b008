"""X-ORG: the BIN check digit, the model validator, and organisation_create."""

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from tapsyrys.core import services
from tapsyrys.core.bin import bin_check_digit, complete_bin, is_valid_bin, validate_bin
from tapsyrys.core.errors import ApplicationError
from tapsyrys.core.models import AuditEvent, Organisation, Region

from .factories import OrganisationFactory, next_bin

# Published BINs of well-known legal entities (banks, a ministry): all valid.
REAL_LOOKING = ["971240001315", "940140000385", "990740000683", "941040000196", "990340001121"]
# 11 digits for which both weighted sums leave remainder 10: no valid 12th digit exists.
DOUBLE_TEN = ["10044000058", "10044000139", "10044000481"]


@pytest.mark.parametrize("value", REAL_LOOKING)
def test_x_org_bin_real_looking_bins_are_valid(value):
    assert is_valid_bin(value)
    validate_bin(value)


@pytest.mark.parametrize("first11", ["05034000001", "10044000050", "22034000001", "00000000000"])
def test_x_org_bin_complete_bin_makes_a_valid_bin(first11):
    value = complete_bin(first11)
    assert value is not None
    assert value.startswith(first11)
    assert len(value) == 12
    assert is_valid_bin(value)
    # every other check digit is wrong
    others = [f"{first11}{d}" for d in range(10) if str(d) != value[-1]]
    assert not any(is_valid_bin(o) for o in others)


def test_x_org_bin_first_remainder_10_uses_the_second_weights():
    # 1·1+0·2+0·3+4·4+4·5+0+0+0+0+5·10+0·11 = 87 → 87 mod 11 = 10 → second weights give 5
    assert bin_check_digit("10044000050") == 5
    assert is_valid_bin("100440000505")


@pytest.mark.parametrize("first11", DOUBLE_TEN)
def test_x_org_bin_remainder_10_twice_has_no_valid_bin(first11):
    assert bin_check_digit(first11) is None
    assert complete_bin(first11) is None
    for digit in range(10):
        assert not is_valid_bin(f"{first11}{digit}")
        with pytest.raises(ValidationError):
            validate_bin(f"{first11}{digit}")


@pytest.mark.parametrize(
    ("value", "code"),
    [
        ("971240001316", "bin_check_digit"),  # wrong check digit
        ("971240001310", "bin_check_digit"),
        ("97124000131", "bin_format"),  # 11 digits
        ("9712400013150", "bin_format"),  # 13 digits
        ("97124000131A", "bin_format"),  # a letter
        ("9712-4000131", "bin_format"),
        (" 71240001315", "bin_format"),
        ("", "bin_format"),
        ("٩٧١٢٤٠٠٠١٣١٥", "bin_format"),  # Arabic-Indic digits are not ASCII digits
        (971240001315, "bin_format"),  # not a string
    ],
)
def test_x_org_bin_invalid(value, code):
    assert not is_valid_bin(value)
    with pytest.raises(ValidationError) as info:
        validate_bin(value)
    assert info.value.code == code


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("en", "The BIN 971240001316 has a wrong check digit."),
        ("en", "A BIN has exactly 12 digits."),
    ],
)
def test_x_org_full_clean_refuses_a_bad_bin(language, expected):
    value = "971240001316" if "check" in expected else "1234"
    org = OrganisationFactory.build(bin=value, region=Region.objects.get(code="astana"))
    with translation.override(language), pytest.raises(ValidationError) as info:
        org.full_clean()
    assert "bin" in info.value.message_dict
    with translation.override(language):
        assert info.value.message_dict["bin"] == [expected]


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["kk", "ru"])
def test_x_org_bin_message_is_translated(language):
    """The message goes through gettext in the active language (the catalogue supplies it)."""
    from django.utils.translation import gettext

    org = OrganisationFactory.build(bin="971240001316", region=Region.objects.get(code="astana"))
    with translation.override(language), pytest.raises(ValidationError) as info:
        org.full_clean()
    with translation.override(language):
        expected = gettext("The BIN %(value)s has a wrong check digit.") % {"value": "971240001316"}
        assert info.value.message_dict["bin"] == [expected]


@pytest.mark.django_db
def test_x_org_organisation_create_happy_path(admin_user):
    org = services.organisation_create(
        actor=admin_user,
        kind=Organisation.Kind.NGO,
        bin=next_bin(),
        name_kk="«Жарқын» қоғамдық бірлестігі",
        name_ru="Общественное объединение «Жаркын»",
        region=Region.objects.get(code="almaty"),
    )
    assert org.pk
    event = AuditEvent.objects.get(action="core.organisation.created")
    assert event.object_id == str(org.pk)
    assert event.actor == admin_user
    assert event.data == {"bin": org.bin}


@pytest.mark.django_db
def test_x_org_organisation_create_refuses_a_duplicate_bin_and_writes_nothing(ngo):
    before_orgs, before_events = Organisation.objects.count(), AuditEvent.objects.count()
    with translation.override("en"), pytest.raises(ApplicationError) as info:
        services.organisation_create(
            kind=Organisation.Kind.NGO,
            bin=ngo.bin,
            name_kk="Басқа ұйым",
            name_ru="Другая организация",
        )
    assert info.value.field == "bin"
    assert "BIN" in str(info.value.message)
    assert Organisation.objects.count() == before_orgs
    assert AuditEvent.objects.count() == before_events


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"bin": "971240001316"}, "bin"),
        ({"bin": "12345"}, "bin"),
        ({"name_kk": ""}, "name_kk"),
        ({"name_ru": ""}, "name_ru"),
    ],
)
def test_x_org_organisation_create_refuses_bad_input_naming_the_field(fields, field):
    values = {
        "kind": Organisation.Kind.NGO,
        "bin": next_bin(),
        "name_kk": "Ұйым",
        "name_ru": "Организация",
        **fields,
    }
    before = Organisation.objects.count()
    with pytest.raises(ApplicationError) as info:
        services.organisation_create(**values)
    assert info.value.field == field
    assert Organisation.objects.count() == before


@pytest.mark.parametrize("first", ["1004400005", "100440000505", ""])
def test_x_org_bin_check_digit_needs_exactly_eleven_digits(first):
    """A wrong length is a programming error (zip(strict=True)), never a made-up check digit."""
    with pytest.raises(ValueError):
        bin_check_digit(first)


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("97124000131", "A BIN has exactly 12 digits."),
        ("97124000131A", "A BIN has exactly 12 digits."),
        ("971240001316", "The BIN 971240001316 has a wrong check digit."),
    ],
)
def test_x_org_bin_message_names_the_problem(value, message):
    with translation.override("en"):
        with pytest.raises(ValidationError) as info:
            validate_bin(value)
        assert info.value.messages == [message]

"""BIN/IIN check digit (X-ORG): 12 digits; the 12th is a weighted sum mod 11.

Weights 1..11; when the remainder is 10 the second weights 3..11,1,2 are used; a second
remainder of 10 means the number cannot be valid.
"""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

WEIGHTS_1 = (1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11)
WEIGHTS_2 = (3, 4, 5, 6, 7, 8, 9, 10, 11, 1, 2)


def bin_check_digit(first11: str) -> int | None:
    digits = [int(c) for c in first11]
    control = sum(d * w for d, w in zip(digits, WEIGHTS_1, strict=True)) % 11
    if control == 10:
        control = sum(d * w for d, w in zip(digits, WEIGHTS_2, strict=True)) % 11
    return None if control == 10 else control


def is_valid_bin(value: str) -> bool:
    if not isinstance(value, str) or len(value) != 12 or not value.isascii() or not value.isdigit():
        return False
    return bin_check_digit(value[:11]) == int(value[11])


def validate_bin(value):
    if not isinstance(value, str) or len(value) != 12 or not (value.isascii() and value.isdigit()):
        raise ValidationError(_("A BIN has exactly 12 digits."), code="bin_format")
    if not is_valid_bin(value):
        raise ValidationError(
            _("The BIN %(value)s has a wrong check digit."),
            code="bin_check_digit",
            params={"value": value},
        )


def complete_bin(first11: str) -> str | None:
    """The valid 12-digit BIN for 11 leading digits, or None when none exists (demo data)."""
    check = bin_check_digit(first11)
    return None if check is None else f"{first11}{check}"

"""Money is exact (X-MONEY): Decimal tenge in the database, shown with thin-space grouping."""

from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

THIN_SPACE = "\u202f"
TIYN = Decimal("0.01")
THOUSAND = Decimal("1000")


def to_decimal(value) -> Decimal | None:
    """An exact Decimal of a number or of its text (spaces, thin spaces, a decimal comma), or
    None when it is none: empty, None, not a number, NaN or infinite."""
    if isinstance(value, float):
        value = repr(value)
    try:
        result = Decimal(str(value).replace(THIN_SPACE, "").replace(" ", "").replace(",", "."))
    except InvalidOperation:
        return None
    return result if result.is_finite() else None


def group(value, places=2, sep=THIN_SPACE, decimal_sep=","):
    """12345678.5 → '12 345 678,50' (thin spaces)."""
    if value is None:
        return ""
    # a float by its shortest repr: Decimal(2.675) is 2.67499… and would round down
    exact = to_decimal(value) if isinstance(value, float) else Decimal(value)
    amount = exact.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)
    sign = "-" if amount < 0 else ""
    whole, _, frac = f"{abs(amount):f}".partition(".")
    groups = []
    while whole:
        groups.insert(0, whole[-3:])
        whole = whole[:-3]
    text = sep.join(groups)  # never empty: f"{0:f}" is "0"
    return f"{sign}{text}{decimal_sep}{frac}" if places else f"{sign}{text}"


def tenge_to_thousands(value) -> Decimal:
    """Annex forms show thousand tenge (X-I18N)."""
    return (Decimal(value) / THOUSAND).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)

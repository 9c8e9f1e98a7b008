"""What the parts' APIs share."""

from django.utils.translation import gettext_lazy as _

from tapsyrys.contracting.models import Contract
from tapsyrys.core.errors import ApplicationError

MAX_ID = 2**31 - 1


def contract_or_error(value, field="contract"):
    """The contract of an id given in the body or the query: 400 naming the field for junk
    or an unknown id (the URL itself names no contract)."""
    if value is None or not str(value).isdecimal() or int(value) > MAX_ID:
        raise ApplicationError(_("Give the contract's id (a whole number)."), field=field)
    contract = Contract.objects.select_related("body", "supplier").filter(pk=int(value)).first()
    if contract is None:
        raise ApplicationError(_("No such contract."), field=field)
    return contract

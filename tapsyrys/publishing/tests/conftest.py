"""The ledger tests publish formation's annexes: formation's cycle fixtures, shared."""

from tapsyrys.formation.tests.conftest import (  # noqa: F401
    _clear_rate_limit,
    area,
    evidence,
    make_cycle,
    published,
)

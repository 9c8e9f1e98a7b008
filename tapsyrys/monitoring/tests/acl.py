"""Monitoring's rows of the X-ACL matrix, from each part's `acl_<part>.py`."""

from tapsyrys.api.tests.parts import acl_of_parts
from tapsyrys.monitoring.parts import PARTS

ROWS, PUBLIC_URL_NAMES, SCOPED_URL_NAMES, SNAPSHOT_MODELS = acl_of_parts(
    "tapsyrys.monitoring", PARTS
)

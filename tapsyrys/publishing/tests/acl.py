"""Publishing's contribution to the X-ACL matrix: the ledger is public (anyone verifies it)."""

ROWS = []
PUBLIC_URL_NAMES = {"ledger:index", "ledger:download", "ledger:api-list", "ledger:api-detail"}
SCOPED_URL_NAMES = set()

"""Calendar's contribution to the X-ACL matrix: its one endpoint is public."""

ROWS = []
PUBLIC_URL_NAMES = {"api:calendar-deadline"}  # the deadline calculator (X-CAL)
SCOPED_URL_NAMES = set()

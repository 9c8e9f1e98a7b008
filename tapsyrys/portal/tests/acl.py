"""Portal's contribution to the X-ACL matrix: the public pages and the signed-in dashboard."""

ROWS = []
PUBLIC_URL_NAMES = {"portal:home", "portal:calculator", "portal:organisation"}
SCOPED_URL_NAMES = {"portal:dashboard"}  # the caller's own desk (login required)

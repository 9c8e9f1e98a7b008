"""The API wiring's contribution to the X-ACL matrix: the token endpoint is public (a
username and a password; the axes lockout answers 429)."""

ROWS = []
PUBLIC_URL_NAMES = {"api:token"}
SCOPED_URL_NAMES = set()

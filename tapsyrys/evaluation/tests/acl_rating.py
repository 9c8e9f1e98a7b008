"""The rating part's rows of the X-ACL matrix: every URL of the NGO rating is public (P-1,
E-8) and read-only; the NGO page's panel is contracting's public page. Their content for
anyone is checked in test_rating_pages.py (the same answer signed in or not)."""

ROWS = []
PUBLIC_URL_NAMES = {"evaluation:ratings", "api:evaluation-ratings", "api:evaluation-ngo-rating"}
SCOPED_URL_NAMES = set()
SNAPSHOT_MODELS = ("evaluation.NgoRating",)

"""Sign-up is throttled like the NGO registration API: DRF's scoped throttle, scope
`anon_write` (REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"]), per client address. Pages ask
`signup_allowed(request)` before they create anything; APIs set `throttle_classes`."""

from tapsyrys.api.throttling import ScopedRateThrottle

SCOPE = "anon_write"


class _Scope:
    throttle_scope = SCOPE


def signup_allowed(request):
    """Count this attempt; False once the address has used up the scope's rate."""
    return ScopedRateThrottle().allow_request(request, _Scope)

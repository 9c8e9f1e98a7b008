"""Who is calling (issue 7): the client address as seen through a configured number of
trusted reverse proxies. One helper for django-axes (AXES_CLIENT_IP_CALLABLE), the DRF
throttles (`tapsyrys.api.throttling`) and the comment limit (formation).

`TAPSYRYS_TRUSTED_PROXIES = 0` (the default): X-Forwarded-For is ignored, the address is
REMOTE_ADDR. `N > 0`: each trusted proxy appends the address it received the request from,
so the client is the N-th entry from the right of X-Forwarded-For; whatever a client writes
into the header itself stays to the left of it and is never read."""

import ipaddress

from django.conf import settings


def _valid(address):
    try:
        return str(ipaddress.ip_address(address.strip()))
    except ValueError:
        return None


def forwarded_client(remote_addr, forwarded_for, trusted_proxies):
    """The client address from REMOTE_ADDR, the X-Forwarded-For header and the number of
    trusted proxies in front of the application (a pure function, see the module doc)."""
    remote = _valid(remote_addr or "")
    if trusted_proxies <= 0 or not forwarded_for:
        return remote
    hops = [h for h in (p.strip() for p in forwarded_for.split(",")) if h]
    if len(hops) < trusted_proxies:  # did not pass through every proxy: the nearest one
        return remote
    return _valid(hops[-trusted_proxies]) or remote


def client_ip(request):
    """The client address of a Django (or DRF) request; None when it cannot be told."""
    meta = request.META
    return forwarded_client(
        meta.get("REMOTE_ADDR"),
        meta.get("HTTP_X_FORWARDED_FOR"),
        getattr(settings, "TAPSYRYS_TRUSTED_PROXIES", 0),
    )

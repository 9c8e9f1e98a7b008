"""DRF throttles that identify the caller through `tapsyrys.core.client.client_ip` (the
configured number of trusted proxies), so rotating X-Forwarded-For bypasses nothing."""

from rest_framework import throttling

from tapsyrys.core.client import client_ip


class ClientIdentMixin:
    def get_ident(self, request):
        return client_ip(request) or "unknown"


class ScopedRateThrottle(ClientIdentMixin, throttling.ScopedRateThrottle):
    pass


class AnonRateThrottle(ClientIdentMixin, throttling.AnonRateThrottle):
    pass


class UserRateThrottle(ClientIdentMixin, throttling.UserRateThrottle):
    pass

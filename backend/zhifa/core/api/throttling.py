"""Throttles that count a client by the address the trusted-proxy rule resolves (zhifa.core.middleware.
client_ip), the one the audit and access logs record. DRF's own `get_ident` believes a client-sent
X-Forwarded-For, so a client that changed the header every request was never throttled."""

from rest_framework import throttling

from zhifa.core.middleware import client_ip


class ClientAddressMixin:
    def get_ident(self, request):
        return client_ip(request) or ""


class AnonRateThrottle(ClientAddressMixin, throttling.AnonRateThrottle):
    pass


class UserRateThrottle(ClientAddressMixin, throttling.UserRateThrottle):
    pass


class ScopedRateThrottle(ClientAddressMixin, throttling.ScopedRateThrottle):
    pass

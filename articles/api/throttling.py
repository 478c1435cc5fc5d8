"""Throttling of anonymous API requests, at the rate the settings give (API_ANON_RATE)."""

from django.conf import settings
from rest_framework.throttling import AnonRateThrottle


class AnonymousThrottle(AnonRateThrottle):
    """Requests per address; past the rate, 429 with a Retry-After header (DRF's handler)."""

    def get_rate(self):
        return settings.API_ANON_RATE  # read on each request, so a test can lower it

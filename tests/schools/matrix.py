"""This app's rows of the permission matrix (see tests/permissions.py)."""

from tests.permissions import ALL, Endpoint

ENDPOINTS: list[Endpoint] = [
    Endpoint("/s/{npsn}/", ALL),
    Endpoint("/api/v1/schools/{npsn}", ALL, api=True),
]

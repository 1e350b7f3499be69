"""This app's rows of the permission matrix (see tests/test_permission_matrix.py)."""

from tests.permissions import Endpoint

ENDPOINTS: list[Endpoint] = []

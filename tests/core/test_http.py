"""core.http.one_or_404: the row of an already narrowed queryset, or 404 for missing, filtered
out and malformed ids alike."""

import uuid

import pytest
from django.http import Http404

from kombel.core.http import one_or_404
from kombel.schools.models import School
from tests.factories import SchoolFactory

pytestmark = pytest.mark.django_db


def test_the_row_of_the_queryset_or_404():
    own, other = SchoolFactory(), SchoolFactory()
    mine = School.objects.filter(pk=own.pk)
    assert one_or_404(mine, own.pk) == own
    assert one_or_404(mine, str(own.pk)) == own
    for missing in (other.pk, uuid.uuid4(), "not-a-uuid", None, 12):
        with pytest.raises(Http404):
            one_or_404(mine, missing)

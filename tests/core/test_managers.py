"""kombel.core.managers.ScopedManager behaves as django-scopes' ScopedManager."""

import pytest
from django_scopes import ScopeError, scope, scopes_disabled

from kombel.core.models import AuditLog
from tests.factories import SchoolFactory


@pytest.fixture
def two_logs(db):
    own, other = SchoolFactory(), SchoolFactory()
    with scopes_disabled():
        AuditLog.objects.create(school=own, action="test.own")
        AuditLog.objects.create(school=other, action="test.other")
    return own, other


def test_no_scope_refuses_to_query(two_logs):
    with pytest.raises(ScopeError):
        list(AuditLog.objects.all())
    with pytest.raises(ScopeError):
        AuditLog.objects.filter(action="test.own").count()


def test_scope_filters_by_school(two_logs):
    own, other = two_logs
    with scope(school=own.pk):
        assert list(AuditLog.objects.values_list("action", flat=True)) == ["test.own"]
    with scope(school=[own.pk, other.pk]):
        assert AuditLog.objects.count() == 2
    assert list(AuditLog.objects.with_scope(school=other.pk).values_list("action", flat=True)) == [
        "test.other"
    ]


def test_scopes_disabled_sees_everything(two_logs):
    with scopes_disabled():
        assert AuditLog.objects.count() == 2
    assert AuditLog.objects.with_scopes_disabled().count() == 2

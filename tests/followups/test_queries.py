import datetime

from kombel.followups.queries import counts_by_source
from tests.factories import ActionItemFactory

TODAY = datetime.date(2026, 10, 1)


def test_counts_by_source_can_be_limited_to_some_sources(
    school, teacher, in_school, django_assert_num_queries
):
    for source_id in ("a", "a", "b", "c"):
        ActionItemFactory(school=school, owner=teacher, source_id=source_id, due_date=TODAY)
    everything = counts_by_source(school, "communities.meeting", TODAY)
    assert {k: c.total for k, c in everything.items()} == {"a": 2, "b": 1, "c": 1}
    some = counts_by_source(school, "communities.meeting", TODAY, source_ids=["a", "c", "x"])
    assert {k: c.total for k, c in some.items()} == {"a": 2, "c": 1}
    with django_assert_num_queries(0):
        assert counts_by_source(school, "communities.meeting", TODAY, source_ids=[]) == {}

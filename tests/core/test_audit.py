from django.utils import translation

from kombel.core.audit import action_label


def test_action_labels_read_as_words_in_the_users_language():
    with translation.override("en"):
        assert action_label("communities.meeting.updated") == "Meeting: updated"
    with translation.override("id"):
        assert action_label("communities.meeting.updated") == "Pertemuan: diperbarui"
    assert action_label("someapp.unknown.thing") == "someapp.unknown.thing"

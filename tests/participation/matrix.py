"""This app's rows of the permission matrix (see tests/test_permission_matrix.py)."""

from kombel.schools.enums import Role
from tests.permissions import ALL, Endpoint

PARENT, LEADER = Role.PARENT, Role.COMMUNITY_LEADER
# Staff who take part in every forum space.
FORUM_STAFF = frozenset({Role.TEACHER, Role.FACILITATOR, Role.PRINCIPAL})
# "participation.forum": the forum's pages (meetings list included).
FORUM = FORUM_STAFF | {PARENT, LEADER}
# The world's class space: its staff and the parent whose child is in the class.
CLASS_SPACE = FORUM_STAFF | {PARENT}
MODERATORS = frozenset({Role.FACILITATOR, Role.PRINCIPAL})
INVITERS = frozenset({Role.PRINCIPAL, Role.OPERATOR})
FEEDBACK_READERS = FORUM_STAFF | {Role.SUPERVISOR}
ANSWERERS = FORUM_STAFF
INPUT_READERS = FEEDBACK_READERS | {LEADER}
FIGURES = MODERATORS | {Role.SUPERVISOR, Role.MENTOR}

B = "/s/{npsn}/participation"
API = "/api/v1/schools/{npsn}/participation"
THREAD = B + "/threads/{forum_thread.pk}/"
REPLY = B + "/posts/{forum_reply.pk}/"
INV = B + "/invitations/{invitation.pk}/"


def _feedback(sw):  # type: ignore[no-untyped-def]
    child = sw.objects["child_class"]
    return {"child": str(child.pk), f"c{child.pk.hex[:8]}-engagement": "3"}


ENDPOINTS: list[Endpoint] = [
    Endpoint(B + "/", FORUM),
    Endpoint(
        B + "/", MODERATORS, method="POST", data=lambda sw: {"kind": "parents", "title": "Semua"}
    ),
    Endpoint(B + "/spaces/{class_space.pk}/", CLASS_SPACE),
    Endpoint(B + "/spaces/{community_space.pk}/", FORUM),
    Endpoint(B + "/spaces/{class_space.pk}/new/", CLASS_SPACE),
    Endpoint(
        B + "/spaces/{class_space.pk}/new/",
        CLASS_SPACE,
        method="POST",
        data=lambda sw: {"title": "Tanya PR", "body": "Bagaimana cara membantu?"},
    ),
    Endpoint(THREAD, CLASS_SPACE),
    Endpoint(THREAD, CLASS_SPACE, method="POST", data=lambda sw: {"body": "Setuju."}),
    Endpoint(THREAD + "flag/", MODERATORS, method="POST", data=lambda sw: {"action": "lock"}),
    Endpoint(REPLY + "hide/", MODERATORS),
    Endpoint(REPLY + "hide/", MODERATORS, method="POST", data=lambda sw: {"reason": "Pribadi"}),
    Endpoint(REPLY + "show/", MODERATORS, method="POST"),
    Endpoint(REPLY + "report/", CLASS_SPACE),
    Endpoint(REPLY + "report/", CLASS_SPACE, method="POST", data=lambda sw: {"reason": "Kasar"}),
    Endpoint(REPLY + "photo/thumb/", CLASS_SPACE),
    Endpoint(B + "/moderation/", MODERATORS),
    Endpoint(B + "/moderation/{forum_report.pk}/keep/", MODERATORS, method="POST"),
    Endpoint(B + "/invitations/", INVITERS),
    Endpoint(
        B + "/invitations/",
        INVITERS,
        method="POST",
        data=lambda sw: {"role": "community_leader", "name": "Datuk Ismail"},
    ),
    Endpoint(INV, INVITERS),
    Endpoint(INV + "renew/", INVITERS, method="POST"),
    Endpoint(INV + "revoke/", INVITERS, method="POST"),
    Endpoint(B + "/me/", ALL),
    Endpoint(B + "/me/consent/", ALL, method="POST"),
    Endpoint(B + "/me/consent/withdraw/", ALL, method="POST"),
    Endpoint(B + "/me/data.json", ALL),
    Endpoint(B + "/me/data.zip", ALL),
    Endpoint(B + "/me/delete/", ALL, method="POST", data=lambda sw: {"reason": ""}),
    Endpoint(B + "/requests/", INVITERS),
    Endpoint(B + "/requests/{data_request.pk}/complete/", INVITERS, method="POST"),
    Endpoint(B + "/feedback/", frozenset({PARENT})),
    Endpoint(B + "/feedback/", frozenset({PARENT}), method="POST", data=_feedback),
    Endpoint(B + "/feedback/summary/", FEEDBACK_READERS),
    Endpoint(B + "/local/", INPUT_READERS),
    Endpoint(
        B + "/local/",
        frozenset({LEADER}),
        method="POST",
        data=lambda sw: {
            "target": "material",
            "material": str(sw.objects["local_input"].material_id),
            "context": "Sungai Batanghari",
            "resource_kind": "place",
        },
    ),
    Endpoint(B + "/local/{local_input.pk}/", INPUT_READERS),
    Endpoint(
        B + "/local/{local_input.pk}/",
        ANSWERERS,
        method="POST",
        data=lambda sw: {"answer": "Terima kasih, kami pakai.", "accept": "on"},
    ),
    Endpoint(B + "/meetings/", FORUM),
    Endpoint(
        B + "/meetings/",
        MODERATORS,
        method="POST",
        data=lambda sw: {
            "programme": str(sw.objects["forum_programme"].pk),
            "title": "Forum",
            "date": sw.objects["forum_meeting"].date.isoformat(),
            "start_time": "09:00",
            "end_time": "10:00",
            "confirm": "on",
        },
    ),
    Endpoint(B + "/meetings/{forum_meeting.pk}/", MODERATORS),
    Endpoint(
        B + "/meetings/{forum_meeting.pk}/",
        MODERATORS,
        method="POST",
        data=lambda sw: {"participant": str(sw.users[PARENT].pk), "status": "present"},
    ),
    Endpoint(B + "/figures/", FIGURES),
    # API
    Endpoint(API + "/invitations", INVITERS, api=True),
    Endpoint(
        API + "/invitations",
        INVITERS,
        api=True,
        method="POST",
        data=lambda sw: {"role": "community_leader", "name": "Datuk Ismail"},
    ),
    Endpoint(API + "/spaces", FORUM, api=True),
    Endpoint(
        API + "/spaces",
        MODERATORS,
        api=True,
        method="POST",
        data=lambda sw: {
            "kind": "parents",
            "title": "Orang tua program",
            "programme_id": str(sw.objects["forum_programme"].pk),
        },
    ),
    Endpoint(
        API + "/spaces/programme",
        MODERATORS,
        api=True,
        method="POST",
        data=lambda sw: {"programme_id": str(sw.objects["forum_programme"].pk)},
    ),
    Endpoint(API + "/spaces/{class_space.pk}/threads", CLASS_SPACE, api=True),
    Endpoint(
        API + "/spaces/{class_space.pk}/threads",
        CLASS_SPACE,
        api=True,
        method="POST",
        data=lambda sw: {"title": "Tanya", "body": "Isi"},
    ),
    Endpoint(API + "/threads/{forum_thread.pk}/posts", CLASS_SPACE, api=True),
    Endpoint(
        API + "/threads/{forum_thread.pk}/posts",
        CLASS_SPACE,
        api=True,
        method="POST",
        data=lambda sw: {"body": "Setuju"},
    ),
    Endpoint(
        API + "/posts/{forum_reply.pk}/report",
        CLASS_SPACE,
        api=True,
        method="POST",
        data=lambda sw: {"reason": "Kasar"},
    ),
    Endpoint(
        API + "/posts/{forum_reply.pk}/hide",
        MODERATORS,
        api=True,
        method="POST",
        data=lambda sw: {"reason": "Pribadi"},
    ),
    Endpoint(API + "/feedback", frozenset({PARENT}), api=True),
    Endpoint(
        API + "/feedback",
        frozenset({PARENT}),
        api=True,
        method="POST",
        data=lambda sw: {"school_class_id": str(sw.objects["school_class"].pk), "engagement": 4},
    ),
    Endpoint(API + "/feedback/summary", FEEDBACK_READERS, api=True),
    Endpoint(API + "/local-input", INPUT_READERS, api=True),
    Endpoint(
        API + "/local-input",
        frozenset({LEADER}),
        api=True,
        method="POST",
        data=lambda sw: {"target": "theme", "context": "x", "community_id": None},
        ok=(201, 422),
    ),
    Endpoint(
        API + "/local-input/{local_input.pk}/answer",
        ANSWERERS,
        api=True,
        method="POST",
        data=lambda sw: {"answer": "Terima kasih"},
    ),
    Endpoint(API + "/meetings", FORUM, api=True),
    Endpoint(
        API + "/meetings/{forum_meeting.pk}/attendance/{forum_parent.pk}",
        MODERATORS,
        api=True,
        method="PUT",
        data=lambda sw: {"status": "present"},
    ),
    Endpoint(API + "/me/data", ALL, api=True),
    Endpoint(API + "/figures", FIGURES, api=True),
]

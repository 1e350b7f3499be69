"""Reads of learning communities, shared by views, the API and the reminder audience."""

import datetime
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any
from uuid import UUID

from django.db.models import (
    Count,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    prefetch_related_objects,
)
from django.urls import reverse
from django.utils.translation import gettext

from kombel.accounts.models import User
from kombel.communities.enums import COMMUNITY_KIND, MEETING_SOURCE, MeetingStatus
from kombel.communities.models import (
    Community,
    CommunityMember,
    Meeting,
    MeetingAttendance,
    MinuteEntry,
    Practice,
    PracticeFile,
)
from kombel.core.dates import day_text
from kombel.core.expressions import Joined, split_joined
from kombel.core.extensions import SourceInfo, held_and_attendance
from kombel.core.http import one_or_404
from kombel.followups.models import ActionItem
from kombel.followups.queries import ItemCounts, counts_by_source, items_from_sources
from kombel.programs.enums import ATTENDED
from kombel.programs.models import Event
from kombel.schools.enums import TEACHING_ROLES, Grade, Role
from kombel.schools.models import Membership, School, Subject, TeacherProfile


def communities_of_school(school: School) -> QuerySet[Community]:
    """All communities of the school (every staff member sees them all)."""
    return (
        Community.objects.filter(school=school)
        .select_related("facilitator", "programme")
        .prefetch_related("subjects")
        .annotate(member_count=Count("memberships", distinct=True))
        .order_by("name")
    )


def get_community(school: School, pk: UUID | str) -> Community:
    """The school's community, or 404 for missing and foreign alike."""
    return one_or_404(
        Community.objects.filter(school=school)
        .select_related("facilitator", "programme", "school")
        .prefetch_related("subjects"),
        pk,
    )


def get_meeting(school: School, pk: UUID | str) -> Meeting:
    return one_or_404(
        Meeting.objects.filter(school=school).select_related(
            "school",
            "community",
            "community__school",
            "community__facilitator",
            "community__programme",
        ),
        pk,
    )


def get_practice(school: School, pk: UUID | str) -> Practice:
    return one_or_404(
        Practice.objects.filter(school=school)
        .select_related("community", "community__school", "meeting", "subject", "shared_by")
        .prefetch_related("files"),
        pk,
    )


def get_practice_file(school: School, pk: UUID | str) -> PracticeFile:
    return one_or_404(PracticeFile.objects.filter(school=school).select_related("practice"), pk)


def members_of(community: Community, meeting: Meeting | None = None) -> list[User]:
    """The members, by name. They stay on the community (its `memberships` prefetch), so that the
    permission rules asked about it afterwards need no query of their own.

    With a meeting, each member carries `meeting_status`: their attendance there (None when not
    recorded), read in the same query.
    """
    members = CommunityMember.objects.select_related("user").order_by("user__full_name")
    if meeting is not None:
        members = members.annotate(
            meeting_status=Subquery(
                MeetingAttendance.objects.filter(meeting=meeting, user=OuterRef("user")).values(
                    "status"
                )[:1]
            )
        )
    prefetch_related_objects([community], Prefetch("memberships", queryset=members))
    result = []
    for membership in community.memberships.all():
        if meeting is not None:
            membership.user.meeting_status = membership.meeting_status  # type: ignore[attr-defined]
        result.append(membership.user)
    return result


def get_member(community: Community, user_id: Any) -> User | None:
    """A member of the community (or its facilitator) by id; None for anyone else or a bad id."""
    try:
        uuid = UUID(str(user_id))
    except ValueError:
        return None
    return User.objects.filter(pk=uuid, community_memberships__community=community).first()


def meetings_of(community: Community) -> QuerySet[Meeting]:
    return (
        Meeting.objects.filter(community=community)
        .annotate(
            present_count=Count("attendances", filter=Q(attendances__status__in=ATTENDED)),
            entry_count=Count("entries", distinct=True),
        )
        .order_by("date", "start_time")
    )


@dataclass
class MeetingSheet:
    """Everything the meeting screen shows, read in a fixed number of queries."""

    meeting: Meeting
    members: list[tuple[User, str]]  # (member, their AttendanceStatus or "" when not recorded)
    entries: list[MinuteEntry]
    practices: list[Practice]
    items: list[ActionItem]


def meeting_sheet(meeting: Meeting) -> MeetingSheet:
    members = [
        (u, getattr(u, "meeting_status", None) or "")
        for u in members_of(meeting.community, meeting)
    ]
    entries = list(MinuteEntry.objects.filter(meeting=meeting).select_related("author"))
    practices = list(Practice.objects.filter(meeting=meeting).select_related("shared_by"))
    items = items_from_sources(meeting.community.school, MEETING_SOURCE, [meeting.pk]).get(
        str(meeting.pk), []
    )
    return MeetingSheet(meeting, members, entries, practices, items)


@dataclass
class Regularity:
    """How regularly a community meets and follows up (up to `today`)."""

    planned: int = 0  # meetings dated up to today, not cancelled
    held: int = 0  # of those, the ones held (a meeting after today is never counted held)
    present: int = 0  # attendance marks over held meetings
    marked: int = 0
    last_held: datetime.date | None = None
    items: ItemCounts = field(default_factory=ItemCounts)
    dormant: bool = False

    @property
    def attendance_rate(self) -> int | None:
        return round(100 * self.present / self.marked) if self.marked else None

    @property
    def on_time_rate(self) -> int | None:
        due = self.items.done + self.items.overdue
        return round(100 * self.items.on_time / due) if due else None


def regularity(
    school: School, communities: list[Community], today: datetime.date
) -> dict[Any, Regularity]:
    """Regularity of each community, in at most three queries whatever the number of meetings.

    A community is dormant when its last held meeting (or, before any, the start of its
    programme) is more than one and a half intervals before today.
    """
    result = {c.pk: Regularity() for c in communities}
    meeting_community: dict[str, Any] = {}
    rows = Meeting.objects.filter(school=school, community_id__in=list(result)).values_list(
        "pk", "community_id", "status", "date"
    )
    for pk, community_id, status, date in rows:
        meeting_community[str(pk)] = community_id
        r = result[community_id]
        if status == MeetingStatus.CANCELLED or date > today:
            continue  # only what was due by today counts: held never exceeds planned
        r.planned += 1
        if status == MeetingStatus.HELD:
            r.held += 1
            if r.last_held is None or date > r.last_held:
                r.last_held = date
    marks = (
        MeetingAttendance.objects.filter(
            school=school,
            meeting__community_id__in=list(result),
            meeting__status=MeetingStatus.HELD,
            meeting__date__lte=today,
        )
        .values("meeting__community_id")
        .annotate(n=Count("pk"), present=Count("pk", filter=Q(status__in=ATTENDED)))
    )
    for row in marks:
        r = result[row["meeting__community_id"]]
        r.marked, r.present = row["n"], row["present"]
    # One community (its page): read its own meetings' items, not the whole school's.
    source_ids = list(meeting_community) if len(communities) == 1 else None
    for source_id, counts in counts_by_source(
        school, MEETING_SOURCE, today, source_ids=source_ids
    ).items():
        owner_id = meeting_community.get(source_id)
        if owner_id is not None:
            result[owner_id].items.add(counts)
    for c in communities:
        r = result[c.pk]
        since = r.last_held or c.programme.start
        r.dormant = since <= today and today - since > c.dormant_after
    return result


def practices_of_school(
    school: School,
    *,
    q: str = "",
    subject: Any = None,
    grade: int | None = None,
    community: Any = None,
) -> QuerySet[Practice]:
    """Practices shared in all the school's communities, newest first, searchable."""
    qs = Practice.objects.filter(school=school).select_related("community", "subject", "shared_by")
    if q:
        qs = qs.filter(Q(title__icontains=q) | Q(description__icontains=q))
    if subject:
        qs = qs.filter(subject=subject)
    if grade:
        qs = qs.filter(grade=grade)
    if community:
        qs = qs.filter(community=community)
    return qs.annotate(file_count=Count("files")).order_by("-created_at")


@dataclass
class GroupProposal:
    name: str
    subjects: list[Subject]
    grades: list[int]
    members: list[User]
    facilitator: User


def suggest_groups(school: School, min_size: int = 2) -> list[GroupProposal]:
    """Communities proposed from teachers' subjects and grades ("Matematika Kelas VII").

    One group per (subject, grade) with at least `min_size` teachers; the facilitator proposed
    is the group's first internal facilitator, else its first teacher. Nothing is written.
    """
    teacher_ids = set(
        Membership.objects.filter(school=school, role__in=TEACHING_ROLES).values_list(
            "user_id", flat=True
        )
    )
    facilitator_ids = set(
        Membership.objects.filter(school=school, role=Role.FACILITATOR).values_list(
            "user_id", flat=True
        )
    )
    profiles = (
        TeacherProfile.objects.filter(user_id__in=teacher_ids)
        .select_related("user")
        .prefetch_related("subjects")
        .order_by("user__full_name")
    )
    groups: dict[tuple[Any, int], list[User]] = defaultdict(list)
    subjects: dict[Any, Subject] = {}
    for profile in profiles:
        for subject in profile.subjects.all():
            subjects[subject.pk] = subject
            for grade in profile.grades:
                groups[(subject.pk, grade)].append(profile.user)
    proposals = []
    for (subject_id, grade), members in sorted(
        groups.items(), key=lambda kv: (subjects[kv[0][0]].name, kv[0][1])
    ):
        if len(members) < min_size:
            continue
        facilitator = next((u for u in members if u.pk in facilitator_ids), members[0])
        subject = subjects[subject_id]
        proposals.append(
            GroupProposal(
                name=f"{subject.name} Kelas {Grade(grade).label}",
                subjects=[subject],
                grades=[grade],
                members=members,
                facilitator=facilitator,
            )
        )
    return proposals


def community_event_audience(event: Event) -> list[User]:
    """Whom to remind of a programme's community event: members of the meeting communities."""
    community_ids = (
        Meeting.objects.filter(event=event)
        .exclude(status=MeetingStatus.CANCELLED)
        .values("community_id")
    )
    return list(
        User.objects.filter(
            community_memberships__community_id__in=community_ids, is_active=True
        ).distinct()
    )


def meeting_links(event: Event, user: User) -> list[tuple[str, str]]:
    """The event page's way to its meetings, for those who may see communities."""
    if event.kind != COMMUNITY_KIND or not user.has_perm(
        "communities.view_community", event.school
    ):
        return []
    meetings = (
        Meeting.objects.filter(event=event)
        .select_related("community")
        .only("pk", "school_id", "community__name")
        .order_by("community__name")
    )
    npsn = event.school.npsn
    # Several communities meet on one calendar day: each link names its community.
    return [
        (
            gettext("Open the meeting of %(community)s") % {"community": m.community.name},
            reverse("communities:meeting", args=[npsn, m.pk]),
        )
        for m in meetings
    ]


def meeting_path(meeting: Meeting) -> str:
    return reverse("communities:meeting", args=[meeting.school.npsn, meeting.pk])


def meeting_source_info(meeting: Meeting) -> SourceInfo:
    """How a follow-up (RTL) agreed at a meeting names it: the community and the date."""
    return SourceInfo(
        label=f"{meeting.community.name} · {day_text(meeting.date)}",
        url=meeting_path(meeting),
        date=meeting.date,
    )


def school_figures(schools: list[School], today: datetime.date) -> dict[Any, list[Any]]:
    """The summary of schools (core.extensions.SchoolFigures), two queries: community meetings
    held of those planned up to today, and the attendance rate at the held ones."""
    meetings = (
        Meeting.objects.filter(school__in=schools, date__lte=today)
        .exclude(status=MeetingStatus.CANCELLED)
        .values("school_id")
        .annotate(planned=Count("pk"), held=Count("pk", filter=Q(status=MeetingStatus.HELD)))
    )
    marks = (
        MeetingAttendance.objects.filter(
            school__in=schools, meeting__status=MeetingStatus.HELD, meeting__date__lte=today
        )
        .values("school_id")
        .annotate(n=Count("pk"), attended=Count("pk", filter=Q(status__in=ATTENDED)))
    )
    return held_and_attendance(
        schools,
        meetings,
        marks,
        held_label=gettext("Community meetings held"),
        attendance_label=gettext("Meeting attendance"),
    )


def _meeting_names(user: User | None = None) -> Subquery:
    """The names of the communities meeting at the event of the outer query (of those `user`
    belongs to, when given), joined (core.expressions.Joined)."""
    meetings = Meeting.objects.filter(event=OuterRef("pk"))
    if user is not None:
        meetings = meetings.filter(community__memberships__user=user)
    return Subquery(
        meetings.order_by()
        .values("event")
        .annotate(names=Joined("community__name"))
        .values("names")
    )


def community_title_annotations(user: User | None) -> dict[str, Any]:
    """Community slots are named with the communities meeting in them
    (core.extensions.EventTitles): the user's own communities, else every one meeting then."""
    annotations: dict[str, Any] = {"community_names": _meeting_names()}
    if user is not None and user.is_authenticated:
        annotations["my_community_names"] = _meeting_names(user)
    return annotations


def community_event_title(event: Event) -> str | None:
    if event.kind != COMMUNITY_KIND:
        return None
    shown = split_joined(getattr(event, "my_community_names", None)) or split_joined(
        getattr(event, "community_names", None)
    )
    if not shown:
        return None
    if event.title_key:  # a generated name, in the reader's language
        return gettext("Community meeting: %(name)s") % {"name": ", ".join(shown)}
    return f"{event.title}: {', '.join(shown)}"

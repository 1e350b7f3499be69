"""Every way an app plugs into Kombel, listed in one place.

An app registers what it adds in its `AppConfig.ready()`; the part of Kombel that offers the
extension point asks this module. So no app imports the apps above it, and a new app touches only
its own folder plus `INSTALLED_APPS` (pretalx's `signals.py` is the model: each hook is written
down here with what it receives and what it returns).

- capabilities: `register_capabilities(app, {role: {"area.verb", ...}})`, asked by the
  permission rules (schools.roles);
- home panel: `register_home_panel(HomePanel(...))`, asked by the home page;
- school figures: `register_school_figures(SchoolFigures(...))`, asked by the summary of
  their schools that supervisors and district officers see on their home page;
- audit labels: `register_audit_labels(app, objects, verbs)`, asked by the audit log;
- follow-up source: `register_followup_source(FollowupSource(...))`, asked by the tracker;
- API router: `register_api_router(name, router)`, asked by /api/v1/ (`kombel.api`);
- demo step: `register_demo_step(DemoStep(...))`, asked by `kombel seed-demo`/`seed-synthetic`;
- calendar event kind: `register_event_kind(EventKind(...))`, asked by the programme calendar;
- event links: `register_event_links(finder)`, asked by the event page;
- school links: `register_school_link(SchoolLink(...))`, asked by the school's page;
- event titles: `register_event_titles(EventTitles(...))`, asked by the home page, the personal
  feed and the calendar's clash warning;
- synced deletions: `register_synced_deletions(SyncedKind(...))`, asked by the API's
  /schools/{npsn}/deletions (what a client syncing with `updated_since` should drop).

Registering the same name twice replaces the first registration (apps' `ready()` may run more
than once in tests). Core knows no model of the apps above it: objects are typed `Any` here and
each hook's docstring says what they are.
"""

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from django.db.models import Model

from kombel.core.numbers import percent

# --- capabilities ----------------------------------------------------------------------------

_CAPABILITIES: dict[str, dict[str, frozenset[str]]] = {}
_MERGED_CAPABILITIES: dict[str, frozenset[str]] | None = None  # asked on every permission check
_PARTICIPATION: dict[str, frozenset[str]] = {}


def register_capabilities(
    app: str, by_role: dict[str, Iterable[str]], *, participation: Iterable[str] = ()
) -> None:
    """What each role may do in an app's area, added to the one mapping of roles to
    capabilities (`schools.roles.CAPABILITIES`): {"teacher": {"lesson.view", "lesson.write"}}.

    Roles are `schools.enums.Role` values; a capability is "<area>.<verb>", checked by the app's
    rules.py through `schools.rules.can("<area>.<verb>")`.

    Giving someone a role takes holding every capability it carries
    (`schools.access.grantable_roles`), except `participation`: the capabilities that only let a
    person take part as themselves (write their own lesson plan, answer a questionnaire). So
    give those who manage people (the principal) your area's other capabilities too, or they
    can no longer make anyone a teacher.
    """
    global _MERGED_CAPABILITIES
    _CAPABILITIES[app] = {role: frozenset(caps) for role, caps in by_role.items()}
    _PARTICIPATION[app] = frozenset(participation)
    _MERGED_CAPABILITIES = None


def registered_capabilities() -> dict[str, frozenset[str]]:
    """Role -> every capability the apps registered for it."""
    global _MERGED_CAPABILITIES
    if _MERGED_CAPABILITIES is None:
        merged: dict[str, frozenset[str]] = {}
        for by_role in _CAPABILITIES.values():
            for role, caps in by_role.items():
                merged[role] = merged.get(role, frozenset()) | caps
        _MERGED_CAPABILITIES = merged
    return _MERGED_CAPABILITIES


def registered_participation() -> frozenset[str]:
    """Every capability the apps registered as taking part as oneself."""
    return frozenset().union(*_PARTICIPATION.values())


# --- home panels -----------------------------------------------------------------------------


@dataclass(frozen=True)
class HomePanel:
    """A card on the home page.

    `context(request, schools)` gets the request (`request.user` is logged in) and the user's
    schools (a list of School); it returns the panel's data, or None when the panel has nothing
    to show this user. The template is included with that data as `panel`. Keep it to one or two
    queries: every home page pays for every panel.

    `roles`: the panel is asked only for users holding one of these roles (`schools.enums.Role`
    values) in one of their schools; None asks for everyone. Panels show in `order`.
    """

    name: str
    template: str
    context: Callable[[Any, list[Any]], dict[str, Any] | None]
    order: int = 100
    roles: frozenset[str] | None = None


_HOME_PANELS: dict[str, HomePanel] = {}


def register_home_panel(panel: HomePanel) -> None:
    _HOME_PANELS[panel.name] = panel


def home_panels() -> list[HomePanel]:
    return sorted(_HOME_PANELS.values(), key=lambda p: (p.order, p.name))


# --- school figures --------------------------------------------------------------------------

SchoolFigure = tuple[Any, str]  # (label, value as shown: "12/14", "87 %", "3")


@dataclass(frozen=True)
class SchoolFigures:
    """Figures an app adds to the summary of schools (supervisors', district officers' home).

    `figures(schools, today)` gets a list of School and the day; it returns
    {school.pk: [(label, value), ...]} for the schools it has something to say about. It must
    make the same few queries whatever the number of schools (aggregate by school). Shown in
    `order`.
    """

    name: str
    figures: Callable[[list[Any], Any], dict[Any, list[SchoolFigure]]]
    order: int = 100


_SCHOOL_FIGURES: dict[str, SchoolFigures] = {}


def register_school_figures(figures: SchoolFigures) -> None:
    _SCHOOL_FIGURES[figures.name] = figures


def school_figures() -> list[SchoolFigures]:
    return sorted(_SCHOOL_FIGURES.values(), key=lambda f: (f.order, f.name))


def held_and_attendance(
    schools: list[Any],
    activities: Iterable[Mapping[str, Any]],
    marks: Iterable[Mapping[str, Any]],
    *,
    held_label: str,
    attendance_label: str,
) -> dict[Any, list[SchoolFigure]]:
    """The two figures of an app whose activities are planned, held and attended (workshops,
    community meetings): "held/planned" and the attendance rate at the held ones.

    `activities`: rows {"school_id", "planned", "held"}; `marks`: rows {"school_id", "n",
    "attended"} (each an aggregate by school: `.values("school_id").annotate(...)`). A school
    without a planned activity has no figures."""
    by_school = {row["school_id"]: row for row in activities}
    rates = {row["school_id"]: row for row in marks}
    result: dict[Any, list[SchoolFigure]] = {}
    for school in schools:
        row = by_school.get(school.pk)
        if row is None:
            continue
        mark = rates.get(school.pk)
        rate = percent(mark["attended"], mark["n"]) if mark else percent(0, 0)
        result[school.pk] = [
            (held_label, f"{row['held']}/{row['planned']}"),
            (attendance_label, rate),
        ]
    return result


# --- audit labels ----------------------------------------------------------------------------

_AUDIT_OBJECTS: dict[str, Any] = {}
_AUDIT_VERBS: dict[str, Any] = {}


def register_audit_labels(
    app: str, objects: dict[str, Any], verbs: dict[str, Any] | None = None
) -> None:
    """Words for the audit log's action codes "<app>.<object>.<verb>".

    `objects` maps an object word of `app` to its (lazily translated) label; `verbs` adds verbs
    the shared list in `core.audit` lacks, or words them differently, for this app's actions only
    (two apps may say "revoked" of different things). Object and verb are translated apart, so a
    new action needs at most a new word, never a new sentence.
    """
    for key, label in objects.items():
        _AUDIT_OBJECTS[f"{app}.{key}"] = label
    for verb, label in (verbs or {}).items():
        _AUDIT_VERBS[f"{app}.{verb}"] = label


def audit_object_label(app: str, key: str) -> Any | None:
    return _AUDIT_OBJECTS.get(f"{app}.{key}")


def audit_verb_label(app: str, verb: str) -> Any | None:
    return _AUDIT_VERBS.get(f"{app}.{verb}")


# --- follow-up sources -----------------------------------------------------------------------


@dataclass(frozen=True)
class SourceInfo:
    """What a follow-up shows of the thing it came from."""

    label: str  # "Komunitas Matematika · 4 Desember 2026"
    url: str  # the page of the source (a path), "" when it has none
    date: Any = None  # the day the source took place (datetime.date), when it has one


@dataclass(frozen=True)
class FollowupSource:
    """A kind of object follow-ups (RTL) come from: a workshop session, a meeting, a visit...

    `source_type` is stored on each follow-up ("<app>.<object>"); `label` names the kind in
    lists and filters; `model` is the class of the source objects (a school-owned model with a
    `school` field); `describe(obj)` returns the `SourceInfo` of one of them (called when an item
    is made, then stored with it). `add_perm` is the permission (checked on the source object)
    to agree follow-ups there; `owners(obj)` the people who may own them (a QuerySet of User),
    None for the school's staff.
    """

    source_type: str
    label: Any
    model: type[Model]
    describe: Callable[[Any], SourceInfo]
    add_perm: str
    owners: Callable[[Any], Any] | None = None


_FOLLOWUP_SOURCES: dict[str, FollowupSource] = {}


def register_followup_source(source: FollowupSource) -> None:
    _FOLLOWUP_SOURCES[source.source_type] = source


def followup_sources() -> list[FollowupSource]:
    return list(_FOLLOWUP_SOURCES.values())


def followup_source(source_type: str) -> FollowupSource | None:
    return _FOLLOWUP_SOURCES.get(source_type)


def followup_source_for(obj: Any) -> FollowupSource:
    """The registered source for `obj`'s class; LookupError when none is."""
    for source in _FOLLOWUP_SOURCES.values():
        if type(obj) is source.model:
            return source
    raise LookupError(f"{type(obj).__name__} is not a registered follow-up source")


# --- API routers -----------------------------------------------------------------------------

_API_ROUTERS: dict[str, tuple[str, Any]] = {}


def register_api_router(name: str, router: Any, prefix: str = "/") -> None:
    """Add a django-ninja `Router` to /api/v1/ under `prefix` ("/" for paths that start with
    /schools/{npsn}/..., so that the tenancy middleware resolves the school as for pages)."""
    _API_ROUTERS[name] = (prefix, router)


def api_routers() -> list[tuple[str, Any]]:
    return list(_API_ROUTERS.values())


# --- demo steps ------------------------------------------------------------------------------


@dataclass(frozen=True)
class DemoStep:
    """One app's part of the demo data.

    `seed(ctx)` adds to the SMP N 1 Kabupaten Tebo demo (`ctx`: kombel.core.demo.DemoContext);
    `synthetic(ctx)` to one school of the synthetic district (`SyntheticSchool`), or None. `after`
    names the steps whose data this one reads: they run first. Steps run inside the seed's one
    transaction, with scopes disabled and the school's language active.
    """

    name: str
    seed: Callable[[Any], None]
    synthetic: Callable[[Any], None] | None = None
    after: tuple[str, ...] = ()


_DEMO_STEPS: dict[str, DemoStep] = {}


def register_demo_step(step: DemoStep) -> None:
    _DEMO_STEPS[step.name] = step


def demo_steps() -> list[DemoStep]:
    """Every step, each after the ones it names in `after`; otherwise by name (deterministic:
    the demo's random numbers are drawn in this order)."""
    steps = dict(_DEMO_STEPS)
    unknown = {dep for step in steps.values() for dep in step.after if dep not in steps}
    if unknown:
        raise LookupError(f"demo steps depend on unregistered steps: {sorted(unknown)}")
    ordered: list[DemoStep] = []
    done: set[str] = set()
    while len(ordered) < len(steps):
        ready = sorted(
            name for name, step in steps.items() if name not in done and done.issuperset(step.after)
        )
        if not ready:
            raise ValueError(f"demo steps depend on each other in a circle: {sorted(steps)}")
        ordered.append(steps[ready[0]])
        done.add(ready[0])
    return ordered


# --- calendar event kinds --------------------------------------------------------------------


@dataclass(frozen=True)
class EventKind:
    """A kind of programme event (`programs.models.Event.kind`): "workshop", "community"...

    `plan(programme, rules, closed)` returns the events of this kind the programme's schedule
    asks for and the days skipped: `(list[programs.schedule.PlannedEvent], list[(date, reason)])`.
    `rules` is the programme's `programs.schedule.Rules`, `closed` the days without school
    ({date: reason}, Sundays excluded already). None: events of this kind are added by hand only.

    `audience(event)` returns the users to remind of an event of this kind; None: the
    programme's participants. The calendar colours an event by its kind (CSS class kind-<kind>).

    `roles`: the programme roles (`programs.models.Participant.role`) this kind's events are
    for; participants in other roles (parents at teachers' workshops) are not invited: the
    events are not on their home, feed or reminders. None: every participant.
    """

    kind: str
    label: Any
    order: int = 100
    plan: Callable[[Any, Any, dict[Any, str]], tuple[list[Any], list[Any]]] | None = None
    audience: Callable[[Any], list[Any]] | None = None
    roles: frozenset[str] | None = None


_EVENT_KINDS: dict[str, EventKind] = {}


def register_event_kind(kind: EventKind) -> None:
    _EVENT_KINDS[kind.kind] = kind


def event_kinds() -> list[EventKind]:
    return sorted(_EVENT_KINDS.values(), key=lambda k: (k.order, k.kind))


def event_kind(kind: str) -> EventKind | None:
    return _EVENT_KINDS.get(kind)


# --- event links -----------------------------------------------------------------------------

EventLink = tuple[str, str]  # (label, url)
_EVENT_LINK_FINDERS: list[Callable[[Any, Any], list[EventLink]]] = []


def register_event_links(finder: Callable[[Any, Any], list[EventLink]]) -> None:
    """`finder(event, user)` returns the links from a programme event (`programs.models.Event`)
    to what an app hangs on it (a session, a meeting) that this user may follow."""
    if finder not in _EVENT_LINK_FINDERS:
        _EVENT_LINK_FINDERS.append(finder)


def event_links(event: Any, user: Any) -> list[EventLink]:
    return [link for finder in _EVENT_LINK_FINDERS for link in finder(event, user)]


# --- school links ----------------------------------------------------------------------------


@dataclass(frozen=True)
class SchoolLink:
    """A button on the school's page (/s/<npsn>/) to an app's part of the model.

    `url_name` is reversed with the school's npsn as its only argument; the button shows only
    to a user who holds `perm` (a django-rules permission name) on the school, so it never leads
    to a 403. Buttons show in `order` after the programme's own (programmes, workshops,
    communities, follow-ups).
    """

    name: str
    label: Any
    url_name: str
    perm: str
    order: int = 100


_SCHOOL_LINKS: dict[str, SchoolLink] = {}


def register_school_link(link: SchoolLink) -> None:
    _SCHOOL_LINKS[link.name] = link


def school_links() -> list[SchoolLink]:
    return sorted(_SCHOOL_LINKS.values(), key=lambda link: (link.order, link.name))


# --- event titles ----------------------------------------------------------------------------


@dataclass(frozen=True)
class EventTitles:
    """Events (`programs.models.Event`) an app can name better for a user than the calendar's
    title ("Pertemuan komunitas" → "Pertemuan komunitas: MIPA Kelas VII").

    `annotations(user)` returns {name: expression}: values the events' own query selects along
    (subqueries on the event's pk), so that naming costs no query of its own; `user` may be None
    (a name for everyone). `title(event)` reads them and returns the name, or None to keep the
    calendar's title.
    """

    name: str
    annotations: Callable[[Any], dict[str, Any]]
    title: Callable[[Any], str | None]


_EVENT_TITLES: dict[str, EventTitles] = {}


def register_event_titles(titles: EventTitles) -> None:
    _EVENT_TITLES[titles.name] = titles


def with_event_titles(events: Any, user: Any) -> Any:
    """The events' queryset with what every app needs to name them (`event_title`)."""
    annotations: dict[str, Any] = {}
    for titles in _EVENT_TITLES.values():
        annotations.update(titles.annotations(user))
    return events.annotate(**annotations) if annotations else events


def event_title(event: Any) -> str | None:
    """An app's name for an event of a `with_event_titles` queryset, or None."""
    for titles in _EVENT_TITLES.values():
        title = titles.title(event)
        if title:
            return title
    return None


# --- synced deletions ------------------------------------------------------------------------


@dataclass(frozen=True)
class SyncedKind:
    """A model an app's API lists with `updated_since`: a deleted row leaves a
    `core.models.Deletion` (kind, id, time), so that a syncing client learns what to drop
    (`updated_since` shows what changed, never what is gone).

    `kind` is the name a client knows the list by ("events"); `model` has a `school` foreign
    key; `perm` (a django-rules permission on the school) is what reading that list takes: only
    those who hold it see its deletions.
    """

    kind: str
    model: type[Model]
    perm: str


_SYNCED_KINDS: dict[str, SyncedKind] = {}


def register_synced_deletions(synced: SyncedKind) -> None:
    from django.db.models.signals import post_delete

    from kombel.core.models import record_deletion

    _SYNCED_KINDS[synced.kind] = synced
    post_delete.connect(
        record_deletion, sender=synced.model, dispatch_uid=f"kombel.deletion.{synced.kind}"
    )


def synced_kinds() -> dict[str, SyncedKind]:
    return dict(_SYNCED_KINDS)


def registered_names() -> dict[str, Iterable[str]]:
    """What is registered, by hook (for the docs and the guard tests)."""
    return {
        "home_panels": list(_HOME_PANELS),
        "followup_sources": list(_FOLLOWUP_SOURCES),
        "api_routers": list(_API_ROUTERS),
        "demo_steps": list(_DEMO_STEPS),
        "event_kinds": list(_EVENT_KINDS),
        "school_links": list(_SCHOOL_LINKS),
        "synced_deletions": list(_SYNCED_KINDS),
    }

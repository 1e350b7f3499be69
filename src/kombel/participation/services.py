"""Writes about parents' and community leaders' participation.

Decisions worth knowing:
- An invitation link is single-use and expires (INVITATION_VALIDITY); only its SHA-256 is kept,
  so the link is shown once (when made or renewed). It gives the role through the schools
  services in the name of whoever made it: if they may no longer give that role, the link
  answers so instead of giving it.
- A PIN of six or more digits is accepted instead of a password (parents in Tebo type on a phone
  and have little patience for passwords), unless it is a common or trivial one; the login
  lockout (axes) guards it like a password.
- Consent is recorded with the version of the text read and the time. Without a consent in
  force a parent or community leader takes no part (the forum, feedback and local input ask
  for it again); withdrawing it keeps everything already written.
- Deletion is asked for by the person and completed by the school's operator (or principal):
  the account is anonymised (name, username, contact details, password), its roles in the
  school and children's classes removed, its posts stay in the forum under "Former member"
  and the audit log's names of it are anonymised too. Nothing is deleted from the forum.
- Moderation never deletes: a post is hidden with a reason its author sees, a thread locked.
"""

import datetime
import re
import secrets
import uuid
from typing import Any

from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import IntegrityError, transaction
from django.db.models import F, Q
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django_scopes import scopes_disabled

from kombel.accounts.models import User, hash_token, normalize_phone, phone_validator
from kombel.accounts.services import tokens_revoke_all
from kombel.core.audit import log_action
from kombel.core.models import AuditLog
from kombel.core.uploads import PHONE_PX, THUMBNAIL_PX, photo_jpeg, photo_open
from kombel.lessons.enums import EDITABLE
from kombel.lessons.models import Comment, LessonPlan
from kombel.lessons.services import local_input_add
from kombel.participation import consent as consent_text
from kombel.participation.enums import (
    FORUM_MEETING_KIND,
    INVITED_ROLES,
    OUTSIDER_ROLES,
    InputStatus,
    InputTarget,
    RequestStatus,
    ResourceKind,
    SpaceKind,
)
from kombel.participation.models import (
    ChildClass,
    Consent,
    DataRequest,
    Invitation,
    LocalInput,
    MeetingAttendance,
    MonthlyFeedback,
    Post,
    Report,
    Space,
    Thread,
)
from kombel.participation.phones import canonical_username, username_forms
from kombel.participation.rules import FORUM_STAFF, space_open_to
from kombel.programs.enums import AttendanceStatus
from kombel.programs.models import Event, Material, Programme
from kombel.programs.services.calendar import event_create
from kombel.schools.access import (
    account_change_refusal,
    forget_roles,
    grantable_roles,
    roles_in,
)
from kombel.schools.enums import Role
from kombel.schools.models import Membership, School, SchoolClass, SchoolYear
from kombel.schools.services import membership_create, person_create

INVITATION_VALIDITY = datetime.timedelta(days=14)
FORMER_MEMBER = "Mantan anggota"  # the name an anonymised account keeps (Indonesian data)
_TRIVIAL_PIN = re.compile(r"^(\d)\1+$")


def _forbidden(message: str) -> ValidationError:
    return ValidationError(message, code="forbidden")


# --- passwords and PINs ----------------------------------------------------------------------


def check_pin_or_password(password: str, user: User | None = None) -> None:
    """A PIN of at least six digits, not trivial (111111, 123456...), or a password Django's
    validators accept."""
    if password.isdigit():
        ascending = "01234567890123456789"
        descending = ascending[::-1]
        if len(password) < 6:
            raise ValidationError({"password": _("A PIN has at least 6 digits.")})
        if _TRIVIAL_PIN.match(password) or password in ascending or password in descending:
            raise ValidationError(
                {"password": _("This PIN is too easy to guess: choose another one.")}
            )
        return
    try:
        validate_password(password, user)
    except ValidationError as exc:
        raise ValidationError({"password": exc.messages}) from exc


# --- invitations -----------------------------------------------------------------------------


def _new_token() -> str:
    return secrets.token_urlsafe(24)


def invitation_create(
    *,
    actor: Any,
    school: School,
    role: str,
    name: str,
    phone: str = "",
    school_class: SchoolClass | None = None,
    child_name: str = "",
    valid_for: datetime.timedelta = INVITATION_VALIDITY,
) -> tuple[Invitation, str]:
    """A new invitation and its secret (the link's last part, shown once)."""
    if role not in INVITED_ROLES:
        raise ValidationError({"role": _("Invite a parent or a community leader.")})
    if role not in grantable_roles(actor, school):
        raise ValidationError(
            {
                "role": [
                    _forbidden(
                        _("You may not give the role %(role)s.") % {"role": Role(role).label}
                    )
                ]
            }
        )
    errors: dict[str, str] = {}
    if role == Role.PARENT and school_class is None:
        errors["school_class"] = _("Choose the class of the parent's child.")
    if school_class is not None and school_class.school_id != school.pk:
        errors["school_class"] = _("Choose a class of this school.")
    phone = normalize_phone(phone)
    if phone:
        try:
            phone_validator(phone)
        except ValidationError as exc:
            errors["phone"] = exc.messages[0]
    if errors:
        raise ValidationError(errors)
    token = _new_token()
    invitation = Invitation(
        school=school,
        role=role,
        name=name.strip(),
        phone=phone,
        school_class=school_class if role == Role.PARENT else None,
        child_name=child_name.strip() if role == Role.PARENT else "",
        token_hash=hash_token(token),
        expires_at=timezone.now() + valid_for,
        created_by=actor if getattr(actor, "is_authenticated", False) else None,
    )
    invitation.full_clean(exclude=["token_hash"])
    with transaction.atomic():
        invitation.save()
        log_action(
            "participation.invitation.created",
            actor=actor,
            school=school,
            obj=invitation,
            data={"role": role},
        )
    return invitation, token


def invitation_renew(*, actor: Any, invitation: Invitation) -> str:
    """A new link (the old one stops working) valid INVITATION_VALIDITY from now."""
    token = _new_token()
    with transaction.atomic():
        current = Invitation.objects.select_for_update().get(pk=invitation.pk)
        if current.used_at:
            raise ValidationError(_("This invitation has been used: there is nothing to renew."))
        current.token_hash = hash_token(token)
        current.expires_at = timezone.now() + INVITATION_VALIDITY
        current.revoked_at = None
        current.save(update_fields=["token_hash", "expires_at", "revoked_at", "updated_at"])
        log_action("participation.invitation.renewed", actor=actor, obj=current)
    invitation.refresh_from_db()
    return token


def invitation_revoke(*, actor: Any, invitation: Invitation) -> None:
    with transaction.atomic():
        current = Invitation.objects.select_for_update().get(pk=invitation.pk)
        if current.used_at:
            raise ValidationError(_("This invitation has been used already."))
        if current.revoked_at is None:
            current.revoked_at = timezone.now()
            current.save(update_fields=["revoked_at", "updated_at"])
            log_action("participation.invitation.revoked", actor=actor, obj=current)
    invitation.refresh_from_db()


def invitation_for_token(token: str) -> Invitation | None:
    """The invitation of a link, whatever its state; None for an unknown link."""
    if not token or len(token) > 100:
        return None
    with scopes_disabled():
        return (
            Invitation.objects.select_related("school", "school_class", "created_by")
            .filter(token_hash=hash_token(token))
            .first()
        )


def invitation_refusal(invitation: Invitation | None) -> str | None:
    """Why a link cannot be used (None: it can)."""
    if invitation is None:
        return _("This invitation link is not valid. Check that it was copied whole.")
    if invitation.used_at:
        return _(
            "This invitation has been used already. Log in with the username and PIN you chose, "
            "or ask the school for a new invitation."
        )
    if invitation.revoked_at:
        return _("The school has withdrawn this invitation. Ask the school for a new one.")
    if invitation.expires_at <= timezone.now():
        return _("This invitation has expired. Ask the school to renew it.")
    return None


def suggest_username(invitation: Invitation) -> str:
    """The WhatsApp number (08..., phones.canonical_username) when the school knows it, else
    the name; unused either way."""
    if invitation.phone:
        base = canonical_username(invitation.phone)
        if base.startswith("+62"):  # a number libphonenumber does not know (yet)
            base = "0" + base[3:]
        elif base.startswith("62"):
            base = "0" + base[2:]
    else:
        base = slugify(invitation.name).replace("-", "")[:20] or "ortu"
    candidate, n = base, 1
    while _username_taken(candidate):
        n += 1
        candidate = f"{base}{n}"
    return candidate


def _username_taken(username: str) -> bool:
    """Taken in any letter case or, for a phone number, in any form it may be stored in."""
    forms = username_forms(username) or [username]
    query = Q()
    for form in forms:
        query |= Q(username__iexact=form)
    return User.objects.filter(query).exists()


def invitation_accept(
    *,
    token: str,
    consent: bool,
    user: User | None = None,
    full_name: str = "",
    username: str = "",
    password: str = "",
) -> User:
    """Use an invitation: a new account (name, username, PIN or password) or, for someone
    logged in already, their own; the role, the child's class, the consent. Once only."""
    with scopes_disabled(), transaction.atomic():
        found = invitation_for_token(token)
        refusal = invitation_refusal(found)
        if refusal or found is None:
            raise ValidationError(refusal or "")
        invitation = Invitation.objects.select_for_update().get(pk=found.pk)
        refusal = invitation_refusal(invitation)
        if refusal:  # used meanwhile (the same link opened twice)
            raise ValidationError(refusal)
        if not consent:
            raise ValidationError(
                {"consent": _("Agree to the use of your data to take part, or close this page.")}
            )
        school, granter = found.school, invitation.created_by
        invitation.school = school
        if user is None:
            # A phone number is kept in one form (081234567890), whatever way it was typed.
            full_name, username = full_name.strip(), canonical_username(username.strip())
            errors: dict[str, Any] = {}
            if not full_name:
                errors["full_name"] = _("Write your name.")
            if not re.fullmatch(r"[\w.@+-]{3,150}", username):
                errors["username"] = _(
                    "At least 3 letters or digits, without spaces (e.g. your WhatsApp number)."
                )
            elif _username_taken(username):
                errors["username"] = _("This username is already taken.")
            try:
                check_pin_or_password(password, User(username=username, full_name=full_name))
            except ValidationError as exc:
                errors.update(exc.message_dict)
            if errors:
                raise ValidationError(errors)
            try:
                created = person_create(
                    actor=granter,
                    school=school,
                    username=username,
                    full_name=full_name,
                    roles=[invitation.role],
                    phone=invitation.phone,
                    password=password,
                )
            except ValidationError as exc:
                # Someone took the username since it was checked (two joins at once): say so
                # in the parent's words; this invitation stays usable.
                if _username_taken(username):
                    raise ValidationError(
                        {"username": _("This username is already taken.")}
                    ) from exc
                raise
            user = created.user
        elif invitation.role not in roles_in(user, school):
            membership_create(actor=granter, school=school, user=user, role=invitation.role)
        if invitation.school_class_id:
            ChildClass.objects.get_or_create(
                school=school,
                parent=user,
                school_class_id=invitation.school_class_id,
                child_name=invitation.child_name,
            )
        consent_give(actor=user, school=school)
        invitation.used_at = timezone.now()
        invitation.used_by = user
        invitation.save(update_fields=["used_at", "used_by", "updated_at"])
        log_action("participation.invitation.used", actor=user, school=school, obj=invitation)
    return user


# --- consent ---------------------------------------------------------------------------------


def consent_in_force(school: School, user: Any) -> Consent | None:
    return Consent.objects.filter(school=school, user=user, withdrawn_at__isnull=True).first()


def consent_give(*, actor: User, school: School) -> Consent:
    """Agree to the current consent text (nothing new when a consent is in force already)."""
    with transaction.atomic():
        existing = consent_in_force(school, actor)
        if existing is not None:
            return existing
        try:
            with transaction.atomic():
                consent = Consent.objects.create(
                    school=school, user=actor, version=consent_text.CURRENT
                )
        except IntegrityError:  # given at the same moment from another tab
            return Consent.objects.get(school=school, user=actor, withdrawn_at__isnull=True)
        log_action(
            "participation.consent.given",
            actor=actor,
            school=school,
            obj=consent,
            data={"version": consent.version},
        )
    return consent


def consent_withdraw(*, actor: User, school: School) -> bool:
    """Withdraw one's consent; False when none was in force."""
    with transaction.atomic():
        count = Consent.objects.filter(school=school, user=actor, withdrawn_at__isnull=True).update(
            withdrawn_at=timezone.now()
        )
        if count:
            log_action("participation.consent.withdrawn", actor=actor, school=school, obj=actor)
    return bool(count)


def needs_consent(school: School, user: Any) -> bool:
    """A parent or community leader (and nothing else here) without a consent in force."""
    roles = roles_in(user, school)
    if not roles & OUTSIDER_ROLES or roles - OUTSIDER_ROLES:
        return False
    return consent_in_force(school, user) is None


def _require_consent(school: School, user: Any) -> None:
    if needs_consent(school, user):
        raise _forbidden(
            _("You have withdrawn your consent: give it again on your own page to take part.")
        )


# --- one's own data --------------------------------------------------------------------------


def deletion_request(*, actor: User, school: School, reason: str = "") -> DataRequest:
    """Ask the school to delete one's data (one request waiting at a time)."""
    with transaction.atomic():
        existing = DataRequest.objects.filter(
            school=school, user=actor, status=RequestStatus.PENDING
        ).first()
        if existing is not None:
            return existing
        request = DataRequest(school=school, user=actor, reason=reason.strip()[:2000])
        request.full_clean()
        try:
            with transaction.atomic():
                request.save()
        except IntegrityError:
            return DataRequest.objects.get(school=school, user=actor, status=RequestStatus.PENDING)
        log_action("participation.deletion.requested", actor=actor, school=school, obj=request)
    return request


def deletion_complete(*, actor: Any, request: DataRequest) -> None:
    """Anonymise the account of a deletion request (module doc)."""
    school = request.school
    with transaction.atomic():
        current = DataRequest.objects.select_for_update().get(pk=request.pk)
        if current.status != RequestStatus.PENDING:
            raise ValidationError(_("This request has been completed already."))
        person = User.objects.select_for_update().get(pk=current.user_id)
        held = roles_in(person, school)
        if held - OUTSIDER_ROLES:
            raise _forbidden(
                _(
                    "%(name)s also works at the school: only a platform operator can delete "
                    "their data."
                )
                % {"name": person}
            )
        refusal = account_change_refusal(actor, school, person)
        if refusal:
            raise _forbidden(refusal)
        invitation_ids = list(
            Invitation.objects.filter(school=school, used_by=person).values_list("pk", flat=True)
        )
        Invitation.objects.filter(pk__in=invitation_ids).update(name=FORMER_MEMBER, phone="")
        ChildClass.objects.filter(school=school, parent=person).delete()
        Consent.objects.filter(school=school, user=person, withdrawn_at__isnull=True).update(
            withdrawn_at=timezone.now()
        )
        removed = list(
            Membership.objects.filter(school=school, user=person).values_list("role", flat=True)
        )
        Membership.objects.filter(school=school, user=person).delete()
        person.full_name = FORMER_MEMBER
        person.username = f"terhapus-{uuid.uuid4().hex[:12]}"
        person.email = person.pending_email = person.phone = person.pending_phone = ""
        person.is_active = False
        person.set_unusable_password()
        person.save()
        named = [
            person.pk,
            *invitation_ids,
            *DataRequest.objects.filter(user=person).values_list("pk", flat=True),
            *Consent.objects.filter(user=person).values_list("pk", flat=True),
        ]
        with scopes_disabled():
            AuditLog.objects.filter(object_id__in=[str(pk) for pk in named]).update(
                object_repr=FORMER_MEMBER
            )
        tokens_revoke_all(actor=actor, user=person, reason="deleted")
        current.status = RequestStatus.DONE
        current.completed_at = timezone.now()
        current.completed_by = actor if getattr(actor, "is_authenticated", False) else None
        current.save(update_fields=["status", "completed_at", "completed_by", "updated_at"])
        log_action(
            "participation.deletion.completed",
            actor=actor,
            school=school,
            obj=current,
            data={"roles": removed},
        )
        forget_roles(person)
    request.refresh_from_db()


# --- forum -----------------------------------------------------------------------------------


def space_create(
    *,
    actor: Any,
    school: School,
    kind: str,
    title: str,
    description: str = "",
    school_class: SchoolClass | None = None,
    programme: Programme | None = None,
) -> Space:
    """A forum space of the school or, with `programme`, of one programme (its parents; a class
    space then for a class of the school year the programme runs in)."""
    errors: dict[str, str] = {}
    if programme is not None and programme.school_id != school.pk:
        errors["programme"] = _("Choose a programme of this school.")
    if kind == SpaceKind.CLASS and school_class is None:
        errors["school_class"] = _("Choose the class of this space.")
    elif school_class is not None and kind == SpaceKind.CLASS:
        if school_class.school_id != school.pk:
            errors["school_class"] = _("Choose a class of this school.")
        elif programme is not None and "programme" not in errors:
            year = school_class.school_year
            if year.start > programme.end or year.end < programme.start:
                errors["school_class"] = _(
                    "Choose a class of the school year %(year)s, when the programme runs."
                ) % {"year": _years_of(programme)}
    if errors:
        raise ValidationError(errors)
    space = Space(
        school=school,
        programme=programme,
        kind=kind,
        title=title.strip(),
        description=description.strip(),
        school_class=school_class if kind == SpaceKind.CLASS else None,
    )
    space.full_clean()
    with transaction.atomic():
        space.save()
        log_action(
            "participation.space.created",
            actor=actor,
            obj=space,
            data={"programme": str(programme.pk) if programme else None},
        )
    return space


def _years_of(programme: Programme) -> str:
    years = SchoolYear.objects.filter(start__lte=programme.end, end__gte=programme.start)
    return ", ".join(y.name for y in years) or f"{programme.start:%Y}"


def programme_spaces_create(
    *, actor: Any, programme: Programme, classes: list[SchoolClass] | tuple[()] = ()
) -> list[Space]:
    """The programme's forum in one go: a space for all its parents, one with the community
    leaders and, if the school wants, one per class; those it has already are not repeated."""
    school = programme.school
    existing = Space.objects.filter(school=school, programme=programme)
    have = {(s.kind, s.school_class_id) for s in existing}
    wanted: list[tuple[str, SchoolClass | None, str]] = [
        (SpaceKind.PARENTS, None, _("Parents · %(programme)s")),
        (SpaceKind.COMMUNITY, None, _("Parents and community leaders · %(programme)s")),
    ] + [(SpaceKind.CLASS, c, _("Parents of class %(class)s · %(programme)s")) for c in classes]
    made = []
    with transaction.atomic():
        for kind, school_class, title in wanted:
            if (kind, school_class.pk if school_class else None) in have:
                continue
            name = title % {
                "programme": programme.title,
                "class": school_class.name if school_class else "",
            }
            made.append(
                space_create(
                    actor=actor,
                    school=school,
                    kind=kind,
                    title=name[:120],
                    school_class=school_class,
                    programme=programme,
                )
            )
    return made


def _attach_photo(post: Post, upload: Any) -> None:
    """The photo resized for phones (1280 px and a 320 px thumbnail, upright by its EXIF); the
    original is not kept."""
    image = photo_open(upload, field="photo")
    post.photo = photo_jpeg(image, PHONE_PX)
    post.thumbnail = photo_jpeg(image, THUMBNAIL_PX)


def _check_link(link: str) -> str:
    link = link.strip()
    if link:
        try:
            URLValidator(schemes=["http", "https"])(link)
        except ValidationError as exc:
            raise ValidationError(
                {"link": _("Enter a whole web address, starting with https://")}
            ) from exc
    return link


def _check_member(actor: Any, space: Space) -> None:
    if not space_open_to(actor, space):
        raise _forbidden(_("You are not a member of this forum space."))
    _require_consent(space.school, actor)


def _new_post(
    *, actor: Any, thread: Thread, body: str, link: str, photo: Any, is_opening: bool
) -> Post:
    body = body.strip()
    if not body:
        raise ValidationError({"body": _("Write something.")})
    post = Post(
        school=thread.school,
        thread=thread,
        author=actor,
        is_opening=is_opening,
        body=body,
        link=_check_link(link),
    )
    post.full_clean(exclude=["thread", "photo", "thumbnail"])
    if photo:
        _attach_photo(post, photo)
    return post


def thread_create(
    *,
    actor: Any,
    space: Space,
    title: str,
    body: str,
    link: str = "",
    photo: Any = None,
    pinned: bool = False,
) -> Thread:
    """A new thread with its opening post. Only the facilitator team pins announcements."""
    _check_member(actor, space)
    if pinned and not actor.has_perm("participation.moderate", space):
        raise _forbidden(_("Only the facilitator team pins announcements."))
    thread = Thread(
        school=space.school, space=space, author=actor, title=title.strip(), is_pinned=pinned
    )
    errors: dict[str, Any] = {}
    try:
        thread.full_clean(exclude=["space"])
    except ValidationError as exc:
        errors.update(exc.message_dict)
    try:
        post = _new_post(
            actor=actor, thread=thread, body=body, link=link, photo=photo, is_opening=True
        )
    except ValidationError as exc:
        errors.update(exc.message_dict)
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        thread.save()
        post.thread = thread
        post.save()
        log_action("participation.thread.created", actor=actor, obj=thread)
    return thread


def post_create(
    *, actor: Any, thread: Thread, body: str, link: str = "", photo: Any = None
) -> Post:
    """A reply. A locked or hidden thread takes none."""
    _check_member(actor, thread.space)
    post = _new_post(
        actor=actor, thread=thread, body=body, link=link, photo=photo, is_opening=False
    )
    with transaction.atomic():
        current = Thread.objects.select_for_update().get(pk=thread.pk)
        if current.is_locked:
            raise ValidationError(_("This thread is locked: it takes no more replies."))
        if current.hidden_at:
            raise ValidationError(_("This thread is hidden: it takes no more replies."))
        post.save()
        now = timezone.now()
        Thread.objects.filter(pk=thread.pk).update(
            reply_count=F("reply_count") + 1, last_activity_at=now
        )
        log_action("participation.post.created", actor=actor, school=thread.school, obj=post)
    thread.refresh_from_db()
    return post


def thread_flag(
    *, actor: Any, thread: Thread, pinned: bool | None = None, locked: bool | None = None
) -> Thread:
    """Pin or unpin (an announcement), lock or unlock a thread."""
    with transaction.atomic():
        current = Thread.objects.select_for_update().get(pk=thread.pk)
        verbs = []
        if pinned is not None and pinned != current.is_pinned:
            current.is_pinned = pinned
            verbs.append("pinned" if pinned else "unpinned")
        if locked is not None and locked != current.is_locked:
            current.is_locked = locked
            verbs.append("locked" if locked else "unlocked")
        if verbs:
            current.version += 1
            current.save(update_fields=["is_pinned", "is_locked", "version", "updated_at"])
            for verb in verbs:
                log_action(f"participation.thread.{verb}", actor=actor, obj=current)
    thread.refresh_from_db()
    return thread


def post_hide(*, actor: Any, post: Post, reason: str) -> Post:
    """Hide a post with a reason its author sees (an opening post hides its thread)."""
    reason = reason.strip()
    if not reason:
        raise ValidationError({"reason": _("Say why: the author will see it.")})
    now = timezone.now()
    with transaction.atomic():
        Post.objects.filter(pk=post.pk).update(
            hidden_at=now, hidden_reason=reason[:300], hidden_by=actor
        )
        if post.is_opening:
            Thread.objects.filter(pk=post.thread_id).update(
                hidden_at=now, hidden_reason=reason[:300], hidden_by=actor
            )
        Report.objects.filter(post=post, resolved_at__isnull=True).update(
            resolved_at=now, resolved_by=actor
        )
        log_action(
            "participation.post.hidden", actor=actor, obj=post, data={"reason": reason[:300]}
        )
    post.refresh_from_db()
    return post


def post_show(*, actor: Any, post: Post) -> Post:
    """Show a hidden post again (the reason stays in the audit log)."""
    with transaction.atomic():
        Post.objects.filter(pk=post.pk).update(hidden_at=None, hidden_reason="", hidden_by=None)
        if post.is_opening:
            Thread.objects.filter(pk=post.thread_id).update(
                hidden_at=None, hidden_reason="", hidden_by=None
            )
        log_action("participation.post.shown", actor=actor, obj=post)
    post.refresh_from_db()
    return post


def post_report(*, actor: Any, post: Post, reason: str) -> Report:
    """A member reports a post to the facilitator team (once per post)."""
    _check_member(actor, post.thread.space)
    reason = reason.strip()
    if not reason:
        raise ValidationError({"reason": _("Say briefly what is wrong.")})
    report = Report(school=post.school, post=post, reporter=actor, reason=reason[:300])
    report.full_clean(exclude=["post"])
    try:
        with transaction.atomic():
            report.save()
            log_action("participation.report.created", actor=actor, obj=post)
    except IntegrityError as exc:
        raise ValidationError(_("You have reported this post already.")) from exc
    return report


def report_resolve(*, actor: Any, report: Report) -> None:
    """The facilitator team looked at a report and keeps the post."""
    with transaction.atomic():
        Report.objects.filter(post=report.post_id, resolved_at__isnull=True).update(
            resolved_at=timezone.now(), resolved_by=actor
        )
        log_action("participation.report.updated", actor=actor, obj=report.post)


# --- feedback --------------------------------------------------------------------------------


def month_of(day: datetime.date) -> datetime.date:
    return day.replace(day=1)


def feedback_submit(
    *,
    actor: User,
    school_class: SchoolClass,
    engagement: int,
    talks_about: str = "",
    suggestion: str = "",
    today: datetime.date | None = None,
) -> MonthlyFeedback:
    """This month's feedback on one child's class (given again: changed)."""
    school = school_class.school
    _require_consent(school, actor)
    if not ChildClass.objects.filter(
        school=school, parent=actor, school_class=school_class
    ).exists():
        raise _forbidden(_("Give feedback on your own child's class."))
    month = month_of(today or timezone.localdate())
    values = {
        "engagement": engagement,
        "talks_about": talks_about.strip(),
        "suggestion": suggestion.strip(),
    }
    probe = MonthlyFeedback(
        school=school, parent=actor, school_class=school_class, month=month, **values
    )
    probe.full_clean(validate_unique=False, validate_constraints=False)
    with transaction.atomic():
        try:
            with transaction.atomic():
                feedback, created = MonthlyFeedback.objects.update_or_create(
                    school=school,
                    parent=actor,
                    school_class=school_class,
                    month=month,
                    defaults=values,
                )
        except IntegrityError:  # sent twice at once: the second one changes the first
            feedback = MonthlyFeedback.objects.get(
                parent=actor, school_class=school_class, month=month
            )
            for name, value in values.items():
                setattr(feedback, name, value)
            feedback.save()
            created = False
        # Neither the parent nor the class: the school reads feedback as a whole, and with one
        # or two parents in a class the log line would name the author of an answer.
        log_action(
            "participation.feedback.submitted" if created else "participation.feedback.updated",
            school=school,
            data={"month": month.isoformat()},
        )
    return feedback


# --- local input -----------------------------------------------------------------------------


def input_create(
    *,
    actor: User,
    school: School,
    target: str,
    context: str,
    resource_kind: str = ResourceKind.OTHER,
    resource: str = "",
    material: Material | None = None,
    community: Any = None,
    lesson_plan: LessonPlan | None = None,
) -> LocalInput:
    """A community leader's input on a material, a community's theme or a lesson plan.

    On a lesson plan it is also given to the plan through the lessons app
    (`lessons.services.local_input_add`, source_ref "participation.input:<id>"): the plan's
    readers see it there and its authors take it into a section."""
    _require_consent(school, actor)
    errors: dict[str, str] = {}
    if target == InputTarget.MATERIAL and material is None:
        errors["material"] = _("Choose the material.")
    if target == InputTarget.THEME:
        if community is None:
            errors["community"] = _("Choose the learning community.")
        elif community.school_id != school.pk:
            errors["community"] = _("Choose a learning community of this school.")
    if target == InputTarget.LESSON:
        if lesson_plan is None:
            errors["lesson_plan"] = _("Choose the lesson plan.")
        elif lesson_plan.school_id != school.pk or lesson_plan.status not in EDITABLE:
            errors["lesson_plan"] = _("Choose a lesson plan of this school still being written.")
    if errors:
        raise ValidationError(errors)
    item = LocalInput(
        school=school,
        author=actor,
        target=target,
        material=material if target == InputTarget.MATERIAL else None,
        community=community if target == InputTarget.THEME else None,
        lesson_ref=str(lesson_plan.pk) if target == InputTarget.LESSON and lesson_plan else "",
        lesson_title=lesson_plan.title[:200]
        if target == InputTarget.LESSON and lesson_plan
        else "",
        context=context.strip(),
        resource_kind=resource_kind,
        resource=resource.strip(),
    )
    item.full_clean()
    with transaction.atomic():
        item.save()
        if target == InputTarget.LESSON and lesson_plan is not None:
            text = item.context
            if item.resource:
                text += f"\n{item.get_resource_kind_display()}: {item.resource}"
            local_input_add(
                actor=actor,
                plan=lesson_plan,
                leader=actor,
                text=text,
                source_ref=lesson_source_ref(item),
            )
        log_action("participation.input.created", actor=actor, obj=item)
    return item


def lesson_source_ref(item: LocalInput) -> str:
    """How the lessons app's comment names the input it came from."""
    return f"participation.input:{item.pk}"


def input_answer(*, actor: Any, item: LocalInput, answer: str, accept: bool) -> LocalInput:
    """Teachers answer a suggestion and, if they take it up, accept it."""
    answer = answer.strip()
    if not answer:
        raise ValidationError({"answer": _("Write a short answer to the community leader.")})
    if accept and item.target == InputTarget.LESSON:
        comment = (
            Comment.objects.filter(
                plan_id=uuid.UUID(item.lesson_ref), source_ref=lesson_source_ref(item)
            ).first()
            if item.lesson_ref
            else None
        )
        if comment is None or comment.accepted_at is None:
            raise ValidationError(
                {
                    "accept": _(
                        "An author takes it into the plan first, on the lesson plan's page "
                        "(choosing the section)."
                    )
                }
            )
    with transaction.atomic():
        current = LocalInput.objects.select_for_update().get(pk=item.pk)
        current.answer = answer
        current.status = InputStatus.ACCEPTED if accept else InputStatus.ANSWERED
        current.answered_by = actor
        current.answered_at = timezone.now()
        current.full_clean()
        current.save()
        log_action(
            "participation.input.accepted" if accept else "participation.input.answered",
            actor=actor,
            obj=current,
        )
    item.refresh_from_db()
    return item


# --- forum meetings --------------------------------------------------------------------------


def meeting_create(
    *,
    actor: Any,
    programme: Programme,
    title: str,
    date: datetime.date,
    start_time: datetime.time,
    end_time: datetime.time,
    location: str = "",
    description: str = "",
    confirm: bool = False,
) -> Event:
    """A learning forum meeting (forum belajar bersama) in the programme's calendar."""
    return event_create(
        programme=programme,
        actor=actor,
        confirm=confirm,
        kind=FORUM_MEETING_KIND,
        title=title.strip(),
        date=date,
        start_time=start_time,
        end_time=end_time,
        location=location.strip(),
        description=description.strip(),
    )


def meeting_attendance_set(
    *, actor: Any, event: Event, user: User, status: str
) -> MeetingAttendance:
    """Record whether someone came; idempotent."""
    if event.kind != FORUM_MEETING_KIND:
        raise ValidationError(_("This is not a learning forum meeting."))
    if status not in AttendanceStatus.values:
        raise ValidationError({"status": _("Unknown attendance status.")})
    if not roles_in(user, event.school) & (OUTSIDER_ROLES | FORUM_STAFF):
        raise ValidationError({"participant": _("This person does not take part in the forum.")})
    with transaction.atomic():
        record, created = MeetingAttendance.objects.select_for_update().get_or_create(
            school=event.school,
            event=event,
            user=user,
            defaults={"status": status, "recorded_by": actor},
        )
        changed = created or record.status != status
        if not created and changed:
            record.status = status
            record.recorded_by = actor
            record.save(update_fields=["status", "recorded_by", "updated_at"])
        if changed:
            log_action(
                "participation.meeting.updated",
                actor=actor,
                school=event.school,
                obj=event,
                data={"user": str(user.pk), "status": status},
            )
    return record

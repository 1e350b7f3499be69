"""Writes about schools, people, memberships and classes.

Every function is keyword-only, validates with `full_clean()` (plus the rules models cannot
express), writes inside `transaction.atomic()` and records the write with `log_action`.
Bad input raises `ValidationError` with translated messages keyed by field.

Decisions worth knowing:
- A new person gets a generated initial password, returned once (`PersonCreated.password`) for
  the operator to pass on (usually by WhatsApp): many teachers have no e-mail address, so a
  reset link would not reach them. The person sets their own at the first login. A roster
  import gives one-time login codes instead (`PersonCreated.login_code`): hashing a thousand
  passwords would hold the request for minutes.
- Roles: nobody gives or takes away a role they could not hold the rights of, nobody changes
  their own roles, the principal role comes from the district officer or a platform operator
  (schools.access.grantable_roles). Each change is audited and the person is told (a notice,
  and an e-mail to a confirmed address).
- Accounts: a school changes the name, contact details, password and teacher details only of
  people who belong to it alone and hold no role the actor may not give
  (schools.access.account_change_refusal); new contact details wait for the owner to confirm
  them (accounts.services.contact_change).
- Refusals of that kind carry the code "forbidden": the API answers them with 403.
- The last principal or operator of a school cannot be removed: someone must stay able to
  manage the school's people.
"""

import re
import secrets
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import translation
from django.utils.translation import gettext as _
from django_scopes import scopes_disabled

from kombel.accounts.models import User, normalize_phone
from kombel.accounts.services import (
    FIRST_LOGIN_CODE_VALIDITY,
    ContactChange,
    contact_change,
    email_confirmation_send,
    login_code_create,
    login_codes_create,
    notice_send,
    tokens_revoke_all,
)
from kombel.core.audit import audit_entry, log_action
from kombel.core.models import AuditLog
from kombel.core.versioning import check_version
from kombel.schools.access import account_change_refusal, forget_roles, grantable_roles
from kombel.schools.enums import SCHOOL_ROLES, TEACHING_ROLES, Grade, Role, TimeZone
from kombel.schools.models import (
    District,
    DistrictMembership,
    Membership,
    School,
    SchoolClass,
    SchoolYear,
    Subject,
    TeacherProfile,
)
from kombel.schools.queries import users_outside

# Roles that can manage a school's people: a school always keeps at least one of them.
MANAGER_ROLES = frozenset({Role.PRINCIPAL, Role.OPERATOR})
# No look-alike characters (0/O, 1/l/I): the password is read aloud or typed from a phone.
_PASSWORD_ALPHABET = "abcdefghjkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # noqa: S105
_GRADE_PREFIX = re.compile(r"^(IX|VIII|VII|7|8|9)(?![0-9])")
_GRADE_OF_PREFIX = {"VII": 7, "VIII": 8, "IX": 9, "7": 7, "8": 8, "9": 9}


@dataclass(frozen=True)
class PersonCreated:
    user: User
    password: str = ""  # shown once to the operator; never stored in clear
    login_code: str = ""  # instead of a password (roster imports): shown once


def _forbidden(message: str, key: str | None = None) -> ValidationError:
    """A refusal of who may do what (the API answers it with 403), on field `key` if given."""
    error = ValidationError(message, code="forbidden")
    return ValidationError({key: [error]}) if key else error


def _check_grant(
    *, actor: Any, school: School, user: User | None, roles: Iterable[str], key: str
) -> None:
    """Refuse a change of `user`'s roles that `actor` may not make (module doc)."""
    if user is not None and actor is not None and actor.pk == user.pk:
        raise _forbidden(_("Nobody changes their own roles: ask someone else."), key)
    allowed = grantable_roles(actor, school)
    refused = [Role(role).label for role in roles if role not in allowed]
    if refused:
        raise _forbidden(
            _("You may not give or take away the role %(roles)s.")
            % {"roles": ", ".join(str(label) for label in refused)},
            key,
        )


def _check_account_change(*, actor: Any, school: School, user: User) -> None:
    refusal = account_change_refusal(actor, school, user)
    if refusal:
        raise _forbidden(refusal)


def _tell_role_change(*, actor: Any, school: School, user: User, role: str, added: bool) -> None:
    with translation.override(user.language):
        subject = _("Your roles at %(school)s changed") % {"school": school.name}
        values = {"actor": actor, "role": Role(role).label, "school": school.name}
        body = (
            _("%(actor)s gave you the role %(role)s at %(school)s.")
            if added
            else _("%(actor)s took away your role %(role)s at %(school)s.")
        ) % values
    notice_send(user=user, subject=subject, body=body)


def generate_password(length: int = 10) -> str:
    return "".join(secrets.choice(_PASSWORD_ALPHABET) for _ in range(length))


# --- people ------------------------------------------------------------------------------


def _check_roles(roles: Iterable[str]) -> list[str]:
    roles = list(dict.fromkeys(roles))
    if not roles:
        raise ValidationError({"roles": _("Choose at least one role.")})
    for role in roles:
        if role == Role.DISTRICT_OFFICER:
            raise ValidationError(
                {"roles": _("The district officer role is held on a district, not a school.")}
            )
        if role not in SCHOOL_ROLES:
            raise ValidationError({"roles": _("Unknown role: %(role)s.") % {"role": role}})
    return roles


@dataclass
class PersonDraft:
    """A new person checked by person_draft, nothing written yet (people_save writes them)."""

    user: User
    roles: list[str]
    profile: TeacherProfile | None = None
    subjects: list[Subject] = field(default_factory=list)


def person_draft(
    *,
    actor: Any,
    school: School,
    username: str,
    full_name: str,
    roles: Sequence[str],
    phone: str = "",
    email: str = "",
    nuptk: str = "",
    nip: str = "",
    subjects: Iterable[Subject] = (),
    grades: Iterable[int] = (),
) -> PersonDraft:
    """Check a new account holding `roles` in `school` (with teacher details when given): every
    rule of person_create, reading only."""
    # Who may give which role is refused at once (a "forbidden", not a mistake in the form);
    # every mistake in the person's details is reported together, so one submit shows them all.
    roles = _check_roles(roles)
    _check_grant(actor=actor, school=school, user=None, roles=roles, key="roles")
    errors: dict[str, list[Any]] = {}
    username = username.strip()
    if User.objects.filter(username__iexact=username).exists():
        errors["username"] = [_("This username is already taken.")]
    user = User(
        username=username,
        full_name=full_name.strip(),
        phone=normalize_phone(phone),
        email=email.strip(),
    )
    try:
        # The username is checked above, in any letter case; the database has the last word.
        user.full_clean(exclude=["password", *errors], validate_unique=False)
    except ValidationError as exc:
        exc.update_error_dict(errors)
    subjects, grades = list(subjects), list(grades)
    profile = None
    if nuptk or nip or subjects or grades:
        try:
            profile = _checked_teacher_details(
                user=user, profile=None, nuptk=nuptk, nip=nip, grades=grades
            )
        except ValidationError as exc:
            exc.update_error_dict(errors)
    if errors:
        raise ValidationError(errors)
    return PersonDraft(user=user, roles=roles, profile=profile, subjects=subjects)


def people_save(
    *,
    actor: Any,
    school: School,
    drafts: Sequence[PersonDraft],
    password: str | None = None,
    login_codes: bool = False,
) -> list[PersonCreated]:
    """Save new people checked by person_draft: one short transaction, a few queries whatever
    their number (a roster of a thousand holds the database for a moment, not a minute).

    Without `password`, each gets a generated one (returned once; they set their own at the
    first login); with `login_codes`, no password but a one-time login code. Each e-mail
    address is sent a link for its owner to confirm it.
    """
    passwords: list[str] = []
    for draft in drafts:
        draft.user.must_change_password = not password
        if login_codes:
            draft.user.set_unusable_password()
            passwords.append("")
        else:
            passwords.append(password or generate_password())
            draft.user.set_password(passwords[-1])
    users = [draft.user for draft in drafts]
    profiles = [draft.profile for draft in drafts if draft.profile is not None]
    with transaction.atomic():
        try:
            with transaction.atomic():
                User.objects.bulk_create(users)
                TeacherProfile.objects.bulk_create(profiles)
        except IntegrityError as exc:  # taken since it was checked (two imports at once)
            raise ValidationError(
                _("A username, NUPTK or NIP was taken meanwhile: nothing was saved, try again.")
            ) from exc
        Membership.objects.bulk_create(
            Membership(user=draft.user, school=school, role=role)
            for draft in drafts
            for role in draft.roles
        )
        TeacherProfile.subjects.through.objects.bulk_create(
            TeacherProfile.subjects.through(teacherprofile=draft.profile, subject=subject)
            for draft in drafts
            if draft.profile is not None
            for subject in draft.subjects
        )
        AuditLog.objects.bulk_create(
            audit_entry(
                "schools.person.created",
                actor=actor,
                school=school,
                obj=draft.user,
                data={"username": draft.user.username, "roles": draft.roles},
            )
            for draft in drafts
        )
        codes = [""] * len(users)
        if login_codes:
            codes = login_codes_create(
                actor=actor, users=users, school=school, valid_for=FIRST_LOGIN_CODE_VALIDITY
            )
        for user in users:
            if user.email:
                email_confirmation_send(user=user, address=user.email)
    return [
        PersonCreated(user=user, password=pw, login_code=code)
        for user, pw, code in zip(users, passwords, codes, strict=True)
    ]


def person_create(
    *,
    actor: Any,
    school: School,
    password: str | None = None,
    login_code: bool = False,
    **fields: Any,
) -> PersonCreated:
    """A new account holding roles in `school`: `fields` are person_draft's (username,
    full_name, roles, phone, email, nuptk, nip, subjects, grades); the password or login code
    as in people_save."""
    draft = person_draft(actor=actor, school=school, **fields)
    return people_save(
        actor=actor, school=school, drafts=[draft], password=password, login_codes=login_code
    )[0]


def person_update(
    *, actor: Any, school: School, user: User, full_name: str, phone: str, email: str
) -> ContactChange:
    """Change a member's name (at once) and contact details (once the owner confirms them).

    Only for a person this school may change (module doc); a person edits their own in My
    account. What the change started is returned (a code to send to a new number).
    """
    _require_member(school=school, user=user)
    _check_account_change(actor=actor, school=school, user=user)
    full_name = full_name.strip()
    with transaction.atomic():
        if full_name != user.full_name:
            user.full_name = full_name
            user.full_clean(exclude=["password"])
            user.save(update_fields=["full_name"])
            log_action(
                "schools.person.updated",
                actor=actor,
                school=school,
                obj=user,
                data={"fields": ["full_name"]},
            )
        return contact_change(actor=actor, user=user, email=email, phone=phone, school=school)


def person_login_code_create(*, actor: Any, school: School, user: User) -> str:
    """A one-time code for a member who forgot their password (sent by WhatsApp): they log in
    with it once and set a new password. Only for a person this school may change."""
    _require_member(school=school, user=user)
    _check_account_change(actor=actor, school=school, user=user)
    if actor.pk == user.pk:
        raise _forbidden(_("Change your own password on My account."))
    return login_code_create(actor=actor, user=user, school=school)


def _add_model_errors(errors: dict[str, str], instance: Any, *, exclude: list[str]) -> None:
    """Add the model's own validation errors (the first per field) to `errors`.

    Meta constraints are left out: the callers check those rules first, with clearer messages.
    """
    try:
        instance.full_clean(exclude=exclude, validate_constraints=False)
    except ValidationError as exc:
        for field, messages in exc.message_dict.items():
            errors.setdefault(field, messages[0])


def _clean_grades(grades: Iterable[Any]) -> list[int]:
    result: list[int] = []
    for grade in grades:
        try:
            value = int(grade)
        except (TypeError, ValueError):
            value = 0
        if value not in Grade.values:
            raise ValidationError({"grades": _("Grades must be VII, VIII or IX.")})
        if value not in result:
            result.append(value)
    return sorted(result)


def _checked_teacher_details(
    *,
    user: User,
    profile: TeacherProfile | None,
    nuptk: str,
    nip: str,
    grades: Iterable[Any],
) -> TeacherProfile:
    """The profile with the details set and checked (NUPTK and NIP unique), not saved."""
    nuptk, nip = nuptk.strip(), nip.strip()
    if profile is None:
        profile = TeacherProfile(user=user)
    profile.nuptk, profile.nip, profile.grades = nuptk, nip, _clean_grades(grades)
    errors: dict[str, str] = {}
    others = TeacherProfile.objects.exclude(pk=profile.pk)
    if nuptk and others.filter(nuptk=nuptk).exists():
        errors["nuptk"] = _("This NUPTK already belongs to another teacher.")
    if nip and others.filter(nip=nip).exists():
        errors["nip"] = _("This NIP already belongs to another teacher.")
    _add_model_errors(errors, profile, exclude=["user"])
    if errors:
        raise ValidationError(errors)
    return profile


def teacher_details_update(
    *,
    actor: Any,
    school: School,
    user: User,
    nuptk: str,
    nip: str,
    subjects: Iterable[Subject],
    grades: Iterable[Any],
    version: int | None = None,
) -> TeacherProfile:
    """Set a member's NUPTK, NIP, subjects and grades.

    `version` is the profile version the form was loaded with: when someone saved in between,
    the edit is refused instead of overwriting theirs. Only for a person this school may change:
    the details are the person's, shown by every school they belong to.
    """
    _require_member(school=school, user=user)
    _check_account_change(actor=actor, school=school, user=user)
    with transaction.atomic():
        profile = TeacherProfile.objects.select_for_update().filter(user=user).first()
        if profile is not None:
            check_version(profile, version)
            profile.version += 1
        profile = _checked_teacher_details(
            user=user, profile=profile, nuptk=nuptk, nip=nip, grades=grades
        )
        profile.save()
        profile.subjects.set(list(subjects))
        log_action(
            "schools.teacher.updated",
            actor=actor,
            school=school,
            obj=user,
            data={"nuptk": profile.nuptk, "nip": profile.nip, "grades": profile.grades},
        )
    return profile


def _require_member(*, school: School, user: User) -> None:
    if users_outside(school, [user]):
        raise ValidationError(_("This person does not belong to this school."))


# --- memberships -------------------------------------------------------------------------


def membership_create(*, actor: Any, school: School, user: User, role: str) -> Membership:
    """Give `user` a role in `school`. A duplicate is refused with a message, not a crash."""
    _check_roles([role])
    _check_grant(actor=actor, school=school, user=user, roles=[role], key="role")
    if Membership.objects.filter(school=school, user=user, role=role).exists():
        raise ValidationError(
            {
                "role": _("%(name)s already has the role %(role)s in this school.")
                % {"name": user, "role": Role(role).label}
            }
        )
    membership = Membership(user=user, school=school, role=role)
    membership.full_clean()
    with transaction.atomic():
        membership.save()
        log_action(
            "schools.membership.created",
            actor=actor,
            school=school,
            obj=user,
            data={"role": role, "membership": str(membership.pk)},
        )
        _tell_role_change(actor=actor, school=school, user=user, role=role, added=True)
    forget_roles(user)
    return membership


def membership_remove(*, actor: Any, membership: Membership) -> None:
    """Take a role away. The last principal or operator of a school stays (see module doc).

    Someone who leaves their last school (and no district office) loses their API tokens.
    """
    school, user = membership.school, membership.user
    _check_grant(actor=actor, school=school, user=user, roles=[membership.role], key="role")
    with transaction.atomic():
        if membership.role in MANAGER_ROLES:
            others = (
                Membership.objects.select_for_update()
                .filter(school=school, role__in=MANAGER_ROLES)
                .exclude(pk=membership.pk)
            )
            if not others.exists():
                raise ValidationError(
                    _(
                        "This is the school's last principal or operator: add another one "
                        "before removing this role."
                    )
                )
        log_action(
            "schools.membership.removed",
            actor=actor,
            school=school,
            obj=user,
            data={"role": membership.role, "membership": str(membership.pk)},
        )
        membership.delete()
        _tell_role_change(actor=actor, school=school, user=user, role=membership.role, added=False)
        with scopes_disabled():
            left = not (
                Membership.objects.filter(user=user).exists()
                or DistrictMembership.objects.filter(user=user).exists()
            )
        if left:
            tokens_revoke_all(actor=actor, user=user, reason="left")
    forget_roles(user)


def district_membership_create(*, actor: Any, user: User, district: District) -> DistrictMembership:
    """Make `user` a district officer (dinas) of `district`."""
    if DistrictMembership.objects.filter(user=user, district=district).exists():
        raise ValidationError(
            {"user": _("%(name)s is already an officer of this district.") % {"name": user}}
        )
    membership = DistrictMembership(user=user, district=district)
    membership.full_clean()
    with transaction.atomic():
        membership.save()
        log_action(
            "schools.district_membership.created",
            actor=actor,
            obj=membership,
            data={"user": str(user.pk), "district": district.bps_code},
        )
    forget_roles(user)
    return membership


# --- classes (rombel) --------------------------------------------------------------------


def _check_class(
    *,
    school: School,
    school_class: SchoolClass,
    homeroom_teacher: User | None,
) -> None:
    errors: dict[str, str] = {}
    match = _GRADE_PREFIX.match(school_class.name.upper())
    if match and _GRADE_OF_PREFIX[match.group(1)] != school_class.grade:
        label = Grade(school_class.grade).label if school_class.grade in Grade.values else "VII"
        errors["name"] = _(
            "The name of a grade %(grade)s class starts with %(grade)s, e.g. %(example)s."
        ) % {"grade": label, "example": f"{label}-A"}
    duplicate = (
        SchoolClass.objects.filter(
            school=school,
            school_year_id=school_class.school_year_id,
            name__iexact=school_class.name,
        )
        .exclude(pk=school_class.pk)
        .exists()
    )
    if duplicate:
        errors["name"] = _("This school already has a class with this name in this school year.")
    if homeroom_teacher is not None and users_outside(
        school, [homeroom_teacher], roles=TEACHING_ROLES
    ):
        errors["homeroom_teacher"] = _("The homeroom teacher must be a teacher of this school.")
    _add_model_errors(errors, school_class, exclude=["school"])
    if errors:
        raise ValidationError(errors)


def class_create(
    *,
    actor: Any,
    school: School,
    school_year: SchoolYear,
    grade: int,
    name: str,
    homeroom_teacher: User | None = None,
) -> SchoolClass:
    """A class group (rombel) such as VII-A in 2026/2027."""
    school_class = SchoolClass(
        school=school,
        school_year=school_year,
        grade=grade,
        name=name.strip(),
        homeroom_teacher=homeroom_teacher,
    )
    _check_class(school=school, school_class=school_class, homeroom_teacher=homeroom_teacher)
    with transaction.atomic():
        school_class.save()
        log_action(
            "schools.class.created",
            actor=actor,
            school=school,
            obj=school_class,
            data={"grade": grade, "school_year": school_year.name},
        )
    return school_class


def class_update(
    *,
    actor: Any,
    school_class: SchoolClass,
    version: int | None,
    school_year: SchoolYear,
    grade: int,
    name: str,
    homeroom_teacher: User | None,
) -> SchoolClass:
    """Change a class; refused when someone saved it after `version` was loaded (None: no check)."""
    school = school_class.school
    with transaction.atomic():
        current = SchoolClass.objects.select_for_update().get(pk=school_class.pk)
        check_version(current, version)
        school_class.school_year = school_year
        school_class.grade = grade
        school_class.name = name.strip()
        school_class.homeroom_teacher = homeroom_teacher
        _check_class(school=school, school_class=school_class, homeroom_teacher=homeroom_teacher)
        school_class.version = current.version + 1
        school_class.save()
        log_action(
            "schools.class.updated",
            actor=actor,
            school=school,
            obj=school_class,
            data={"grade": grade, "homeroom_teacher": str(homeroom_teacher or "")},
        )
    return school_class


# --- schools -----------------------------------------------------------------------------


def school_create(
    *,
    actor: Any,
    district: District,
    npsn: str,
    name: str,
    address: str = "",
    timezone: str = TimeZone.WIB,
) -> School:
    """A new school of `district` (done by the admin or a district officer)."""
    npsn = npsn.strip().upper()
    if School.objects.filter(npsn=npsn).exists():
        raise ValidationError({"npsn": _("A school with this NPSN already exists.")})
    school = School(
        npsn=npsn, name=name.strip(), address=address.strip(), district=district, timezone=timezone
    )
    school.full_clean()
    with transaction.atomic():
        school.save()
        log_action("schools.school.created", actor=actor, school=school, obj=school)
    return school


def school_update(*, actor: Any, school: School, name: str, address: str, timezone: str) -> School:
    """Change a school's name, address and time zone (the NPSN never changes: it is in URLs)."""
    school.name, school.address, school.timezone = name.strip(), address.strip(), timezone
    school.full_clean()
    with transaction.atomic():
        school.save(update_fields=["name", "address", "timezone", "updated_at"])
        log_action(
            "schools.school.updated",
            actor=actor,
            school=school,
            obj=school,
            data={"timezone": timezone},
        )
    return school

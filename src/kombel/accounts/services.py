"""Writes about accounts: API tokens, contact details and their confirmation, one-time codes,
passwords, and what a person is told about their own account.

Decisions worth knowing:
- A new e-mail address or WhatsApp number, whoever typed it, takes effect once its owner has
  confirmed it: a signed link sent to the new address, or a six-digit code sent by WhatsApp to
  the new number (Kombel cannot send WhatsApp messages itself: whoever made the change opens a
  wa.me link with the message ready). Either is accepted only from the owner, logged in. Until
  then the old address or number stays in use, and the old address is told of the change.
- A password reset by e-mail goes only to a confirmed address (`email_confirmed_at`).
- API tokens are stored as their SHA-256. A token unused for API_TOKEN_IDLE_DAYS expires. All
  of a person's tokens are revoked when their password changes (by themselves, a reset link or a
  one-time code), when they are deactivated and when they leave their last school.
- A one-time login code (a school resets a forgotten password; a roster import adds people) is
  read out or sent by WhatsApp: valid a short time, used once, and the person then sets a
  password before anything else. Codes are random, short-lived and guarded by the login
  lockout, so a SHA-256 of them is enough (a password hash would make a roster of 1,000 new
  people take minutes).
"""

import datetime
import hmac
import secrets
from collections.abc import Sequence
from dataclasses import dataclass
from functools import partial
from typing import Any
from urllib.parse import urlencode

from django.conf import settings
from django.contrib.auth import authenticate
from django.core import signing
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import F, Q, QuerySet
from django.http import HttpRequest
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from kombel.accounts.models import (
    ApiToken,
    CodePurpose,
    Notice,
    OneTimeCode,
    User,
    hash_token,
    normalize_phone,
    wa_digits,
)
from kombel.core.audit import audit_entry, log_action
from kombel.core.models import AuditLog
from kombel.core.whatsapp import wa_link

EMAIL_CONFIRM_SALT = "kombel.accounts.email-confirm"
EMAIL_CONFIRM_MAX_AGE = datetime.timedelta(days=3)
PHONE_CODE_VALIDITY = datetime.timedelta(hours=24)
PHONE_CODE_MAX_ATTEMPTS = 5
LOGIN_CODE_VALIDITY = datetime.timedelta(hours=24)
# A roster import hands out many codes at once; the school needs a few days to pass them on.
FIRST_LOGIN_CODE_VALIDITY = datetime.timedelta(days=7)
# No look-alike characters (0/O, 1/I/L): the code is read aloud or typed from a phone.
_CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"


def _mail(address: str, subject: str, body: str) -> None:
    """Send once the transaction has committed (nothing is sent for a write rolled back)."""
    if address:
        transaction.on_commit(partial(send_mail, subject, body, None, [address]))


def _absolute(path: str) -> str:
    return settings.SITE_URL + path


# --- notices -------------------------------------------------------------------------------


def notice_send(
    *, user: User, subject: str, body: str, url: str = "", email: bool = True
) -> Notice:
    """Tell `user`: a notice in the app (home and the notices page), and an e-mail to their
    address when it is confirmed (`email=False`: the caller mails it itself). Callers write
    `subject` and `body` in the user's language (`translation.override(user.language)`); `url`
    is a path in Kombel the notice links to."""
    notice = Notice.objects.create(user=user, subject=subject[:200], body=body, url=url[:300])
    _notices_changed(user)
    if email and user.email and user.email_confirmed_at:
        _mail(user.email, subject, body)
    return notice


NOTICES_CACHE_SECONDS = 3600


def _notices_changed(user: User) -> None:
    """A notice of `user` arrived or was read: what was cached of theirs is not read again."""
    User.objects.filter(pk=user.pk).update(notices_version=F("notices_version") + 1)
    user.notices_version += 1


def unread_notices(user: User, limit: int = 5) -> list[Notice]:
    """The newest unread notices, from the cache while none arrived or was read (the home page
    asks on every visit)."""
    key = f"kombel:notices:{user.pk}:{user.notices_version}:{limit}"
    notices: list[Notice] | None = cache.get(key)
    if notices is None:
        notices = list(Notice.objects.filter(user=user, read_at__isnull=True)[:limit])
        cache.set(key, notices, NOTICES_CACHE_SECONDS)
    return notices


def home_notices(request: Any, schools: list[Any]) -> dict[str, Any] | None:
    """Home: the person's unread notices (reminders, moved or cancelled activities, changes
    to their account), one query; nothing when all are read."""
    notices = unread_notices(request.user)
    return {"notices": notices} if notices else None


def notices_read(*, user: User) -> int:
    """Mark every unread notice of `user` read (they opened the notices page)."""
    read = Notice.objects.filter(user=user, read_at__isnull=True).update(read_at=timezone.now())
    if read:
        _notices_changed(user)
    return read


# --- API tokens ----------------------------------------------------------------------------


def _unexpired() -> Q:
    cutoff = timezone.now() - datetime.timedelta(days=settings.API_TOKEN_IDLE_DAYS)
    return Q(last_used_at__gte=cutoff) | Q(last_used_at__isnull=True, created_at__gte=cutoff)


def token_create(
    *, request: HttpRequest, username: str, password: str, label: str = ""
) -> tuple[ApiToken, str] | None:
    """Exchange a username and password for a new API token and its secret (shown once).

    None when they do not match. Goes through `authenticate` so that axes counts failures and
    locks out as on the login page. The person's expired tokens are removed on the way.
    """
    user = authenticate(request, username=username, password=password)
    if user is None or not user.is_active:
        return None
    raw = secrets.token_urlsafe(32)
    token = ApiToken(user=user, key_hash=hash_token(raw), label=label.strip()[:100])
    token.full_clean(exclude=["user"])
    with transaction.atomic():
        ApiToken.objects.filter(user=user).exclude(_unexpired()).delete()
        token.save()
        log_action("accounts.token.created", actor=user, obj=user, data={"label": token.label})
    return token, raw


def token_for_key(raw: str) -> ApiToken | None:
    """The live token with this secret (its user loaded), or None: unknown, expired, inactive."""
    token = (
        ApiToken.objects.select_related("user")
        .filter(key_hash=hash_token(raw), user__is_active=True)
        .first()
    )
    if token is None:
        return None
    now = timezone.now()
    if token.expires_at <= now:
        token.delete()
        return None
    # Written at most every five minutes: a busy client does not write on every request.
    if token.last_used_at is None or (now - token.last_used_at).total_seconds() > 300:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
        token.last_used_at = now
    return token


def api_tokens_for_user(user: User) -> QuerySet[ApiToken]:
    """The person's live tokens, newest first (expired ones are not shown)."""
    return ApiToken.objects.filter(user=user).filter(_unexpired())


def token_revoke(*, actor: User, token: ApiToken) -> None:
    """Revoke one token (`actor` is its owner: other people's tokens are never found)."""
    with transaction.atomic():
        log_action(
            "accounts.token.revoked", actor=actor, obj=token.user, data={"label": token.label}
        )
        token.delete()


def tokens_revoke_all(*, actor: Any, user: User, reason: str) -> int:
    """Revoke every API token of `user` (password changed, deactivated, left the schools)."""
    with transaction.atomic():
        count, _deleted = ApiToken.objects.filter(user=user).delete()
        if count:
            log_action(
                "accounts.tokens.revoked",
                actor=actor,
                obj=user,
                data={"count": count, "reason": reason},
            )
    return count


# --- contact details -----------------------------------------------------------------------


@dataclass(frozen=True)
class ContactChange:
    """What a change of contact details started: a link mailed to `email_sent_to`, a code for
    whoever made the change to send by WhatsApp to `phone` (shown once, never stored)."""

    email_sent_to: str = ""
    phone: str = ""
    phone_code: str = ""


def phone_code_link(change: ContactChange, user: User) -> str:
    """A wa.me link to the new number with the message (in the person's language) carrying its
    confirmation code."""
    with translation.override(user.language):
        text = _(
            "Kombel: the code to confirm %(name)s's new WhatsApp number is %(code)s. "
            "Type it on My account in Kombel (valid for 24 hours)."
        ) % {"name": user.full_name, "code": change.phone_code}
    return wa_link(text, phone=wa_digits(change.phone))


def _email_confirm_link(user: User, address: str) -> str:
    token = signing.dumps({"u": str(user.pk), "e": address}, salt=EMAIL_CONFIRM_SALT)
    return _absolute(reverse("accounts:email_confirm", kwargs={"token": token}))


def email_confirmation_send(*, user: User, address: str) -> None:
    """Mail `address` (the user's new or unconfirmed one) a link that confirms it, once the
    transaction commits (written then, not while the database is held)."""
    transaction.on_commit(partial(_email_confirmation_mail, user, address))


def _email_confirmation_mail(user: User, address: str) -> None:
    with translation.override(user.language):
        subject = _("Kombel: confirm your e-mail address")
        body = "\n\n".join(
            [
                _("Hello %(name)s,") % {"name": user.get_short_name()},
                _(
                    "open this link while logged in to Kombel as %(username)s to confirm that "
                    "this address is yours (valid for 3 days):"
                )
                % {"username": user.username},
                _email_confirm_link(user, address),
                _("If you did not expect this, ignore this message."),
            ]
        )
    send_mail(subject, body, None, [address])


def _announce(user: User, actor: Any, what: Any, new_value: str) -> None:
    """Tell the person's current address (and their notices) that a change was asked for
    (`what`: a lazily translated word, said in the person's language)."""
    with translation.override(user.language):
        by = actor.full_name if actor is not None and actor.pk != user.pk else _("you")
        subject = _("Kombel: your %(what)s is being changed") % {"what": what}
        lines = [
            _("Hello %(name)s,") % {"name": user.get_short_name()},
            _("%(by)s asked to change your %(what)s to %(value)s.")
            % {"by": by, "what": what, "value": new_value or _("(none)")},
            _("If this was not you, tell your school or the Kombel administrator now."),
        ]
        body = "\n\n".join(lines)
    Notice.objects.create(user=user, subject=subject[:200], body=body)
    _notices_changed(user)
    if user.email:
        _mail(user.email, subject, body)


def _new_phone_code(*, actor: Any, user: User) -> str:
    code = f"{secrets.randbelow(10**6):06d}"
    OneTimeCode.objects.filter(user=user, purpose=CodePurpose.PHONE).delete()
    OneTimeCode.objects.create(
        user=user,
        purpose=CodePurpose.PHONE,
        code_hash=hash_token(code),
        created_by=actor if getattr(actor, "pk", None) else None,
        expires_at=timezone.now() + PHONE_CODE_VALIDITY,
    )
    return code


def contact_change(
    *, actor: Any, user: User, email: str, phone: str, school: Any = None
) -> ContactChange:
    """Ask for a new e-mail address and/or WhatsApp number for `user` (see the module doc).

    The value already waiting for confirmation changes nothing (a form saved again); the
    current value drops the change waiting. An emptied address or number is removed at once
    (nobody has anything to confirm). Who may change whose details is decided by the caller
    (schools.services checks that a school only changes its own people).
    """
    email = email.strip()
    phone = normalize_phone(phone)
    errors: dict[str, list[str]] = {}
    for name, value in (("email", email), ("phone", phone)):
        if value:
            try:
                field: Any = User._meta.get_field(name)
                field.clean(value, user)
            except ValidationError as exc:
                errors[name] = exc.messages
    if errors:
        raise ValidationError(errors)
    email_changes = email != user.email and not (user.pending_email and email == user.pending_email)
    phone_changes = phone != user.phone and not (user.pending_phone and phone == user.pending_phone)
    sent_to, code = "", ""
    fields: list[str] = []
    with transaction.atomic():
        # Set back to the current value: what waited for confirmation is dropped.
        if email == user.email and user.pending_email:
            user.pending_email = ""
            fields.append("pending_email")
        if phone == user.phone and user.pending_phone:
            user.pending_phone = ""
            fields.append("pending_phone")
        if email_changes:
            _announce(user, actor, gettext_lazy("e-mail address"), email)
            if email:
                user.pending_email = email
                fields.append("pending_email")
                email_confirmation_send(user=user, address=email)
                sent_to = email
            else:
                user.email, user.pending_email, user.email_confirmed_at = "", "", None
                fields += ["email", "pending_email", "email_confirmed_at"]
            log_action(
                "accounts.email.requested" if email else "accounts.email.removed",
                actor=actor,
                school=school,
                obj=user,
            )
        if phone_changes:
            _announce(user, actor, gettext_lazy("WhatsApp number"), phone)
            if phone:
                user.pending_phone = phone
                fields.append("pending_phone")
                code = _new_phone_code(actor=actor, user=user)
            else:
                user.phone, user.pending_phone = "", ""
                fields += ["phone", "pending_phone"]
                OneTimeCode.objects.filter(user=user, purpose=CodePurpose.PHONE).delete()
            log_action(
                "accounts.phone.requested" if phone else "accounts.phone.removed",
                actor=actor,
                school=school,
                obj=user,
            )
        if fields:
            user.save(update_fields=sorted(set(fields)))
    return ContactChange(email_sent_to=sent_to, phone=phone if code else "", phone_code=code)


def email_confirm(*, actor: User, token: str) -> None:
    """The owner, logged in, opened the link mailed to their new (or unconfirmed) address."""
    invalid = ValidationError(
        _("This link is not valid any more: ask for a new one on My account."), code="invalid"
    )
    try:
        payload = signing.loads(token, salt=EMAIL_CONFIRM_SALT, max_age=EMAIL_CONFIRM_MAX_AGE)
    except signing.BadSignature:
        raise invalid from None
    if payload.get("u") != str(actor.pk):
        raise ValidationError(
            _("This link is for another account: log in as its owner to confirm the address."),
            code="invalid",
        )
    address = payload.get("e", "")
    with transaction.atomic():
        user = User.objects.select_for_update().get(pk=actor.pk)
        if address and address == user.pending_email:
            user.email, user.pending_email = address, ""
        elif not (address and address == user.email and user.email_confirmed_at is None):
            raise invalid
        user.email_confirmed_at = timezone.now()
        user.save(update_fields=["email", "pending_email", "email_confirmed_at"])
        log_action("accounts.email.confirmed", actor=actor, obj=user)
    actor.email, actor.pending_email = user.email, user.pending_email
    actor.email_confirmed_at = user.email_confirmed_at


def phone_confirm(*, actor: User, code: str) -> None:
    """The owner, logged in, typed the code sent by WhatsApp to their new number."""
    code = "".join(ch for ch in code if ch.isdigit())
    pending = (
        OneTimeCode.objects.filter(
            user=actor,
            purpose=CodePurpose.PHONE,
            used_at__isnull=True,
            expires_at__gt=timezone.now(),
        )
        .order_by("-created_at")
        .first()
    )
    if pending is None or not actor.pending_phone:
        raise ValidationError(
            {"code": _("No number is waiting for this code, or the code expired.")}
        )
    if not hmac.compare_digest(pending.code_hash, hash_token(code)):
        # Counted outside any transaction of the caller's: the failed try must stay counted.
        if pending.failed_attempts + 1 >= PHONE_CODE_MAX_ATTEMPTS:
            pending.delete()
            message = _("Too many wrong codes: change the number again for a new code.")
        else:
            OneTimeCode.objects.filter(pk=pending.pk).update(
                failed_attempts=F("failed_attempts") + 1
            )
            message = _("This code is not right.")
        raise ValidationError({"code": message})
    with transaction.atomic():
        claimed = OneTimeCode.objects.filter(pk=pending.pk, used_at__isnull=True).update(
            used_at=timezone.now()
        )
        if not claimed:  # the same code, typed twice at once
            raise ValidationError({"code": _("This code was used already.")})
        actor.phone, actor.pending_phone = actor.pending_phone, ""
        actor.save(update_fields=["phone", "pending_phone"])
        log_action("accounts.phone.confirmed", actor=actor, obj=actor)


def account_update(
    *, actor: User, full_name: str, phone: str, email: str, language: str
) -> ContactChange:
    """A person edits their own name and language (at once) and contact details (once
    confirmed, see contact_change)."""
    actor.full_name = full_name.strip()
    actor.language = language
    actor.full_clean(exclude=["password", "email", "phone", "pending_email", "pending_phone"])
    with transaction.atomic():
        actor.save(update_fields=["full_name", "language"])
        log_action("accounts.user.updated", actor=actor, obj=actor)
        return contact_change(actor=actor, user=actor, email=email, phone=phone)


def feed_token_rotate(*, user: User) -> str:
    """A new calendar feed secret: phones subscribed with the old address stop receiving."""
    user.feed_token = secrets.token_urlsafe()
    with transaction.atomic():
        user.save(update_fields=["feed_token"])
        log_action("accounts.feed_token.rotated", actor=user, obj=user)
    return user.feed_token


# --- one-time login codes and passwords ----------------------------------------------------


def _normalize_code(code: str) -> str:
    return "".join(ch for ch in code.upper() if ch.isalnum())


def login_code_create(
    *,
    actor: Any,
    user: User,
    school: Any = None,
    valid_for: datetime.timedelta = LOGIN_CODE_VALIDITY,
) -> str:
    """A one-time code `user` logs in with once, then sets a new password; returned to show
    once (e.g. in a wa.me link). A newer code replaces an unused older one. Who may ask for
    whom is decided by the caller (a school only for its own people)."""
    return login_codes_create(actor=actor, users=[user], school=school, valid_for=valid_for)[0]


def login_codes_create(
    *,
    actor: Any,
    users: Sequence[User],
    school: Any = None,
    valid_for: datetime.timedelta = LOGIN_CODE_VALIDITY,
) -> list[str]:
    """login_code_create for many people at once (a roster import), in a few queries."""
    raws = ["".join(secrets.choice(_CODE_ALPHABET) for _ in range(8)) for _ in users]
    expires_at = timezone.now() + valid_for
    creator = actor if getattr(actor, "pk", None) else None
    hours = int(valid_for.total_seconds() // 3600)
    with transaction.atomic():
        OneTimeCode.objects.filter(
            user__in=users, purpose=CodePurpose.LOGIN, used_at__isnull=True
        ).delete()
        OneTimeCode.objects.bulk_create(
            OneTimeCode(
                user=user,
                purpose=CodePurpose.LOGIN,
                code_hash=hash_token(raw),
                created_by=creator,
                expires_at=expires_at,
            )
            for user, raw in zip(users, raws, strict=True)
        )
        AuditLog.objects.bulk_create(
            audit_entry(
                "accounts.login_code.created",
                actor=actor,
                school=school,
                obj=user,
                data={"hours": hours},
            )
            for user in users
        )
    return [f"{raw[:4]}-{raw[4:]}" for raw in raws]


def login_code_link(*, user: User, code: str, valid_for: datetime.timedelta) -> str:
    """A wa.me link (to the person's number when there is one) with the ready message: where to
    log in with the code, in the person's language."""
    query = urlencode({"username": user.username, "code": code})
    url = _absolute(reverse("accounts:login_code") + "?" + query)
    hours = int(valid_for.total_seconds() // 3600)
    with translation.override(user.language):
        text = _(
            "Kombel: log in once at %(url)s with your username %(username)s and the code "
            "%(code)s (valid for %(hours)s hours), then choose your own password."
        ) % {"url": url, "username": user.username, "code": code, "hours": hours}
    return wa_link(text, phone=user.wa_number if user.phone else "")


def login_code_use(*, username: str, code: str) -> User | None:
    """The user whose valid, unused login code this is (the code is used up), else None.

    Called by the authentication backend (accounts.backends), behind the login lockout.
    """
    with transaction.atomic():
        found = (
            OneTimeCode.objects.select_for_update()
            .select_related("user")
            .filter(
                user__username=username,
                user__is_active=True,
                purpose=CodePurpose.LOGIN,
                used_at__isnull=True,
                expires_at__gt=timezone.now(),
                code_hash=hash_token(_normalize_code(code)),
            )
            .first()
        )
        if found is None:
            return None
        found.used_at = timezone.now()
        found.save(update_fields=["used_at"])
        user = found.user
        user.must_change_password = True
        user.save(update_fields=["must_change_password"])
        log_action("accounts.login_code.used", actor=user, obj=user)
    return user


def password_change_complete(*, actor: Any, user: User) -> None:
    """After a new password was set (changed, reset by link, set after a login code, set by
    the platform operator): no password change is asked any more and every API token goes."""
    with transaction.atomic():
        if user.must_change_password:
            user.must_change_password = False
            user.save(update_fields=["must_change_password"])
        log_action("accounts.password.changed", actor=actor, obj=user)
        tokens_revoke_all(actor=actor, user=user, reason="password")

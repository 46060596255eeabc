import secrets

import pghistory
from django.contrib.auth import authenticate
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.contrib.auth.signals import user_logged_in
from django.db import transaction
from django.utils import translation
from rest_framework.authtoken.models import Token

from zhifa.accounts.models import EnforcementCredential, SavedView, User
from zhifa.core.exceptions import InvalidInput, LockedOut


def user_authenticate(*, request, username: str, password: str) -> User:
    """The user for these credentials, or a refusal that does not reveal whether the user exists."""
    user = authenticate(request, username=username, password=password)
    if user is None and getattr(request, "axes_locked_out", False):
        # Too many failures for this username from this address (django-axes), known user or not.
        raise LockedOut()
    if user is None:  # wrong password, unknown user and inactive user all look the same
        raise InvalidInput(
            "用户名或密码错误，或账户已停用。", "Wrong username or password, or the account is disabled.",
            code="authentication_failed",
        )
    return user


def token_sign_in(*, request, username: str, password: str) -> str:
    """An API token for these credentials. Counts as a sign-in, as a session login does: it records
    last_login and clears the failed sign-ins counted against this username and address."""
    user = user_authenticate(request=request, username=username, password=password)
    user_logged_in.send(sender=user.__class__, request=request, user=user)
    return token_for(user=user)


def token_for(*, user: User) -> str:
    token, _ = Token.objects.get_or_create(user=user)
    return token.key


def check_password_rules(password: str, user: User) -> None:
    """Django's password validators (settings.AUTH_PASSWORD_VALIDATORS), refused on the `password` field."""
    try:
        validate_password(password, user)
    except ValidationError as error:
        with translation.override("en"):
            try:
                validate_password(password, user)
            except ValidationError as english:
                messages_en = english.messages
        raise InvalidInput("密码不符合要求：" + "".join(error.messages),
                           "The password does not meet the rules: " + " ".join(messages_en),
                           fields={"password": list(error.messages)}) from None


@transaction.atomic
def user_create(*, username: str, password: str, **fields) -> User:
    user = User(username=username, **fields)
    check_password_rules(password, user)
    user.set_password(password)
    user.full_clean()
    user.save()
    return user


@transaction.atomic
def user_set_active(*, user: User, active: bool) -> User:
    user.is_active = active
    user.save(update_fields=["is_active"])
    if not active:
        Token.objects.filter(user=user).delete()  # a disabled account loses API access at once
    return user


# A generated password: no look-alike characters (0/O, 1/l/I), so that it can be read out or copied by hand.
PASSWORD_ALPHABET = "abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789"
GENERATED_PASSWORD_LENGTH = 12


def _generated_password(user: User) -> str:
    while True:
        password = "".join(secrets.choice(PASSWORD_ALPHABET) for _ in range(GENERATED_PASSWORD_LENGTH))
        try:
            validate_password(password, user)
        except ValidationError:
            continue
        return password


@transaction.atomic
def user_reset_password(*, user: User, password: str | None = None) -> str | None:
    """Give the user a new password: the one the administrator chose (held to the password rules) or, without
    one, a generated one, which is returned so that it can be shown once (None when the administrator chose it).

    Every way the user was signed in ends: the API tokens are deleted, and the web sessions no longer match the
    password (Django checks each session against a hash of it). The reset is recorded in the user's history as
    a "password_reset" event, with who did it; the password itself is never recorded."""
    generated = None
    if password is None or password == "":
        password = generated = _generated_password(user)
    else:
        check_password_rules(password, user)
    user.set_password(password)
    user.save(update_fields=["password"])
    Token.objects.filter(user=user).delete()
    pghistory.create_event(user, label="password_reset")
    return generated


@transaction.atomic
def credential_issue(*, holder: User, **fields) -> EnforcementCredential:
    credential = EnforcementCredential(holder=holder, **fields)
    credential.full_clean()
    credential.save()
    return credential


MAX_SAVED_VIEWS = 20


def _saved_view_name(name: str) -> str:
    name = (name or "").strip()
    if not name:
        raise InvalidInput("请填写视图名称。", "Give the view a name.", fields={"name": ["请填写视图名称"]})
    if len(name) > 40:
        raise InvalidInput("视图名称不能超过40个字。", "A view's name may have at most 40 characters.",
                           fields={"name": ["视图名称不能超过40个字"]})
    return name


@transaction.atomic
def saved_view_save(*, user: User, list_name: str, name: str, query: dict) -> tuple[SavedView, bool]:
    """Save the filters under `name`; a view of that name on the same list is replaced (and comes first
    again). At most MAX_SAVED_VIEWS per list. Returns the view and whether it is new."""
    name = _saved_view_name(name)
    # One save at a time per user, so that the count holds.
    list(User.objects.select_related(None).select_for_update().filter(pk=user.pk).values_list("pk", flat=True))
    existing = SavedView.objects.filter(user=user, list_name=list_name, name=name).first()
    if existing is not None:
        existing.query = query
        existing.save(update_fields=["query", "updated_at"])
        return existing, False
    if SavedView.objects.filter(user=user, list_name=list_name).count() >= MAX_SAVED_VIEWS:
        raise InvalidInput(
            f"每个列表最多保存{MAX_SAVED_VIEWS}个视图，请先删除不再使用的视图。",
            f"At most {MAX_SAVED_VIEWS} saved views per list: delete one you no longer use first.",
            code="too_many_saved_views",
        )
    return SavedView.objects.create(user=user, list_name=list_name, name=name, query=query), True


@transaction.atomic
def saved_view_update(*, view: SavedView, name: str | None = None, query: dict | None = None) -> SavedView:
    """Rename a view or change its filters; a name another view of the list has is refused."""
    if name is not None:
        name = _saved_view_name(name)
        taken = (SavedView.objects.filter(user_id=view.user_id, list_name=view.list_name, name=name)
                 .exclude(pk=view.pk).exists())
        if taken:
            raise InvalidInput(
                f"已有名为“{name}”的视图，请换一个名称。", f"There is already a view named “{name}”: choose another name.",
                code="duplicate_name", fields={"name": ["已有同名视图"]},
            )
        view.name = name
    if query is not None:
        view.query = query
    view.save()
    return view


def saved_view_delete(*, view: SavedView) -> None:
    view.delete()

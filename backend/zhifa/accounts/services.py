from django.contrib.auth import authenticate
from django.contrib.auth.signals import user_logged_in
from django.contrib.auth.password_validation import validate_password
from django.db import transaction
from rest_framework.authtoken.models import Token

from zhifa.accounts.models import EnforcementCredential, User
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


@transaction.atomic
def user_create(*, username: str, password: str, **fields) -> User:
    user = User(username=username, **fields)
    validate_password(password, user)
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


@transaction.atomic
def credential_issue(*, holder: User, **fields) -> EnforcementCredential:
    credential = EnforcementCredential(holder=holder, **fields)
    credential.full_clean()
    credential.save()
    return credential

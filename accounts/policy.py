"""Every view declares who may call it, in one place: its decorator.

`allow(...)` admits only logged-in users of the named roles; anyone else gets the
login page (anonymous) or 403 (wrong role). Staff must also have given their second
factor (a TOTP code) in this session; until then every such view sends them to the
code step (or, without a confirmed device, to enrolment). Which *records* a permitted user may
touch is decided by the app's access functions, which answer 404 for both "missing"
and "not yours". The URL matrix test fails for any view without a declared policy.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import wraps
from typing import Any, TypeVar

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest
from django.http.response import HttpResponseBase
from django_htmx.middleware import HtmxDetails

from accounts.models import Role, User


class AuthenticatedRequest(HttpRequest):
    """What a view behind `allow()` receives: a logged-in user of our User model."""

    user: User
    htmx: HtmxDetails


ViewFunc = TypeVar("ViewFunc", bound=Callable[..., HttpResponseBase])

ALL_STAFF = (Role.MANAGER, Role.COUNSELLOR, Role.INSTRUCTOR, Role.FUNDER, Role.DPO)


@dataclass(frozen=True)
class AccessPolicy:
    roles: frozenset[str]
    public: bool = False
    #: "all" (role decides), "site" (own site's records), "own" (own records only)
    scope: str = "all"
    #: pages that show personal data are sent with Cache-Control: no-store
    personal_data: bool = False
    #: roles whose access is limited to their site's / own records (managers never are)
    scoped_roles: frozenset[str] = frozenset()
    #: staff must have given their TOTP code; off only for the code and enrolment steps
    second_factor: bool = True


def _attach(view: Any, policy: AccessPolicy) -> None:
    view.access_policy = policy


def second_factor_pending(user: Any) -> bool:
    """A staff user who has given a password but not yet a TOTP code in this session.

    `is_verified` comes from django_otp's OTPMiddleware; without it, nobody counts as verified."""
    if getattr(user, "role", None) not in ALL_STAFF:
        return False
    is_verified = getattr(user, "is_verified", None)
    return not (callable(is_verified) and is_verified())


def allow(
    *roles: str,
    scope: str = "all",
    personal_data: bool = True,
    scoped_roles: tuple[str, ...] | None = None,
    second_factor: bool = True,
) -> Callable[[ViewFunc], ViewFunc]:
    """Admit logged-in users of `roles`. With scope "site" or "own", `scoped_roles` (default:
    every role but the manager) see only their site's or their own records; the view's
    access function enforces that with a 404. `second_factor=False` is for the TOTP steps
    themselves only."""
    if scoped_roles is None:
        scoped_roles = tuple(role for role in roles if role != Role.MANAGER) if scope != "all" else ()
    policy = AccessPolicy(
        roles=frozenset(roles),
        scope=scope,
        personal_data=personal_data,
        scoped_roles=frozenset(scoped_roles),
        second_factor=second_factor,
    )

    def decorator(view: ViewFunc) -> ViewFunc:
        @wraps(view)
        def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
            user = request.user
            if not user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            if not user.is_active:
                raise PermissionDenied
            if policy.second_factor and second_factor_pending(user):
                return redirect_to_login(request.get_full_path(), "accounts:otp_verify")
            if getattr(user, "role", None) not in policy.roles:
                raise PermissionDenied
            response = view(request, *args, **kwargs)
            if policy.personal_data:
                response["Cache-Control"] = "no-store"
            return response

        _attach(wrapper, policy)
        return wrapper  # type: ignore[return-value]

    return decorator


def public(view: ViewFunc) -> ViewFunc:
    """Mark a view as reachable without login (login page, public verification)."""
    _attach(view, AccessPolicy(roles=frozenset(), public=True))
    return view


def policy_of(view: Any) -> AccessPolicy | None:
    """The declared policy of a resolved view callable (function or class-based)."""
    for candidate in (view, getattr(view, "view_class", None), getattr(view, "cls", None)):
        policy = getattr(candidate, "access_policy", None)
        if policy is not None:
            return policy
    return None

"""Who is acting, from where, in which request: carried to services via contextvars.

Services take `acting_user` explicitly; the network origin and request id are
ambient so that audit entries can name them without threading the request through.
"""

from __future__ import annotations

import contextvars
import uuid
from collections.abc import Callable
from typing import Any

from django.http import HttpRequest, HttpResponse

_remote_addr: contextvars.ContextVar[str | None] = contextvars.ContextVar("remote_addr", default=None)
_request_id: contextvars.ContextVar[str] = contextvars.ContextVar("request_id", default="")
_view_name: contextvars.ContextVar[str] = contextvars.ContextVar("view_name", default="")


def current_remote_addr() -> str | None:
    return _remote_addr.get()


def current_request_id() -> str:
    return _request_id.get()


def current_view_name() -> str:
    """The URL name of the page being answered ("plans:edit"), so an audited read says what was shown."""
    return _view_name.get()


class RequestContextMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        request_id = uuid.uuid4().hex
        token_addr = _remote_addr.set(request.META.get("REMOTE_ADDR"))
        token_id = _request_id.set(request_id)
        token_view = _view_name.set("")
        try:
            response = self.get_response(request)
        finally:
            _remote_addr.reset(token_addr)
            _request_id.reset(token_id)
            _view_name.reset(token_view)
        response["X-Request-ID"] = request_id
        return response

    def process_view(self, request: HttpRequest, view_func: Callable[..., HttpResponse], view_args: Any,
                     view_kwargs: Any) -> None:
        match = request.resolver_match
        _view_name.set(match.view_name if match is not None else "")

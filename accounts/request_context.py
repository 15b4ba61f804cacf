"""Who is acting, from where, in which request: carried to services via contextvars.

Services take `acting_user` explicitly; the network origin and request id are
ambient so that audit entries can name them without threading the request through.
"""

from __future__ import annotations

import contextvars
import uuid
from collections.abc import Callable

from django.http import HttpRequest, HttpResponse

_remote_addr: contextvars.ContextVar[str | None] = contextvars.ContextVar("remote_addr", default=None)
_request_id: contextvars.ContextVar[str] = contextvars.ContextVar("request_id", default="")


def current_remote_addr() -> str | None:
    return _remote_addr.get()


def current_request_id() -> str:
    return _request_id.get()


class RequestContextMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        request_id = uuid.uuid4().hex
        token_addr = _remote_addr.set(request.META.get("REMOTE_ADDR"))
        token_id = _request_id.set(request_id)
        try:
            response = self.get_response(request)
        finally:
            _remote_addr.reset(token_addr)
            _request_id.reset(token_id)
        response["X-Request-ID"] = request_id
        return response

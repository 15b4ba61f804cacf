"""Who must hear that a fact about some participants changed (departure, plan, availability).

Floors above register a listener at start-up (`AppConfig.ready`), the way scheduling hands
its session offer to the plan recommender: the service that writes the fact calls
`participants_changed` inside its transaction and never imports the floor that listens.
Today the only listener is scheduling's stored "plan at risk" verdict.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

Listener = Callable[[list[int]], None]

_listeners: dict[str, Listener] = {}


def participants_changed_register(name: str, listener: Listener) -> None:
    """Register (or replace, by name: `ready()` may run twice in tests) a listener."""
    _listeners[name] = listener


def participants_changed(*, participant_ids: Iterable[int]) -> None:
    """Tell every listener, in the caller's transaction, that these participants changed."""
    ids = sorted(set(participant_ids))
    if not ids:
        return
    for listener in list(_listeners.values()):
        listener(ids)

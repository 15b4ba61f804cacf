"""Follow every link a logged-in user can reach and record those that answer 4xx/5xx."""

from __future__ import annotations

from collections import Counter, deque
from dataclasses import dataclass, field
from html.parser import HTMLParser
from urllib.parse import urldefrag, urljoin, urlsplit

from django.test import Client
from django.urls import Resolver404, resolve

#: not pages to follow: leaving the session, switching language, Django's admin forms
SKIP_PREFIXES = ("/logout", "/portal/logout", "/i18n/", "/static/", "/media/")


class _Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.links: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "a":
            href = dict(attrs).get("href")
            if href:
                self.links.append(href)


@dataclass
class CrawlResult:
    visited: int = 0
    dead: list[tuple[str, int, str]] = field(default_factory=list)  # (url, status, found on)


def _route(local: str) -> str:
    """The URL pattern a path resolves to, with its query's parameter names."""
    parts = urlsplit(local)
    try:
        route = resolve(parts.path).route
    except Resolver404:
        route = parts.path
    names = sorted({pair.split("=", 1)[0] for pair in parts.query.split("&") if pair})
    return f"{route}?{'&'.join(names)}"


def crawl(client: Client, start: str, *, limit: int = 5000, per_route: int = 60) -> CrawlResult:
    """Breadth first from `start`, same site only; redirects are followed as links. At most
    `per_route` different URLs of one pattern are visited (the first found, breadth first),
    so a manager's thousands of case files do not take minutes; every pattern is visited."""
    result = CrawlResult()
    routes: Counter[str] = Counter()
    queue: deque[tuple[str, str]] = deque([(start, "(start)")])
    seen = {start}
    while queue and result.visited < limit:
        url, found_on = queue.popleft()
        response = client.get(url)
        result.visited += 1
        if response.status_code >= 400:
            result.dead.append((url, response.status_code, found_on))
            continue
        targets: list[str] = []
        if response.status_code in (301, 302, 303, 307, 308):
            targets.append(response["Location"])
        elif response.get("Content-Type", "").startswith("text/html") and not getattr(response, "streaming", False):
            parser = _Links()
            parser.feed(response.content.decode())
            targets.extend(parser.links)
        for href in targets:
            absolute = urldefrag(urljoin(url, href))[0]
            parts = urlsplit(absolute)
            if parts.scheme not in ("", "http") or parts.netloc not in ("", "testserver"):
                continue
            local = parts.path + (f"?{parts.query}" if parts.query else "")
            if local.startswith(SKIP_PREFIXES) or local in seen:
                continue
            seen.add(local)
            route = _route(local)
            routes[route] += 1
            if routes[route] > per_route:
                continue
            queue.append((local, url))
    return result

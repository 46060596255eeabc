"""Every URL the resolver knows, as (name, pattern, methods): the ground truth the tables are checked against."""

from __future__ import annotations

from dataclasses import dataclass

from django.urls import URLPattern, URLResolver, get_resolver

_VIEW_METHODS = ("get", "post", "put", "patch", "delete")


@dataclass(frozen=True)
class Route:
    name: str
    pattern: str
    methods: tuple[str, ...]
    admin: bool = False


def _methods(pattern: URLPattern) -> tuple[str, ...]:
    callback = pattern.callback
    actions = getattr(callback, "actions", None)
    cls = getattr(callback, "cls", None) or getattr(callback, "view_class", None)
    if actions:  # a DRF router route: the viewset's http_method_names may still refuse some
        allowed = getattr(cls, "http_method_names", _VIEW_METHODS)
        return tuple(m for m in _VIEW_METHODS if m in actions and m in allowed)
    if cls is not None:
        allowed = getattr(cls, "http_method_names", _VIEW_METHODS)
        return tuple(m for m in _VIEW_METHODS if m in allowed and hasattr(cls, m))
    return ("get",)  # a function view


def _walk(resolver, prefix=""):
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            yield from _walk(entry, prefix + str(entry.pattern))
        else:
            yield entry, prefix + str(entry.pattern)


def all_routes() -> list[Route]:
    routes = []
    for pattern, text in _walk(get_resolver()):
        admin = text.startswith("admin/")
        name = pattern.name or text
        routes.append(Route(name=f"admin:{name}" if admin else name, pattern=text, methods=_methods(pattern),
                            admin=admin))
    return routes


def api_routes() -> list[Route]:
    return [route for route in all_routes() if not route.admin]

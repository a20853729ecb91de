"""Parts of the public pages that domain apps provide: the core pages know no domain, so an app registers a provider
in its AppConfig.ready() and the page asks for whatever is registered. A provider takes the page's objects as keyword
arguments and returns a template context (or {} when it has nothing to show)."""

from collections.abc import Callable

_providers: dict[str, list[Callable[..., dict]]] = {}


def register(page: str, provider: Callable[..., dict]) -> None:
    """Add a provider to a page (e.g. "home_type"); registering the same provider twice is harmless."""
    providers = _providers.setdefault(page, [])
    if provider not in providers:
        providers.append(provider)


def context_for(page: str, **objects) -> dict:
    context: dict = {}
    for provider in _providers.get(page, []):
        context.update(provider(**objects))
    return context

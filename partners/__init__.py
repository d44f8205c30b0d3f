"""Partner post adapters: one module per post, found by name in this registry."""

import importlib

from partners.base import Adapter

# Adapter name -> module that defines it (as ``ADAPTER``). Adding a partner is a
# module and one line here.
REGISTRY: dict[str, str] = {
    "auspost": "partners.auspost",
    "canadapost": "partners.canadapost",
    "dhl": "partners.dhl",
    "posmalaysia": "partners.posmalaysia",
    "postnl": "partners.postnl",
    "royalmail": "partners.royalmail",
    "upu": "partners.upu",
    "usps": "partners.usps",
}


class UnknownAdapter(LookupError):
    """No adapter has that name."""


def get(name: str) -> type[Adapter]:
    """The adapter class registered under ``name``."""
    try:
        module = importlib.import_module(REGISTRY[name])
    except KeyError:
        known = ", ".join(sorted(REGISTRY)) or "none"
        message = f"No partner adapter is named {name!r}; known: {known}."
        raise UnknownAdapter(message) from None
    return module.ADAPTER


def names() -> list[str]:
    """Every registered adapter name, sorted."""
    return sorted(REGISTRY)

"""Building a partner's adapter: its class, base URL, credentials and settings."""

import importlib
import os

from flask import current_app

import partners
from ovs.models import PartnerPost
from partners.base import Adapter
from partners.base import Credentials


def base_url(partner: PartnerPost) -> str:
    """The partner's API address: its own setting, else the sandbox's mount."""
    configured = (partner.settings or {}).get("base_url")
    if configured:
        return configured
    return current_app.config["SANDBOX_URL"].rstrip("/") + "/" + partner.adapter


def credentials(partner: PartnerPost, environ=None) -> Credentials:
    """The partner's secrets: from ``partners.credentials`` when it knows them,
    else from ``OVS_PARTNER_<CODE>_<NAME>`` environment variables."""
    try:
        module = importlib.import_module("partners.credentials")
    except ImportError:
        module = None
    loader = getattr(module, "for_partner", None)
    if loader is not None:
        found = loader(partner.code, partner.adapter)
        if found is not None:
            return found
    environ = os.environ if environ is None else environ
    prefix = f"OVS_PARTNER_{partner.code.upper()}_"
    values = {
        name[len(prefix) :].lower(): value
        for name, value in environ.items()
        if name.startswith(prefix)
    }
    return Credentials(values)


def adapter_for(partner: PartnerPost) -> Adapter:
    """A ready adapter for one partner post."""
    cls = partners.get(partner.adapter)
    return cls(
        base_url(partner),
        credentials(partner),
        dict(partner.settings or {}),
        current_app.config["POLL_TIMEOUT_SECONDS"],
    )

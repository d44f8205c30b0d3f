"""Building a partner's adapter: its class, base URL, credentials and settings."""

from flask import current_app

import partners
from ovs.models import PartnerPost
from partners import credentials as partner_credentials
from partners.base import Adapter
from partners.base import Credentials


def _sandbox_base(partner: PartnerPost) -> str:
    return current_app.config["SANDBOX_URL"].rstrip("/") + "/" + partner.adapter


def uses_sandbox(partner: PartnerPost) -> bool:
    """Whether the partner is played by the sandbox (no base URL of its own)."""
    return not (partner.settings or {}).get("base_url")


def base_url(partner: PartnerPost) -> str:
    """The partner's API address: its own setting, else the sandbox's mount."""
    return (partner.settings or {}).get("base_url") or _sandbox_base(partner)


def credentials(partner: PartnerPost) -> Credentials:
    """The partner's secrets from the environment or instance config.

    Against the sandbox, the keys its fake post accepts fill in whatever the
    environment leaves out.
    """
    configured = partner_credentials.for_partner(
        partner.code,
        partner.adapter,
        config=current_app.config.get("PARTNER_CREDENTIALS"),
    )
    if not uses_sandbox(partner):
        return configured
    try:
        fake = partner_credentials.sandbox(partner.adapter).values
    except ImportError:
        fake = {}
    return Credentials(fake | configured.values)


def adapter_for(partner: PartnerPost) -> Adapter:
    """A ready adapter for one partner post."""
    cls = partners.get(partner.adapter)
    return cls(
        base_url(partner),
        credentials(partner),
        dict(partner.settings or {}),
        current_app.config["POLL_TIMEOUT_SECONDS"],
    )

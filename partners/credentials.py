"""Partner credentials, read from the environment or the instance config.

A credential ``KEY`` of a partner named ``NAME`` (an adapter name such as
``usps``, or a partner post's own code such as ``saudipost``) comes from the
environment variable ``OVS_PARTNER_<NAME>_<KEY>`` (upper case, dashes as
underscores), or from the instance config's ``PARTNER_CREDENTIALS`` mapping
``{name: {key: value}}``. The environment wins. Keys are handed to adapters in
lower case: ``OVS_PARTNER_USPS_CLIENT_ID`` becomes ``client_id``.
"""

import importlib
import os
from collections.abc import Mapping

from partners.base import Credentials

PREFIX = "OVS_PARTNER_"


def env_prefix(name: str) -> str:
    """The environment prefix of one partner's credentials."""
    return f"{PREFIX}{name.strip().upper().replace('-', '_')}_"


def load(
    name: str,
    environ: Mapping[str, str] | None = None,
    config: Mapping | None = None,
) -> Credentials:
    """The credentials of the partner or adapter ``name``."""
    environ = os.environ if environ is None else environ
    values = {
        str(key).lower(): str(value)
        for key, value in ((config or {}).get(name) or {}).items()
        if value not in (None, "")
    }
    prefix = env_prefix(name)
    for variable, value in environ.items():
        if variable.startswith(prefix) and value:
            values[variable[len(prefix) :].lower()] = value
    return Credentials(values)


def for_partner(
    code: str,
    adapter: str,
    environ: Mapping[str, str] | None = None,
    config: Mapping | None = None,
) -> Credentials:
    """A partner post's credentials: its own code's, over its adapter's."""
    merged = dict(load(adapter, environ, config).values)
    merged.update(load(code, environ, config).values)
    return Credentials(merged)


def sandbox(adapter: str) -> Credentials:
    """The credentials the partner sandbox's fake post for ``adapter`` accepts."""
    module = importlib.import_module(f"partners.sandbox.posts.{adapter}")
    return Credentials(dict(getattr(module, "CREDENTIALS", {})))


def sandbox_environ() -> dict[str, str]:
    """``OVS_PARTNER_*`` variables holding every fake post's sandbox credentials.

    The demo sets them (without overriding real ones) so that adapters pointed
    at the sandbox present what its fake posts accept.
    """
    import partners

    variables = {}
    for adapter in partners.names():
        try:
            found = sandbox(adapter)
        except ModuleNotFoundError:
            continue
        for key, value in found.values.items():
            variables[f"{env_prefix(adapter)}{key.upper()}"] = value
    return variables

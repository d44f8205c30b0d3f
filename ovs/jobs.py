"""The modules whose import registers the periodic jobs."""

import ovs.integration.jobs  # noqa: F401

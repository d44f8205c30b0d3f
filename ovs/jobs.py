"""The modules whose import registers the periodic jobs."""

import ovs.dashboard.jobs  # noqa: F401

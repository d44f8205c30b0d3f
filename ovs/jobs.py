"""The modules whose import registers the periodic jobs."""

import ovs.notify.jobs  # noqa: F401

"""The modules whose import registers the periodic jobs."""

import ovs.dashboard.jobs  # noqa: F401
import ovs.integration.jobs  # noqa: F401
import ovs.tracking.jobs  # noqa: F401

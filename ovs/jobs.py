"""The modules whose import registers the periodic jobs."""

import ovs.dashboard.jobs
import ovs.integration.jobs
import ovs.notify.jobs
import ovs.tracking.jobs  # noqa: F401

"""Staff pages: sign-in, missions, dashboard, reconciliation, risk, audit, users.

Each module adds its views to the one ``staff`` blueprint; importing this
package registers them all.
"""

from ovs.web.staff import audit_trail  # noqa: F401
from ovs.web.staff import auth  # noqa: F401
from ovs.web.staff import batches  # noqa: F401
from ovs.web.staff import dashboard  # noqa: F401
from ovs.web.staff import edges  # noqa: F401
from ovs.web.staff import home  # noqa: F401
from ovs.web.staff import imports  # noqa: F401
from ovs.web.staff import missions  # noqa: F401
from ovs.web.staff import partners  # noqa: F401
from ovs.web.staff import replacement  # noqa: F401
from ovs.web.staff import risk  # noqa: F401
from ovs.web.staff import users  # noqa: F401
from ovs.web.staff.blueprint import bp

__all__ = ["bp"]

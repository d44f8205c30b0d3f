"""Small helpers the staff pages share: the mission in the URL, CSV answers, links."""

import csv
import io

from flask import Response
from flask import current_app
from flask import url_for
from flask_login import current_user

from ovs.extensions import db
from ovs.staffing import scope


def url_mission(mission_id):
    """The mission named in the URL, if the signed-in user may see it (404 if not)."""
    return scope.mission(db.session, current_user, mission_id)


def actor() -> str:
    """The audit actor for the signed-in user."""
    return f"staff:{current_user.id}"


def csv_response(filename: str, headers: list[str], rows) -> Response:
    """A CSV download of the rows under the headers."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(headers)
    for row in rows:
        writer.writerow(["" if cell is None else cell for cell in row])
    return Response(
        out.getvalue(),
        mimetype="text/csv",
        headers={"Content-Disposition": f'attachment; filename="{filename}"'},
    )


def optional_url(endpoint: str, **values) -> str | None:
    """A link to a page another part of OVS provides, or None while it is absent."""
    if endpoint not in current_app.view_functions:
        return None
    return url_for(endpoint, **values)

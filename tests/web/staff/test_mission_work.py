"""Mission work through the pages: import a voter list, void and reissue a ballot."""

import io

from sqlalchemy import select

from ovs.models import AuditEntry
from ovs.models import Ballot
from ovs.models import Voter
from ovs.postal.status import Role
from tests import factories


def _mission_client(client, session, mission):
    user = factories.quick_staff(session, role=Role.MISSION, mission_=mission)
    factories.login_as(client, user)
    return user


def _upload(client, mission, body: bytes, good_rows_only=False):
    path = f"/staff/missions/{mission.id}/import"
    data = {
        "csrf_token": factories.form_token(client, path),
        "mission_id": str(mission.id),
        "file": (io.BytesIO(body), "voters.csv"),
    }
    if good_rows_only:
        data["good_rows_only"] = "yes"
    return client.post(path, data=data, content_type="multipart/form-data")


def test_an_imported_list_shows_its_report(client, session):
    mission = factories.mission(session)
    _mission_client(client, session, mission)
    response = _upload(
        client,
        mission,
        factories.voter_csv([factories.voter_row(1), factories.voter_row(2)]),
    )
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "Imported." in page
    assert session.scalar(
        select(Voter.registry_number).where(Voter.mission_id == mission.id).limit(1)
    )


def test_a_bad_row_is_reported_with_its_line_and_nothing_imported(client, session):
    mission = factories.mission(session)
    _mission_client(client, session, mission)
    rows = [factories.voter_row(1), factories.voter_row(2, date_of_birth="31-31-1980")]
    page = _upload(client, mission, factories.voter_csv(rows)).get_data(as_text=True)
    assert "Nothing was imported" in page
    assert "<td>3</td><td>date_of_birth</td>" in page
    assert not session.scalar(select(Voter.id).where(Voter.mission_id == mission.id))


def test_void_and_reissue_from_the_item_page(client, session):
    world = factories.dispatch_world(session, voters=1)
    from ovs.dispatch.batches import create_batch

    create_batch(session, mission_code=world.mission.code, actor="cli:test")
    ballot = session.scalar(select(Ballot).where(Ballot.voter_id == world.voters[0].id))
    _mission_client(client, session, world.mission)
    path = f"/staff/missions/{world.mission.id}/ballots/{ballot.id}/replace"
    response = client.post(
        path,
        data={
            "reason": "Returned by the post: moved away",
            "csrf_token": factories.form_token(client, "/staff/"),
        },
    )
    assert response.status_code == 302
    assert "/items/" in response.headers["Location"]
    states = session.scalars(
        select(Ballot.state)
        .where(Ballot.voter_id == world.voters[0].id)
        .order_by(Ballot.sequence)
    ).all()
    assert states == ["voided", "live"]
    void = session.scalar(select(AuditEntry).where(AuditEntry.action == "ballot.void"))
    assert void.details["reason"] == "Returned by the post: moved away"

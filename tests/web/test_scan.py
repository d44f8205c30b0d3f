"""The scan page: each outcome shown distinctly, staff only, one mission's envelopes."""

import datetime as dt

import pytest
from sqlalchemy import select

from ovs.models import Election
from ovs.models import Mission
from ovs.models import OutboxMessage
from ovs.models import TrackingEvent
from ovs.postal.status import BallotState
from ovs.postal.status import ItemStatus
from ovs.postal.status import Role
from tests import factories


@pytest.fixture
def mission_desk(client, session):
    """A mission, one of its ballots, and its staff signed in."""
    ballot = factories.ballot(session)
    mission = session.get(Mission, ballot.mission_id)
    user = factories.staff(session, role=Role.MISSION, mission_=mission)
    factories.login_as(client, user)
    return mission, ballot


def _scan(client, mission, number, json=False):
    page = client.get(f"/staff/missions/{mission.code}/scan")
    token = factories.csrf_token(page.data)
    headers = {"Accept": "application/json"} if json else {}
    return client.post(
        f"/staff/missions/{mission.code}/scan",
        data={"number": number, "csrf_token": token},
        headers=headers,
    )


def _return_item(ballot):
    return next(i for i in ballot.items if i.leg == "return")


def test_the_page_has_an_autofocused_input_for_the_scanner(client, mission_desk):
    mission, _ = mission_desk
    page = client.get(f"/staff/missions/{mission.code}/scan")
    assert page.status_code == 200
    assert b'name="number"' in page.data and b"autofocus" in page.data


def test_a_return_scanned_before_the_deadline_counts(client, session, mission_desk):
    mission, ballot = mission_desk
    item = _return_item(ballot)
    answer = _scan(client, mission, item.tracking_number.lower())
    assert b'data-outcome="on_time"' in answer.data
    assert b"Received on time: count this ballot." in answer.data
    assert item.status == ItemStatus.RECEIVED_ON_TIME
    event = session.scalar(
        select(TrackingEvent).where(TrackingEvent.item_id == item.id)
    )
    assert (event.code, event.source) == ("EMI", "scan")
    received = session.scalar(
        select(OutboxMessage).where(OutboxMessage.topic == "ballot.received")
    )
    assert received.payload["on_time"] and received.payload["counted"]


def test_a_return_scanned_after_the_deadline_is_late(client, session, mission_desk):
    mission, ballot = mission_desk
    election = session.get(Election, ballot.voter.election_id)
    election.return_deadline = dt.datetime(2020, 1, 1, tzinfo=dt.UTC)
    session.flush()
    answer = _scan(client, mission, _return_item(ballot).tracking_number)
    assert b"Received after the deadline: do not count this ballot." in answer.data


def test_a_voided_ballot_is_never_counted(client, session, mission_desk):
    mission, ballot = mission_desk
    ballot.state = BallotState.VOIDED
    session.flush()
    answer = _scan(client, mission, _return_item(ballot).tracking_number, json=True)
    assert answer.get_json()["outcome"] == "voided"
    assert answer.get_json()["message"] == (
        "Voided ballot: never count it; it was replaced or cancelled."
    )
    received = session.scalar(
        select(OutboxMessage).where(OutboxMessage.topic == "ballot.received")
    )
    assert received.payload["counted"] is False


def test_a_second_scan_says_already_received(client, session, mission_desk):
    mission, ballot = mission_desk
    number = _return_item(ballot).tracking_number
    _scan(client, mission, number)
    answer = _scan(client, mission, number, json=True)
    assert answer.get_json()["outcome"] == "already_received"
    assert answer.get_json()["message"] == "Already received: set this envelope aside."


def test_an_unknown_number_is_said_plainly(client, mission_desk):
    mission, _ = mission_desk
    answer = _scan(client, mission, "RR000000000MY", json=True)
    assert answer.get_json() == {
        "outcome": "unknown",
        "tracking_number": "RR000000000MY",
        "message": "Unknown number: not an envelope of this mission.",
    }


def test_another_missions_envelope_reads_as_unknown(client, session, mission_desk):
    mission, _ = mission_desk
    other = factories.ballot(session)
    answer = _scan(client, mission, _return_item(other).tracking_number, json=True)
    assert answer.get_json()["outcome"] == "unknown"
    assert _return_item(other).status == ItemStatus.PREPARED


def test_an_outbound_envelope_back_at_the_mission_is_returned(client, mission_desk):
    mission, ballot = mission_desk
    outbound = next(i for i in ballot.items if i.leg == "outbound")
    answer = _scan(client, mission, outbound.tracking_number, json=True)
    assert answer.get_json()["outcome"] == "returned_undeliverable"
    assert outbound.status == ItemStatus.RETURNED_UNDELIVERABLE


def test_staff_of_another_mission_cannot_open_the_page(client, session):
    mine, theirs = factories.mission(session), factories.mission(session)
    factories.login_as(client, factories.staff(session, Role.MISSION, mission_=mine))
    assert client.get(f"/staff/missions/{theirs.code}/scan").status_code == 404


def test_observers_cannot_scan(client, session):
    mission = factories.mission(session)
    factories.login_as(client, factories.staff(session, Role.OBSERVER))
    assert client.get(f"/staff/missions/{mission.code}/scan").status_code == 403


def test_the_page_needs_a_signed_in_user(client, session):
    mission = factories.mission(session)
    answer = client.get(f"/staff/missions/{mission.code}/scan")
    assert answer.status_code == 302 and "/staff/login" in answer.headers["Location"]


def test_an_empty_scan_is_refused_with_a_message(client, mission_desk):
    mission, _ = mission_desk
    answer = _scan(client, mission, "  ")
    assert answer.status_code == 400
    assert b"Scan or type a tracking number." in answer.data


def test_signing_in_through_the_form_reaches_the_page(client, session):
    mission = factories.mission(session)
    factories.sign_in(client, factories.staff(session, Role.MISSION, mission_=mission))
    assert client.get(f"/staff/missions/{mission.code}/scan").status_code == 200

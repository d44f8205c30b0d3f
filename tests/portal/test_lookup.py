"""Finding a voter: two facts, equal work for every miss, attempts limited."""

import datetime as dt

import pytest
from sqlalchemy import event as sa_event

from ovs.errors import NotFound
from ovs.portal import lookup
from ovs.postal.status import Leg
from tests import factories

LIMITS = lookup.Limits(per_address=20, per_voter=3, window_seconds=900)
MISS = (
    "We could not find a ballot with these details. Check them and try again. "
    "If they are right, contact your mission."
)


@pytest.fixture
def ctx(app, session):
    with app.test_request_context():
        yield


@pytest.fixture
def voter(session):
    return factories.voter(session, date_of_birth=dt.date(1990, 12, 31))


def find(session, mode, form, client="192.0.2.1", limits=LIMITS):
    return lookup.find_voter(session, mode, form, client, limits, "secret")


def registry_form(voter, born="31-12-1990"):
    return {"registry_number": voter.registry_number, "date_of_birth": born}


def test_registry_number_and_birth_date_find_the_voter(ctx, session, voter):
    typed = " ".join(voter.registry_number[i : i + 4] for i in range(0, 16, 4))
    found = find(
        session,
        "registry",
        registry_form(voter, "31 Dec 1990") | {"registry_number": typed},
    )
    assert found == voter.id


def test_tracking_number_and_postcode_find_the_voter(ctx, session, voter):
    ballot = factories.ballot(session, voter)
    outbound = next(i for i in ballot.items if i.leg == Leg.OUTBOUND)
    form = {"tracking_number": outbound.tracking_number.lower(), "postcode": "50 450"}
    assert find(session, "tracking", form) == voter.id


def _count_queries(session):
    statements = []
    engine = session.get_bind().engine

    def record(conn, cursor, statement, *args):
        statements.append(statement.split()[0])

    sa_event.listen(engine, "before_cursor_execute", record)
    return statements, lambda: sa_event.remove(engine, "before_cursor_execute", record)


@pytest.mark.parametrize("mode", ["registry", "tracking"])
def test_a_wrong_guess_is_answered_like_a_stranger_with_the_same_queries(
    ctx, session, voter, mode
):
    ballot = factories.ballot(session, voter)
    number = next(i for i in ballot.items if i.leg == Leg.OUTBOUND).tracking_number
    wrong, stranger = {
        "registry": (
            registry_form(voter, "01-01-1991"),
            {"registry_number": "9999888877776666", "date_of_birth": "31-12-1990"},
        ),
        "tracking": (
            {"tracking_number": number, "postcode": "99999"},
            {
                "tracking_number": factories.s10_number("RR", 99999998, "MY"),
                "postcode": "50450",
            },
        ),
    }[mode]
    answers = []
    for form in (wrong, stranger):
        statements, stop = _count_queries(session)
        with pytest.raises(NotFound) as caught:
            find(session, mode, form)
        stop()
        answers.append((caught.value.message, caught.value.http_status, statements))
    assert answers[0] == answers[1]
    assert answers[0][0] == MISS


def test_the_voter_record_locks_after_too_many_wrong_guesses(ctx, session, voter):
    for _ in range(LIMITS.per_voter):
        with pytest.raises(NotFound):
            find(session, "registry", registry_form(voter, "01-01-1991"))
    with pytest.raises(lookup.TooManyAttempts) as caught:
        find(session, "registry", registry_form(voter))
    assert caught.value.http_status == 429
    assert caught.value.message == (
        "Too many attempts. To keep voters' details safe, look-ups are paused: "
        "try again in 15 minutes."
    )


def test_an_unknown_number_locks_just_like_a_known_one(ctx, session):
    form = {"registry_number": "5555444433332222", "date_of_birth": "01-01-1990"}
    for _ in range(LIMITS.per_voter):
        with pytest.raises(NotFound):
            find(session, "registry", form)
    with pytest.raises(lookup.TooManyAttempts):
        find(session, "registry", form)


def test_one_address_is_limited_across_voters(ctx, session):
    limits = lookup.Limits(per_address=2, per_voter=50, window_seconds=900)
    voters = [factories.voter(session) for _ in range(3)]
    for voter in voters[:2]:
        find(session, "registry", registry_form(voter, "17-05-1988"), limits=limits)
    with pytest.raises(lookup.TooManyAttempts):
        find(session, "registry", registry_form(voters[2], "17-05-1988"), limits=limits)
    other = find(
        session,
        "registry",
        registry_form(voters[2], "17-05-1988"),
        client="198.51.100.7",
        limits=limits,
    )
    assert other == voters[2].id


def test_successful_look_ups_do_not_use_up_the_voter_allowance(ctx, session, voter):
    for _ in range(LIMITS.per_voter + 2):
        assert find(session, "registry", registry_form(voter)) == voter.id

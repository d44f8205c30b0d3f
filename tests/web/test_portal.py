"""The voter portal over HTTP: look-ups, the ballot page, languages, subscriptions."""

import datetime as dt
import re

import pytest
from sqlalchemy import select

from ovs.models import Notification
from ovs.models import Subscription
from ovs.notify import subscriptions
from ovs.postal.events import EventCode as E
from ovs.postal.status import Leg
from tests import factories

MISS = (
    "We could not find a ballot with these details. Check them and try again. "
    "If they are right, contact your mission."
)
REGISTRY_FORMAT = (
    "A voter registry number has only digits and letters, 4 to 32 of them."
)


def csrf(client, path="/track"):
    page = client.get(path).get_data(as_text=True)
    return re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)


def post_lookup(client, **fields):
    fields.setdefault("mode", "registry")
    fields["csrf_token"] = csrf(client)
    return client.post("/track", data=fields)


def without_token(html: str) -> str:
    return re.sub(r'name="csrf_token" value="[^"]+"', "", html)


def summary(html: str) -> list[str]:
    block = re.search(r'class="error-summary".*?</ul>', html, re.S).group(0)
    items = re.findall(r"<li>(?:<a href=\"#\w+\">)?(.*?)(?:</a>)?</li>", block)
    return [item.replace("&#39;", "'") for item in items]


@pytest.fixture
def voter(session):
    mission = factories.mission(session, name="KBRI Kuala Lumpur")
    voter = factories.voter(
        session,
        mission,
        full_name="Siti Rahma Lestari",
        date_of_birth=dt.date(1990, 12, 31),
        language="en",
    )
    factories.ballot(session, voter)
    return voter


def open_ballot(client, voter):
    response = post_lookup(
        client, registry_number=voter.registry_number, date_of_birth="31/12/1990"
    )
    assert response.status_code == 303
    return client.get(response.headers["Location"])


def test_a_found_voter_lands_on_the_ballot_page_with_nothing_in_the_url(client, voter):
    response = post_lookup(
        client, registry_number=voter.registry_number, date_of_birth="1990-12-31"
    )
    assert response.status_code == 303
    assert response.headers["Location"] == "/ballot"
    page = client.get("/ballot").get_data(as_text=True)
    assert "Your ballot" in page
    assert "S. R. L." in page
    assert "Siti" not in page
    assert "Jalan Ampang" not in page and "50450" not in page
    assert voter.registry_number not in page


def test_the_ballot_page_tells_both_legs_in_plain_words(client, session, voter):
    ballot = voter.ballots[0]
    out = next(i for i in ballot.items if i.leg == Leg.OUTBOUND)
    factories.event(session, out, E.POSTED, dt.datetime.now(dt.UTC))
    page = open_ballot(client, voter).get_data(as_text=True)
    assert "Your ballot left the mission" in page
    assert "Your ballot has left the mission." in page
    assert "EMA" not in page
    assert "Your ballot must reach the mission by" in page
    assert "Malaysia (Kuala Lumpur) Time" in page
    assert re.search(r"\d+ days left\.", page)


@pytest.mark.parametrize("mode", ["wrong", "unknown"])
def test_a_wrong_guess_gets_the_answer_a_stranger_gets(client, voter, mode):
    number = voter.registry_number if mode == "wrong" else "9999000011112222"
    response = post_lookup(client, registry_number=number, date_of_birth="01-01-1991")
    assert response.status_code == 404
    assert summary(response.get_data(as_text=True)) == [MISS]


def test_wrong_and_unknown_pages_are_identical(client, voter):
    pages = [
        without_token(
            post_lookup(
                client, registry_number=number, date_of_birth="01-01-1991"
            ).get_data(as_text=True)
        )
        for number in (voter.registry_number, "9999000011112222")
    ]
    pages = [page.replace(voter.registry_number, "N") for page in pages]
    pages = [page.replace("9999000011112222", "N") for page in pages]
    assert pages[0] == pages[1]


@pytest.mark.parametrize(
    ("fields", "messages"),
    [
        (
            {"registry_number": "", "date_of_birth": ""},
            ["Enter your voter registry number.", "Enter your date of birth."],
        ),
        (
            {"registry_number": "7" * 10_240, "date_of_birth": "31-12-1990"},
            [REGISTRY_FORMAT],
        ),
        (
            {"registry_number": "<script>alert(1)</script>", "date_of_birth": "x"},
            [
                REGISTRY_FORMAT,
                "Enter your date of birth as day, month and year, like 31-12-1990.",
            ],
        ),
        (
            {"registry_number": "1' OR 1=1; --", "date_of_birth": "31-12-1990"},
            [REGISTRY_FORMAT],
        ),
        (
            {"registry_number": "3171000000000001", "date_of_birth": "31-02-1990"},
            ["That date does not exist. Check the day and the month."],
        ),
        (
            {"mode": "tracking", "tracking_number": "RR123456780MY", "postcode": ""},
            [
                "This tracking number does not add up: a character was probably "
                "mistyped. Compare it with your envelope.",
                "Enter the postcode your ballot was sent to.",
            ],
        ),
    ],
)
def test_bad_input_gets_a_friendly_message_on_the_same_page(client, fields, messages):
    response = post_lookup(client, **fields)
    html = response.get_data(as_text=True)
    assert response.status_code == 400
    assert summary(html) == messages
    assert "<script>alert" not in html
    assert "<h1>Find my ballot</h1>" in html


def test_error_summary_links_each_message_to_its_field(client):
    html = post_lookup(client, registry_number="", date_of_birth="31-02-1990").get_data(
        as_text=True
    )
    assert '<a href="#registry_number">' in html
    assert '<a href="#date_of_birth">' in html
    assert 'aria-describedby="date_of_birth-hint date_of_birth-error"' in html
    assert 'aria-invalid="true"' in html


def test_typed_markup_is_echoed_escaped(client):
    html = post_lookup(
        client, registry_number='"><img src=x onerror=alert(1)>', date_of_birth="1"
    ).get_data(as_text=True)
    assert "<img src=x" not in html
    assert "&#34;&gt;&lt;img src=x onerror=alert(1)&gt;" in html


def test_too_many_attempts_answers_429_with_a_clear_message(app, client, voter):
    limit = app.config["PORTAL_ATTEMPTS_PER_VOTER"]
    for _ in range(limit):
        post_lookup(
            client, registry_number=voter.registry_number, date_of_birth="01-01-1991"
        )
    response = post_lookup(
        client, registry_number=voter.registry_number, date_of_birth="31-12-1990"
    )
    assert response.status_code == 429
    assert summary(response.get_data(as_text=True)) == [
        "Too many attempts. To keep voters' details safe, look-ups are paused: "
        "try again in 15 minutes."
    ]


def test_a_look_up_without_the_form_token_is_refused(client, voter):
    response = client.post(
        "/track",
        data={"registry_number": voter.registry_number, "date_of_birth": "31-12-1990"},
    )
    assert response.status_code == 400


def test_the_ballot_page_without_a_reference_goes_back_to_the_form(client):
    response = client.get("/ballot")
    assert response.status_code == 303
    assert response.headers["Location"] == "/track?expired=1"


def test_an_expired_reference_closes_the_ballot_page(app, client, voter):
    open_ballot(client, voter)
    app.config["PORTAL_REFERENCE_MINUTES"] = -1
    try:
        response = client.get("/ballot")
    finally:
        app.config["PORTAL_REFERENCE_MINUTES"] = 20
    assert response.status_code == 303


def test_the_language_switch_turns_the_pages_indonesian(client):
    html = client.get("/track?lang=id").get_data(as_text=True)
    assert '<html lang="id">' in html
    assert "<h1>Cari surat suara saya</h1>" in html
    again = client.get("/track").get_data(as_text=True)
    assert "<h1>Cari surat suara saya</h1>" in again


def test_the_browser_language_is_used_without_a_switch(client):
    html = client.get("/track", headers={"Accept-Language": "id-ID,id;q=0.9"})
    assert "<h1>Cari surat suara saya</h1>" in html.get_data(as_text=True)


def test_the_voters_language_beats_the_browsers_on_the_ballot_page(
    client, session, voter
):
    voter.language = "id"
    session.flush()
    response = post_lookup(
        client, registry_number=voter.registry_number, date_of_birth="31-12-1990"
    )
    page = client.get(
        response.headers["Location"], headers={"Accept-Language": "en"}
    ).get_data(as_text=True)
    assert '<html lang="id">' in page
    assert "<h1>Surat suara Anda</h1>" in page


def test_the_look_up_page_is_small_and_self_contained(client):
    page = client.get("/track")
    css = client.get("/static/ovs.css")
    assert len(page.data) + len(css.data) < 100_000
    html = page.get_data(as_text=True)
    assert not re.search(r'(src|href)="(https?:)?//', html)
    assert "<script" not in html
    assert "@import" not in css.get_data(as_text=True)


def test_subscribing_queues_a_confirmation_first(client, session, voter):
    open_ballot(client, voter)
    response = client.post(
        "/ballot/subscribe",
        data={"email": " Siti@Example.org ", "csrf_token": csrf(client, "/ballot")},
    )
    assert response.status_code == 200
    assert "Check your email" in response.get_data(as_text=True)
    subscription = session.scalar(
        select(Subscription).where(Subscription.voter_id == voter.id)
    )
    assert subscription.address == "Siti@example.org"
    assert subscription.confirmed_at is None
    kinds = session.scalars(
        select(Notification.kind).where(Notification.subscription_id == subscription.id)
    ).all()
    assert kinds == ["confirm"]


@pytest.mark.parametrize(
    ("email", "message"),
    [
        ("", "Enter your email address."),
        ("not-an-address", "Enter an email address like name@example.com."),
        ("<script>@x", "Enter an email address like name@example.com."),
    ],
)
def test_a_bad_email_gets_a_message_on_the_ballot_page(client, voter, email, message):
    open_ballot(client, voter)
    response = client.post(
        "/ballot/subscribe",
        data={"email": email, "csrf_token": csrf(client, "/ballot")},
    )
    html = response.get_data(as_text=True)
    assert response.status_code == 400
    assert f'<li><a href="#email">{message}</a></li>' in html


def test_confirm_and_one_click_unsubscribe_links_work(app, client, session, voter):
    subscription = subscriptions.subscribe(
        session, app.config["SECRET_KEY"], voter.id, "email", "a@example.org", "en"
    )
    token = subscriptions.token(app.config["SECRET_KEY"], subscription)
    assert client.get(f"/notify/confirm/{token}").status_code == 200
    assert subscriptions.is_active(subscription)
    response = client.post(f"/notify/unsubscribe/{token}")
    assert response.status_code == 204
    assert subscription.unsubscribed_at is not None
    page = client.get(f"/notify/unsubscribe/{token}").get_data(as_text=True)
    assert "You will get no more messages about your ballot." in page


def test_a_forged_link_is_refused_plainly(client):
    response = client.get("/notify/confirm/not-a-token")
    assert response.status_code == 404
    assert "This link is not valid." in response.get_data(as_text=True)


def test_subscription_changes_land_in_the_audit_log_without_the_address(
    app, client, session, voter
):
    from ovs.models import AuditEntry

    subscription = subscriptions.subscribe(
        session, app.config["SECRET_KEY"], voter.id, "email", "b@example.org", "en"
    )
    token = subscriptions.token(app.config["SECRET_KEY"], subscription)
    client.get(f"/notify/confirm/{token}")
    client.get(f"/notify/unsubscribe/{token}")
    entries = session.scalars(
        select(AuditEntry)
        .where(AuditEntry.actor == f"voter:{voter.id}")
        .order_by(AuditEntry.id)
    ).all()
    assert [e.action for e in entries] == [
        "notify.subscribe",
        "notify.confirm",
        "notify.unsubscribe",
    ]
    assert all(e.mission_id == voter.mission_id for e in entries)
    assert "b@example.org" not in str([e.details for e in entries])

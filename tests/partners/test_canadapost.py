"""Canada Post: track-v2 XML answers parsed into UPU events with exact offsets."""

import datetime as dt

import pytest

from ovs.postal.events import EventCode
from ovs.postal.events import Measure
from partners import canadapost
from partners.base import BadRequest
from partners.base import MalformedResponse

PIN = "7023210039414604"


def occurrence(
    identifier, date, time, zone, description, site="OTTAWA", prov="ON", retail=""
):
    return f"""
        <occurrence>
            <event-identifier>{identifier}</event-identifier>
            <event-date>{date}</event-date>
            <event-time>{time}</event-time>
            <event-time-zone>{zone}</event-time-zone>
            <event-description>{description}</event-description>
            <signatory-name></signatory-name>
            <event-site>{site}</event-site>
            <event-province>{prov}</event-province>
            <event-retail-location-id></event-retail-location-id>
            <event-retail-name>{retail}</event-retail-name>
        </occurrence>"""


def detail(*occurrences) -> bytes:
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<tracking-detail xmlns="http://www.canadapost.ca/ws/track-v2">
    <pin>{PIN}</pin>
    <active-exists>1</active-exists>
    <archive-exists/>
    <changed-expected-date/>
    <destination-postal-id>K1A0B1</destination-postal-id>
    <expected-delivery-date>2026-12-05</expected-delivery-date>
    <service-name>Expedited Parcels</service-name>
    <significant-events>{"".join(occurrences)}</significant-events>
</tracking-detail>""".encode()


def messages(code, description) -> bytes:
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<messages xmlns="http://www.canadapost.ca/ws/messages">
    <message><code>{code}</code><description>{description}</description></message>
</messages>""".encode()


SAMPLE = detail(
    occurrence("1496", "2026-12-03", "13:34:30", "EST", "Item successfully delivered"),
    occurrence(
        "20",
        "2026-12-03",
        "13:34:30",
        "EST",
        "Signature image recorded for Online viewing",
    ),
    occurrence("0174", "2026-12-03", "08:27:43", "EST", "Item out for delivery"),
    occurrence(
        "0168",
        "2026-12-02",
        "16:02:00",
        "PST",
        "Notice card left",
        site="VANCOUVER",
        prov="BC",
        retail="Vancouver Post Office",
    ),
)


def test_tracking_detail_gives_upu_events_in_the_reported_zone():
    result = canadapost.parse(SAMPLE, [PIN])

    assert [(e.partner_code, e.code) for e in result.events] == [
        ("1496", EventCode.DELIVERED),
        ("20", None),
        ("0174", EventCode.OUT_FOR_DELIVERY),
        ("0168", EventCode.DELIVERY_ATTEMPTED),
    ]
    first = result.events[0]
    assert first.occurred_at.utcoffset() == dt.timedelta(hours=-5)
    assert not first.offset_inferred
    assert first.location == "OTTAWA, ON"


def test_notice_card_names_where_to_collect():
    notice = canadapost.parse(SAMPLE).events[-1]

    assert notice.measure == Measure.HELD_FOR_COLLECTION
    assert notice.reason == "Available for pickup at Vancouver Post Office"
    assert notice.occurred_at.utcoffset() == dt.timedelta(hours=-8)


def test_local_time_with_abbreviation_and_its_utc_twin_are_the_same_instant():
    local, _ = canadapost.occurred_at("2026-07-01", "09:15:00", "EDT", "ON")
    utc, _ = canadapost.occurred_at("2026-07-01", "13:15:00", "UTC", "ON")

    assert local == utc


def test_unknown_zone_abbreviation_falls_back_to_the_province_zone():
    when, inferred = canadapost.occurred_at("2026-12-01", "10:00:00", "XYZ", "BC")

    assert inferred
    assert when.astimezone(dt.UTC) == dt.datetime(2026, 12, 1, 18, tzinfo=dt.UTC)


def test_no_pin_history_means_not_found():
    result = canadapost.parse(messages("004", "No Pin History"), [PIN])

    assert (result.events, result.not_found) == ([], [PIN])


def test_other_messages_are_a_bad_request_naming_the_code():
    with pytest.raises(BadRequest) as caught:
        canadapost.parse(messages("E002", "AAA Authentication Failure"), [PIN])

    assert caught.value.message == (
        "Canada Post refused the request: E002 AAA Authentication Failure."
    )


def test_unknown_identifier_is_kept_without_a_code():
    body = detail(occurrence("9999", "2026-12-03", "10:00:00", "EST", "Something new"))

    event = canadapost.parse(body).events[0]

    assert (event.code, event.partner_code, event.description) == (
        None,
        "9999",
        "Something new",
    )


def test_an_occurrence_without_time_is_malformed():
    body = detail(occurrence("0100", "2026-12-03", "", "EST", "Processed"))

    with pytest.raises(MalformedResponse) as caught:
        canadapost.parse(body)

    assert caught.value.message == (
        "A Canada Post occurrence lacks its identifier, date or time."
    )


def test_a_document_of_another_kind_is_malformed():
    with pytest.raises(MalformedResponse) as caught:
        canadapost.parse(b"<rates><rate/></rates>")

    assert caught.value.message == (
        "Canada Post answered with a <rates> document, not tracking-detail."
    )


def test_entity_expansion_is_refused_not_followed():
    bomb = (
        b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaa">]>'
        b"<tracking-detail><pin>&a;</pin></tracking-detail>"
    )

    with pytest.raises(MalformedResponse):
        canadapost.parse(bomb)

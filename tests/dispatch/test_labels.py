"""Labels and special lists: every barcode scans back to its item's number."""

import io

import pypdfium2
import pytest
import zxingcpp
from sqlalchemy import select

from ovs.dispatch.batches import create_batch
from ovs.dispatch.errors import UnknownBatch
from ovs.dispatch.labels import write_labels
from ovs.dispatch.manifest import ROWS_PER_PAGE
from ovs.dispatch.manifest import write_manifest
from ovs.errors import InvalidInput
from ovs.models import Item
from ovs.postal import s10
from ovs.postal.addresses import label_lines
from tests import factories

DPI = 200


def _pages(pdf_bytes: bytes) -> list[pypdfium2.PdfPage]:
    return list(pypdfium2.PdfDocument(pdf_bytes))


def _scan(pdf_bytes: bytes) -> list[str]:
    found = []
    for page in _pages(pdf_bytes):
        image = page.render(scale=DPI / 72).to_pil()
        found.extend(
            r.text
            for r in zxingcpp.read_barcodes(image)
            if r.format == zxingcpp.BarcodeFormat.Code128
        )
    return found


def _text(pdf_bytes: bytes) -> list[str]:
    return [page.get_textpage().get_text_range() for page in _pages(pdf_bytes)]


@pytest.fixture
def batch(session):
    world = factories.dispatch_world(session, voters=9)
    world.mission.election.mail_marking = "SURAT SUARA · ELECTION MAIL"
    session.flush()
    return create_batch(session, mission_code=world.mission.code, actor="t").batch


@pytest.mark.parametrize("stock", ["a4", "thermal"])
@pytest.mark.parametrize("leg", ["outbound", "return"])
def test_every_label_barcode_scans_to_its_items_number(session, batch, stock, leg):
    out = io.BytesIO()
    count = write_labels(session, batch.id, out, stock=stock, leg=leg)
    expected = session.scalars(
        select(Item.tracking_number).where(Item.leg == leg).order_by(Item.id)
    ).all()
    assert count == len(expected) == 9
    pdf = out.getvalue()
    assert len(_pages(pdf)) == (2 if stock == "a4" else 9)
    assert sorted(_scan(pdf)) == sorted(expected)
    text = "\n".join(_text(pdf))
    for number in expected:
        assert s10.parse(number).grouped in text
    assert text.count("SURAT SUARA · ELECTION MAIL") == 9


def test_outbound_labels_carry_the_voter_and_return_labels_the_mission(session, batch):
    outbound, back = io.BytesIO(), io.BytesIO()
    write_labels(session, batch.id, outbound, leg="outbound")
    write_labels(session, batch.id, back, leg="return")
    outbound_text, back_text = (
        "\n".join(_text(outbound.getvalue())),
        "\n".join(_text(back.getvalue())),
    )
    assert "233 Jalan Tun Razak" in outbound_text and "MALAYSIA" in outbound_text
    assert "To:" in back_text and "Jalan Ampang" in back_text
    assert back_text.index("To:") > 0


def test_address_blocks_end_with_the_country_in_capitals():
    lines = label_lines(
        {
            "street_address": "12 Jalan Ampang",
            "city": "Kuala Lumpur",
            "country_area": "Kuala Lumpur",
            "postal_code": "50450",
        },
        "MY",
        "Siti Rahma",
    )
    assert lines[0] == "Siti Rahma"
    assert lines[-1] == "MALAYSIA"
    assert "50450 KUALA LUMPUR" in lines


def test_the_special_list_has_a_line_per_item_and_page_totals(session):
    world = factories.dispatch_world(session, voters=ROWS_PER_PAGE + 3)
    batch = create_batch(session, mission_code=world.mission.code, actor="t").batch
    out = io.BytesIO()
    assert write_manifest(session, batch.id, out) == ROWS_PER_PAGE + 3
    first, second = _text(out.getvalue())
    assert f"Items on this page: {ROWS_PER_PAGE}" in first
    assert "page 1 of 2" in first and "Total items" not in first
    assert "Items on this page: 3" in second
    assert f"Total items: {ROWS_PER_PAGE + 3}" in second
    assert "Handed over by the mission" in second and "Received by the post" in second
    numbers = session.scalars(
        select(Item.tracking_number).where(Item.leg == "outbound")
    ).all()
    for number in numbers:
        assert s10.parse(number).grouped in first + second


@pytest.mark.parametrize(
    ("arguments", "error", "message"),
    [
        ({"batch_id": 424242}, UnknownBatch, "No dispatch batch has the id 424242."),
        ({"stock": "a5"}, InvalidInput, "Label stock is a4 or thermal; got 'a5'."),
        (
            {"leg": "sideways"},
            InvalidInput,
            "The leg is outbound or return; got 'sideways'.",
        ),
    ],
)
def test_labels_refuse_bad_input(session, batch, arguments, error, message):
    arguments = {"batch_id": batch.id, **arguments}
    with pytest.raises(error) as caught:
        write_labels(session, arguments.pop("batch_id"), io.BytesIO(), **arguments)
    assert caught.value.message == message


def test_a_special_list_for_an_unknown_batch_names_the_id(session):
    with pytest.raises(UnknownBatch) as caught:
        write_manifest(session, 424242, io.BytesIO())
    assert caught.value.message == "No dispatch batch has the id 424242."

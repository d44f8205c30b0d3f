"""Fault switches: read from JSON and the command line, refused when wrong."""

import pytest

from partners.sandbox.faults import FaultBoard
from partners.sandbox.faults import FaultError
from partners.sandbox.faults import Faults
from partners.sandbox.faults import from_mapping
from partners.sandbox.faults import parse_option


def test_a_command_line_fault_names_partner_and_switches():
    partner, faults = parse_option("dhl:rate_limit=30,duplicates")

    assert partner == "dhl"
    assert faults == Faults(rate_limit=30.0, duplicates=True)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (
            "rate_limit=3",
            "A fault is written partner:switch=value[,switch=value]; "
            "got 'rate_limit=3'.",
        ),
        (
            "dhl:speed=3",
            "Unknown fault switch 'speed'; known: delay, timeout, "
            "error, rate_limit, malformed, duplicates, out_of_order, share.",
        ),
        ("dhl:error=404", "error must be a 5xx status, got 404."),
        ("dhl:error=soon", "error must be a whole number, got 'soon'."),
        ("dhl:delay=x", "delay must be a number, got 'x'."),
        (
            "dhl:malformed=garbage",
            "malformed must be one of truncated, html, empty, got 'garbage'.",
        ),
        ("dhl:error=503,share=2", "share must be between 0 and 1, got 2.0."),
    ],
)
def test_wrong_faults_are_refused_with_the_reason(text, message):
    with pytest.raises(FaultError) as caught:
        parse_option(text)

    assert str(caught.value) == message


def test_all_switches_off_clears_a_partner():
    board = FaultBoard()
    board.set("dhl", from_mapping({"error": 503}))
    board.set("dhl", from_mapping({}))

    assert board.snapshot() == {}


def test_a_share_of_zero_spares_every_request():
    board = FaultBoard()
    board.set("dhl", Faults(error=503, share=0.0))

    assert all(not board.for_request("dhl").active for _ in range(50))


def test_a_share_affects_about_that_fraction():
    board = FaultBoard(seed=1)
    board.set("dhl", Faults(error=503, share=0.3))

    hit = sum(board.for_request("dhl").active for _ in range(1000))

    assert 220 < hit < 380

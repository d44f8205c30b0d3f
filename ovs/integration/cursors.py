"""Opaque cursors: a position a client hands back unchanged to read on."""

import base64
import binascii
import json

from ovs.errors import InvalidInput

BAD_CURSOR = (
    "The cursor {cursor!r} is not one this API gave out. Pass next_cursor from "
    "the previous answer unchanged, or leave cursor out to start from the beginning."
)


def encode(kind: str, position: int) -> str:
    """An opaque cursor for a position in one kind of listing."""
    body = json.dumps({"k": kind, "p": position}, separators=(",", ":"))
    return base64.urlsafe_b64encode(body.encode()).decode().rstrip("=")


def decode(kind: str, cursor: str | None) -> int:
    """The position a cursor stands for; 0 without one; ``InvalidInput`` if bad."""
    if cursor is None or cursor == "":
        return 0
    try:
        padded = cursor + "=" * (-len(cursor) % 4)
        body = json.loads(base64.urlsafe_b64decode(padded.encode()))
        position = body["p"]
        valid = body["k"] == kind and type(position) is int and position >= 0
    except (ValueError, TypeError, KeyError, binascii.Error, UnicodeError):
        valid = False
    if not valid:
        raise InvalidInput(BAD_CURSOR.format(cursor=cursor[:80]))
    return position

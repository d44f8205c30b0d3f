"""Fault switches: make one partner slow, down, limiting, garbled or repetitive.

Each partner has at most one ``Faults`` record. ``share`` is the fraction of
requests affected (drawn from a seeded generator, so a run repeats); the rest
are answered normally.
"""

import random
import threading
from dataclasses import asdict
from dataclasses import dataclass
from dataclasses import fields

MALFORMED_KINDS = ("truncated", "html", "empty")


class FaultError(ValueError):
    """A fault switch that cannot be set; the message says which and why."""


@dataclass(frozen=True)
class Faults:
    """What to do wrong for one partner."""

    delay: float = 0.0  # seconds added to every answer
    timeout: float = 0.0  # seconds to hang before answering (past the client's)
    error: int = 0  # a 5xx status to answer with
    rate_limit: float = 0.0  # answer 429 with this Retry-After, in seconds
    malformed: str = ""  # truncated | html | empty
    duplicates: bool = False  # report every event twice
    out_of_order: bool = False  # report events newest first
    share: float = 1.0

    @property
    def active(self) -> bool:
        """Whether any switch is on."""
        return self != Faults(share=self.share)


def from_mapping(values: dict) -> Faults:
    """Build Faults from JSON or CLI values, refusing unknown or wrong ones."""
    known = {f.name: f.type for f in fields(Faults)}
    unknown = sorted(set(values) - set(known))
    if unknown:
        raise FaultError(
            f"Unknown fault switch {unknown[0]!r}; known: {', '.join(known)}."
        )
    cleaned = {}
    for name, raw in values.items():
        cleaned[name] = _coerce(name, raw, Faults.__dataclass_fields__[name].default)
    faults = Faults(**cleaned)
    if faults.error and not 500 <= faults.error <= 599:
        raise FaultError(f"error must be a 5xx status, got {faults.error}.")
    if faults.malformed and faults.malformed not in MALFORMED_KINDS:
        raise FaultError(
            f"malformed must be one of {', '.join(MALFORMED_KINDS)}, "
            f"got {faults.malformed!r}."
        )
    if not 0.0 <= faults.share <= 1.0:
        raise FaultError(f"share must be between 0 and 1, got {faults.share}.")
    return faults


def parse_option(text: str) -> tuple[str, Faults]:
    """Read a CLI option ``partner:switch=value,switch=value``."""
    partner, sep, rest = text.partition(":")
    if not sep or not partner.strip():
        raise FaultError(
            f"A fault is written partner:switch=value[,switch=value]; got {text!r}."
        )
    values = {}
    for piece in filter(None, (p.strip() for p in rest.split(","))):
        name, eq, value = piece.partition("=")
        values[name.strip()] = value.strip() if eq else True
    return partner.strip(), from_mapping(values)


def _coerce(name: str, raw, default):
    try:
        if isinstance(default, bool):
            if isinstance(raw, bool):
                return raw
            return str(raw).strip().lower() in {"1", "true", "yes", "on"}
        if isinstance(default, int):
            return int(raw)
        if isinstance(default, float):
            return float(raw)
    except (TypeError, ValueError):
        kind = "a whole number" if isinstance(default, int) else "a number"
        raise FaultError(f"{name} must be {kind}, got {raw!r}.") from None
    return str(raw)


class FaultBoard:
    """The fault switches of every partner, safe to change while serving."""

    def __init__(self, seed: int = 0):
        self._lock = threading.Lock()
        self._faults: dict[str, Faults] = {}
        self._rng = random.Random(seed)

    def set(self, partner: str, faults: Faults) -> None:
        """Replace a partner's switches (all off clears them)."""
        with self._lock:
            if faults.active:
                self._faults[partner] = faults
            else:
                self._faults.pop(partner, None)

    def clear(self) -> None:
        """Turn every switch off."""
        with self._lock:
            self._faults.clear()

    def for_request(self, partner: str) -> Faults:
        """The switches that apply to this request (none when it is spared)."""
        with self._lock:
            faults = self._faults.get(partner)
            if faults is None or self._rng.random() >= faults.share:
                return Faults()
            return faults

    def of(self, partner: str) -> Faults:
        """A partner's switches, ignoring ``share``."""
        with self._lock:
            return self._faults.get(partner, Faults())

    def snapshot(self) -> dict[str, dict]:
        """Every partner's switches as plain values."""
        with self._lock:
            return {name: asdict(f) for name, f in sorted(self._faults.items())}

"""Signed callbacks: the sandbox pushes events to OVS for partners set to push.

The body is OVS's generic callback format, ``{"events": [...]}``; the header
``OVS-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<raw body>">`` is
keyed with the partner's callback secret. An event is marked sent only after
OVS answered 2xx, so a refused or failed push is tried again next round.
"""

import hashlib
import hmac
import json
import threading
import time
from dataclasses import dataclass

import requests

from ovs import logs
from partners.sandbox import SandboxEvent
from partners.sandbox.faults import FaultBoard
from partners.sandbox.render import local_time
from partners.sandbox.world import SandboxWorld
from partners.sandbox.world import apply_data_faults

log = logs.get(__name__)

HEADER = "OVS-Signature"


@dataclass(frozen=True)
class CallbackTarget:
    """Where a partner's callbacks go and the secret that signs them."""

    url: str
    secret: str


def sign(secret: str, body: bytes, timestamp: int) -> str:
    """The ``OVS-Signature`` header value for a raw body."""
    message = str(timestamp).encode() + b"." + body
    digest = hmac.new(secret.encode(), message, hashlib.sha256).hexdigest()
    return f"t={timestamp},v1={digest}"


def event_json(number: str, event: SandboxEvent) -> dict:
    """One event in the generic callback format, in the local time of its place."""
    entry = {
        "tracking_number": number,
        "code": event.code.value,
        "time": local_time(event).isoformat(),
        "location": event.location,
        "country": event.country,
        "reason": event.reason,
        "id": event.event_id,
    }
    if event.measure is not None:
        entry["measure"] = event.measure.value
    return entry


class Pusher:
    """Sends each registered item's new events to its partner's callback target."""

    def __init__(self, world: SandboxWorld, faults: FaultBoard, timeout: float = 5.0):
        self.world, self.faults, self.timeout = world, faults, timeout
        self.targets: dict[str, CallbackTarget] = {}
        self._sent: set[tuple[str, str]] = set()
        self._lock = threading.Lock()
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    def set_target(self, partner_code: str, target: CallbackTarget | None) -> None:
        """Start (or with None, stop) pushing the events of items for a partner."""
        with self._lock:
            if target is None:
                self.targets.pop(partner_code, None)
            else:
                self.targets[partner_code] = target

    def push_due(self) -> int:
        """Push every event that has happened and is not yet sent; return how many."""
        with self._lock:
            targets = dict(self.targets)
        return sum(self._push_partner(p, t) for p, t in targets.items())

    def start(self, interval: float = 1.0) -> None:
        """Push in a background thread every ``interval`` real seconds."""
        self._stop.clear()
        self._thread = threading.Thread(
            target=self._run, args=(interval,), name="sandbox-pusher", daemon=True
        )
        self._thread.start()

    def stop(self) -> None:
        """Stop the background thread."""
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout=5)

    def _run(self, interval: float) -> None:
        while not self._stop.wait(interval):
            try:
                self.push_due()
            # One bad round (a bug, a dying receiver) must not end the pushing.
            except Exception:
                log.exception("sandbox.push_failed")

    def _push_partner(self, partner_code: str, target: CallbackTarget) -> int:
        now = self.world.now()
        due, adapters = [], set()
        for carried in self.world.registered(partner_code):
            number = carried.spec.tracking_number
            for event in carried.life.events:
                if (
                    event.occurred_at <= now
                    and (number, event.event_id) not in self._sent
                ):
                    due.append((number, event))
                    adapters.add(carried.spec.partner)
        if not due:
            return 0
        entries = [(n, e) for n, e in due]
        for adapter in adapters:
            entries = apply_data_faults(entries, self.faults.of(adapter))
        body = json.dumps({"events": [event_json(n, e) for n, e in entries]}).encode()
        if not self._deliver(partner_code, target, body):
            return 0
        self._sent.update((n, e.event_id) for n, e in due)
        return len(due)

    def _deliver(self, partner: str, target: CallbackTarget, body: bytes) -> bool:
        headers = {
            "Content-Type": "application/json",
            HEADER: sign(target.secret, body, int(time.time())),
        }
        try:
            answer = requests.post(
                target.url, data=body, headers=headers, timeout=self.timeout
            )
        except requests.RequestException as exc:
            log.warning(
                "sandbox.push_unreachable", partner=partner, error=type(exc).__name__
            )
            return False
        if not 200 <= answer.status_code < 300:
            log.warning(
                "sandbox.push_refused", partner=partner, status=answer.status_code
            )
            return False
        log.info("sandbox.pushed", partner=partner, bytes=len(body))
        return True

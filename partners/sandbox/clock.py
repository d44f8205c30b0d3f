"""The sandbox clock: accelerated for the demo, settable for tests."""

import datetime as dt
import threading
import time


class SandboxClock:
    """Sandbox time running ``speed`` sandbox minutes per real second from a start.

    A speed of 0 stops the clock; tests set it to an exact instant instead.
    """

    def __init__(self, speed: float = 0.0, start: dt.datetime | None = None):
        self._lock = threading.Lock()
        self._speed = float(speed)
        self._anchor_sim = start or dt.datetime.now(dt.UTC)
        self._anchor_real = time.monotonic()

    def now(self) -> dt.datetime:
        """The current sandbox time, aware UTC."""
        with self._lock:
            elapsed = time.monotonic() - self._anchor_real
            return self._anchor_sim + dt.timedelta(minutes=elapsed * self._speed)

    def set(self, when: dt.datetime, speed: float | None = None) -> None:
        """Jump to ``when`` (aware) and optionally change the speed."""
        if when.tzinfo is None:
            raise ValueError("The sandbox clock takes aware datetimes only.")
        with self._lock:
            self._anchor_sim = when.astimezone(dt.UTC)
            self._anchor_real = time.monotonic()
            if speed is not None:
                self._speed = float(speed)

    def advance(self, delta: dt.timedelta) -> None:
        """Move the clock forward by ``delta``."""
        self.set(self.now() + delta)

    @property
    def speed(self) -> float:
        """Sandbox minutes per real second."""
        return self._speed

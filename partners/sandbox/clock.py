"""The sandbox clock: accelerated for the demo, settable for tests."""

import datetime as dt
import threading
import time


class SandboxClock:
    """Sandbox time running ``speed`` sandbox minutes per real second from a start.

    A speed of 0 stops the clock; tests set it to an exact instant instead. A
    catch-up clock never runs ahead of real time: started in the past, it runs
    at ``speed`` until it reaches the real time, then keeps pace with it, so a
    demo shows movement without ever dating an event in the future.
    """

    def __init__(
        self,
        speed: float = 0.0,
        start: dt.datetime | None = None,
        catch_up: bool = False,
    ):
        self._lock = threading.Lock()
        self._speed = float(speed)
        self.catch_up = catch_up
        self._anchor_sim = start or dt.datetime.now(dt.UTC)
        self._anchor_real = time.monotonic()

    def now(self) -> dt.datetime:
        """The current sandbox time, aware UTC."""
        with self._lock:
            minutes = (time.monotonic() - self._anchor_real) * self._speed
            anchor = self._anchor_sim
        if self.catch_up:
            real = dt.datetime.now(dt.UTC)
            if minutes >= (real - anchor).total_seconds() / 60:
                return real
        return anchor + dt.timedelta(minutes=minutes)

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

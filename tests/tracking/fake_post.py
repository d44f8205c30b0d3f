"""A small partner post for tests: an adapter and the HTTP server it talks to.

The server answers ``GET /track?numbers=A,B`` with the generic callback format
(``{"events": [...], "not_found": [...]}``) from a dict of events per number,
records every number it was asked about, and can be told to fail or to hang.
"""

import json
import threading
import time
from http.server import BaseHTTPRequestHandler
from http.server import ThreadingHTTPServer
from urllib.parse import parse_qs
from urllib.parse import urlparse

import requests

from partners import callbacks
from partners.base import Adapter
from partners.base import MalformedResponse
from partners.base import PartnerUnavailable
from partners.base import TrackingResult

NAME = "fake"
MODULE = "tests.tracking.fake_post"


class FakeAdapter(callbacks.GenericCallbacks, Adapter):
    """Tracks any number through the fake post's server."""

    name = NAME
    title = "Fake Post"

    def __init__(self, base_url, credentials=None, settings=None, timeout=10.0):
        super().__init__(base_url, credentials, settings, timeout)
        self.batch_size = int(self.settings.get("batch_size", 10))
        self.requests_per_minute = float(self.settings.get("rpm", 6000))

    def accepts(self, tracking_number: str) -> bool:
        """Any number."""
        return True

    def track(self, numbers: list[str]) -> TrackingResult:
        """Ask the fake server about up to batch_size numbers."""
        self.check_batch(numbers)
        try:
            answer = requests.get(
                f"{self.base_url}/track",
                params={"numbers": ",".join(numbers)},
                timeout=self.timeout,
            )
        except requests.RequestException as exc:
            raise PartnerUnavailable(f"Fake Post unreachable: {exc}") from None
        if answer.status_code in (429, 503):
            retry = answer.headers.get("Retry-After")
            raise PartnerUnavailable(
                f"Fake Post answered {answer.status_code}.",
                retry_after=float(retry) if retry else None,
            )
        return self.parse_tracking(answer.content)

    def parse_tracking(self, body: bytes) -> TrackingResult:
        """Events and unknown numbers from a fake tracking answer."""
        try:
            document = json.loads(body)
        except ValueError:
            raise MalformedResponse("Fake Post sent something not JSON.") from None
        batch = callbacks.parse(body)
        return TrackingResult(
            [event for _, event in batch.events], document.get("not_found", [])
        )


ADAPTER = FakeAdapter


class FakePostServer:
    """The fake post's HTTP server on 127.0.0.1 with an ephemeral port."""

    def __init__(self, events: dict[str, list[dict]] | None = None):
        self.events = events or {}
        self.asked: list[str] = []
        self.requests = 0
        self.fail_status: int | None = None
        self.retry_after: str | None = None
        self.hang_seconds = 0.0
        self.lock = threading.Lock()
        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        # A request left hanging must not hold up the server's shutdown.
        self.httpd.daemon_threads = True
        self.thread = threading.Thread(
            target=self.httpd.serve_forever, args=(0.05,), daemon=True
        )

    @property
    def url(self) -> str:
        """The server's base URL."""
        host, port = self.httpd.server_address[:2]
        return f"http://{host}:{port}"

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.httpd.shutdown()
        self.httpd.server_close()

    def _answer(self, numbers: list[str]) -> tuple[int, dict]:
        with self.lock:
            self.requests += 1
            self.asked.extend(numbers)
        if self.hang_seconds:
            time.sleep(self.hang_seconds)
        if self.fail_status:
            return self.fail_status, {}
        found = [n for n in numbers if n in self.events]
        events = [e for n in found for e in self.events[n]]
        not_found = [n for n in numbers if n not in self.events]
        return 200, {"events": events, "not_found": not_found}

    def _handler(self):
        server = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self):
                query = parse_qs(urlparse(self.path).query)
                numbers = [n for n in query.get("numbers", [""])[0].split(",") if n]
                status, document = server._answer(numbers)
                body = json.dumps(document).encode()
                self.send_response(status)
                if server.retry_after:
                    self.send_header("Retry-After", server.retry_after)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args):
                pass

        return Handler

"""A real HTTP webhook receiver on 127.0.0.1, port 0: down, failing or slow."""

import json
import socket
import threading
import time
from http.server import BaseHTTPRequestHandler
from http.server import ThreadingHTTPServer

from ovs.integration import signing


class Receiver:
    """Records every webhook it accepts; its mode says how it answers."""

    def __init__(self, secret: str, clock):
        self.secret = secret
        self.clock = clock
        self.mode = "up"  # "up", "failing" (503) or "slow" (answers late)
        self.slow_seconds = 0.2
        self.received: list[dict] = []
        self.attempts = 0
        self._server = None
        self.port = None
        self.start()

    @property
    def url(self) -> str:
        """Where OVS should post."""
        return f"http://127.0.0.1:{self.port}/hooks/ovs"

    def start(self) -> None:
        """Listen (again) on the receiver's port."""
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                receiver.handle(self)

            def log_message(self, *args):
                pass

        server_class = type(
            "Server", (ThreadingHTTPServer,), {"allow_reuse_address": True}
        )
        self._server = server_class(("127.0.0.1", self.port or 0), Handler)
        self.port = self._server.server_address[1]
        threading.Thread(target=self._server.serve_forever, daemon=True).start()

    def stop(self) -> None:
        """Stop listening: connections are refused until ``start``."""
        self._server.shutdown()
        self._server.server_close()

    def handle(self, request) -> None:
        """Answer one delivery by the current mode, recording it when accepted."""
        self.attempts += 1
        body = request.rfile.read(int(request.headers["Content-Length"]))
        if self.mode == "failing":
            request.send_response(503)
            request.end_headers()
            return
        header = request.headers.get(signing.SIGNATURE_HEADER, "")
        envelope = json.loads(body)
        self.received.append(
            {
                "event_id": request.headers.get(signing.EVENT_ID_HEADER),
                "topic": request.headers.get(signing.TOPIC_HEADER),
                "signed": signing.verify(
                    self.secret, header, body, int(self.clock().timestamp())
                ),
                "envelope": envelope,
            }
        )
        # A slow receiver has stored the message; only its answer is late.
        if self.mode == "slow":
            time.sleep(self.slow_seconds)
        request.send_response(204)
        request.end_headers()


def free_port_is_closed(port: int) -> bool:
    """Whether nothing listens on the port now."""
    with socket.socket() as probe:
        return probe.connect_ex(("127.0.0.1", port)) != 0

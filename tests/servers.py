"""A real SMTP server and a real HTTP gateway on 127.0.0.1, each on a free port.

Import the fixtures into a conftest (or a test module) that needs them.
"""

import json
import threading
from email import message_from_bytes
from email import policy
from http.server import BaseHTTPRequestHandler
from http.server import ThreadingHTTPServer

import pytest
from aiosmtpd.controller import Controller


class _Inbox:
    """aiosmtpd handler keeping every message it is given."""

    def __init__(self):
        self.messages = []

    async def handle_DATA(self, server, session, envelope):
        self.messages.append(
            (
                envelope.rcpt_tos,
                message_from_bytes(envelope.content, policy=policy.SMTP),
            )
        )
        return "250 OK"


class _FreePortController(Controller):
    """An aiosmtpd controller that binds port 0 and learns the port it got."""

    def _trigger_server(self):
        self.port = self.server.sockets[0].getsockname()[1]
        super()._trigger_server()


@pytest.fixture
def smtp_server():
    """A running SMTP server; ``.inbox.messages`` holds what arrived."""
    inbox = _Inbox()
    controller = _FreePortController(inbox, hostname="127.0.0.1", port=0)
    controller.start()
    controller.inbox = inbox
    yield controller
    controller.stop()


class _Gateway(BaseHTTPRequestHandler):
    def do_POST(self):
        length = int(self.headers.get("Content-Length", 0))
        body = json.loads(self.rfile.read(length))
        self.server.received.append((self.headers.get("Authorization"), body))
        status = self.server.answers.pop(0) if self.server.answers else 202
        self.send_response(status)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def log_message(self, *args):
        pass


@pytest.fixture
def gateway():
    """A fake SMS gateway; set ``.answers`` to statuses to give, read ``.received``."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Gateway)
    server.received = []
    server.answers = []
    server.url = f"http://127.0.0.1:{server.server_address[1]}/send"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server
    server.shutdown()
    server.server_close()

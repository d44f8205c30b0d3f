"""How fast webhooks drain: N outbox messages fanned out and posted to a local receiver.

    python bench/webhook_delivery.py --messages 5000 [--postgres URL]

The receiver is a real HTTP server on 127.0.0.1 (port 0) that answers 204.
Messages are spread over items, so the per-item ordering rule is in play.
Prints one line per database: messages, seconds, deliveries per second.
"""

import argparse
import datetime as dt
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler
from http.server import ThreadingHTTPServer
from pathlib import Path

from sqlalchemy import insert

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import scratch

from ovs.extensions import db
from ovs.integration.delivery import DeliveryPolicy
from ovs.integration.delivery import deliver_due
from ovs.integration.fanout import fan_out
from ovs.integration.subscribers import add_subscriber
from ovs.models import OutboxMessage
from ovs.models.base import utcnow


class Sink(BaseHTTPRequestHandler):
    """Reads each delivery and answers 204."""

    def do_POST(self):
        self.rfile.read(int(self.headers["Content-Length"]))
        self.send_response(204)
        self.end_headers()

    def log_message(self, *args):
        pass


def measure(url: str, messages: int, receiver: str) -> float:
    """Seconds to fan out and deliver ``messages`` outbox messages."""
    app = scratch.migrated_app(url)
    with app.app_context():
        session = db.session
        add_subscriber(
            session,
            name="bench",
            url=receiver,
            topics=["item.status_changed"],
            actor="bench",
            allow_private=True,
        )
        rows = [
            {
                "topic": "item.status_changed",
                "key": str(n % 500),
                "payload": {"item_id": n % 500, "to": "in_transit"},
                "created_at": utcnow(),
            }
            for n in range(messages)
        ]
        session.execute(insert(OutboxMessage), rows)
        session.commit()
        now = utcnow() + dt.timedelta(minutes=5)
        policy = DeliveryPolicy(timeout=5, batch=1000, allow_private=True)
        started = time.perf_counter()
        fan_out(session, now=now, settle=dt.timedelta(seconds=60))
        session.commit()
        sent = 0
        while sent < messages:
            sent += deliver_due(session, now=now, policy=policy)["sent"]
        elapsed = time.perf_counter() - started
        db.engine.dispose()
    return elapsed


def main() -> None:
    """Run on SQLite, and on PostgreSQL when a server URL is given."""
    parser = argparse.ArgumentParser()
    parser.add_argument("--messages", type=int, default=5000)
    parser.add_argument("--postgres", help="PostgreSQL server URL to create a db on")
    args = parser.parse_args()
    server = ThreadingHTTPServer(("127.0.0.1", 0), Sink)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    receiver = f"http://127.0.0.1:{server.server_address[1]}/hook"

    with scratch.database("sqlite", None) as url:
        report("sqlite", args.messages, measure(url, args.messages, receiver))
    if args.postgres:
        with scratch.postgres_database(args.postgres) as url:
            report("postgresql", args.messages, measure(url, args.messages, receiver))
    server.shutdown()


def report(name: str, messages: int, seconds: float) -> None:
    """Print one result line."""
    print(
        f"{name:<10} messages={messages:>7,} seconds={seconds:7.1f} "
        f"rate={messages / seconds:>7,.0f}/s"
    )


if __name__ == "__main__":
    main()

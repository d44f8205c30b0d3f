"""The partner callback endpoint under gunicorn on PostgreSQL.

    python bench/callbacks.py [--requests 300] [--events-per-request 100]
        [--clients 4] [--workers 2]
        [--postgres postgresql://postgres@127.0.0.1:5432/test]

Fills a scratch PostgreSQL database with items in flight, starts gunicorn on a
free loopback port, and sends signed callbacks of 100 events each from a fixed
number of client threads (bounded: each waits for its answer before sending
the next). Prints events per second and the latency percentiles of requests.
"""

import argparse
import datetime as dt
import os
import signal
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path

import requests

sys.path.insert(0, str(Path(__file__).resolve().parent))

import scratch
import tracking_world

from ovs.extensions import db
from ovs.models import PartnerPost
from partners import callbacks

ROOT = Path(__file__).resolve().parents[1]
KL = "+08:00"


def bodies(numbers: list[str], per_request: int, count: int) -> list[bytes]:
    """Callback bodies of journey events, item after item."""
    start = dt.datetime(2027, 1, 5, 9)
    events = []
    for n, number in enumerate(numbers):
        for step, code in enumerate(tracking_world.JOURNEY):
            at = start + dt.timedelta(hours=n % 48 + 9 * step)
            events.append(
                {
                    "tracking_number": number,
                    "code": code.value,
                    "time": at.isoformat() + KL,
                    "location": f"HUB {step}",
                    "country": "MY",
                }
            )
        if len(events) >= per_request * count:
            break
    return [
        callbacks.body(events[i : i + per_request])
        for i in range(0, per_request * count, per_request)
    ]


def start_gunicorn(url: str, port: int, workers: int) -> subprocess.Popen:
    """Gunicorn serving OVS on the scratch database."""
    env = os.environ | {
        "OVS_DATABASE_URL": url,
        "OVS_SCHEDULER_IN_WEB": "false",
        "OVS_LOG_LEVEL": "WARNING",
    }
    command = [
        str(Path(sys.executable).with_name("gunicorn")),
        "-w",
        str(workers),
        "-b",
        f"127.0.0.1:{port}",
        "--log-level",
        "warning",
        "ovs:create_app()",
    ]
    server = subprocess.Popen(command, cwd=ROOT, env=env)
    return scratch.answering(server, f"http://127.0.0.1:{port}/healthz", "gunicorn")


def send_all(target: str, secret: str, work: list[bytes], clients: int):
    """Send every body from ``clients`` threads; return latencies and statuses."""
    latencies, statuses, lock = [], [], threading.Lock()
    queue = list(reversed(work))

    def client():
        session = requests.Session()
        while True:
            with lock:
                if not queue:
                    return
                body = queue.pop()
            header = callbacks.header_value(secret, body, int(time.time()))
            started = time.perf_counter()
            answer = session.post(
                target,
                data=body,
                headers={"OVS-Signature": header, "Content-Type": "application/json"},
                timeout=60,
            )
            elapsed = time.perf_counter() - started
            with lock:
                latencies.append(elapsed)
                statuses.append((answer.status_code, answer.text[:200]))

    threads = [threading.Thread(target=client) for _ in range(clients)]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return time.perf_counter() - started, latencies, statuses


def main() -> None:
    """Run the load and print the figures."""
    parser = argparse.ArgumentParser()
    parser.add_argument("--requests", type=int, default=300)
    parser.add_argument("--events-per-request", type=int, default=100)
    parser.add_argument("--clients", type=int, default=4)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--postgres", default=os.environ.get("OVS_TEST_POSTGRES_URL"))
    args = parser.parse_args()
    if not args.postgres:
        raise SystemExit("Give --postgres or set OVS_TEST_POSTGRES_URL.")
    per, count = args.events_per_request, args.requests
    ballots = per * count // (2 * len(tracking_world.JOURNEY)) + 1
    with tracking_world.world("postgresql", args.postgres, ballots) as (_app, url):
        partner = db.session.query(PartnerPost).one()
        work = bodies(tracking_world.numbers(db.session), per, count)
        secret, code = partner.callback_secret, partner.code
        db.session.remove()
        db.engine.dispose()
        port = scratch.free_port()
        server = start_gunicorn(url, port, args.workers)
        try:
            target = f"http://127.0.0.1:{port}/api/v1/partners/{code}/events"
            seconds, latencies, statuses = send_all(target, secret, work, args.clients)
        finally:
            server.send_signal(signal.SIGTERM)
            server.wait(timeout=30)
    cuts = statistics.quantiles(latencies, n=100, method="inclusive")
    refused = [text for status, text in statuses if status != 200]
    if refused:
        print(f"{len(refused)} requests refused; the first said: {refused[0]}")
    bad = len(refused)
    print(
        f"postgresql gunicorn workers={args.workers} clients={args.clients} "
        f"requests={len(latencies)} events/request={per} non-200={bad} "
        f"events/s={per * len(latencies) / seconds:,.0f} "
        f"p50={cuts[49] * 1000:.0f}ms p99={cuts[98] * 1000:.0f}ms"
    )


if __name__ == "__main__":
    main()

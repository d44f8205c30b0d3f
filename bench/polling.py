"""CPU spent by the poller per polled item, against the partner sandbox.

    python bench/polling.py [--items 100000] [--engine postgresql|sqlite]
        [--postgres postgresql://postgres@127.0.0.1:5432/test]

Fills a scratch database with ``--items`` items in flight at a UPU-standard
post, starts the partner sandbox in a process of its own (so its CPU is not
counted), and polls until nothing is due. The sandbox meets every number for
the first time and gives it a life of several events, so each poll also
ingests events. Partner rate limits are lifted for the run: the figure is the
poller's own CPU (claim, HTTP, parse, ingest, schedule), not time spent waiting
for a quota. Prints CPU milliseconds per polled item, events stored and wall
time.
"""

import argparse
import os
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import scratch
import tracking_world

from ovs.extensions import db
from ovs.models import TrackingEvent
from ovs.tracking import poller

ROOT = Path(__file__).resolve().parents[1]


def start_sandbox(port: int) -> subprocess.Popen:
    """The partner sandbox as its own process, clock stopped, no callbacks."""
    flask = str(Path(sys.executable).with_name("flask"))
    command = [flask, "--app", "ovs", "sandbox", "--port", str(port)]
    command += ["--speed", "0", "--no-push"]
    env = os.environ | {"OVS_LOG_LEVEL": "WARNING"}
    sandbox = subprocess.Popen(command, cwd=ROOT, env=env, stdout=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}/_sandbox"
    return scratch.answering(sandbox, url, "the sandbox")


def unlimited(partner_id: int, per_minute: float) -> poller.TokenBucket:
    """A bucket that never runs dry, so the run measures CPU, not quotas."""
    return poller.TokenBucket(1e9)


def main() -> None:
    """Poll every item once and print the CPU cost per item."""
    parser = argparse.ArgumentParser()
    parser.add_argument("--items", type=int, default=100_000)
    parser.add_argument("--engine", default="postgresql")
    parser.add_argument("--postgres", default=os.environ.get("OVS_TEST_POSTGRES_URL"))
    args = parser.parse_args()
    port = scratch.free_port()
    sandbox = start_sandbox(port)
    poller.bucket_for = unlimited
    config = {
        "SANDBOX_URL": f"http://127.0.0.1:{port}",
        "POLL_MAX_ITEMS_PER_TICK": 5000,
    }
    try:
        with tracking_world.world(
            args.engine, args.postgres, args.items // 2, **config
        ):
            wall, cpu = time.perf_counter(), time.process_time()
            report = poller.PollReport()
            while True:
                before = report.items
                poller.poll_once(db.session, "bench", report=report)
                if report.items == before:
                    break
            cpu, wall = time.process_time() - cpu, time.perf_counter() - wall
            events = db.session.query(TrackingEvent).count()
    finally:
        sandbox.terminate()
        sandbox.wait(timeout=30)
    print(
        f"{args.engine} items={report.items:,} requests={report.requests:,} "
        f"failures={report.failures} events={events:,} wall={wall:.0f}s "
        f"cpu={cpu:.0f}s cpu_per_item={cpu * 1000 / max(1, report.items):.2f}ms"
    )


if __name__ == "__main__":
    main()

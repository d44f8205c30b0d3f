"""The portal look-up's latency at election scale, under a steady request rate.

    python bench/portal_lookup.py \
        --postgres postgresql://postgres@127.0.0.1:5432/postgres
        [--voters 2000000] [--ballots 400000] [--rate 200] [--seconds 60]
        [--database URL] [--seed-only] [--keep]

Creates a scratch PostgreSQL database (or reuses ``--database``), loads the demo
missions and ``--voters`` voters with set-based SQL (much faster than row
inserts), gives ``--ballots`` of them a ballot with two items, then serves the
app under gunicorn on loopback and drives ``POST /track`` with ``wrk`` at a
steady rate: a third registry-number look-ups that match, a third with a wrong
date of birth, a third by tracking number and postcode. Prints the achieved
rate and the latency percentiles.

The app runs with attempt limits raised and CSRF off, because every request
comes from one address and wrk cannot carry a form token; both are overrides
passed to the app factory for this run only.
"""

import argparse
import os
import random
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from sqlalchemy import create_engine
from sqlalchemy import text

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import scratch  # noqa: E402

from ovs.demo.seed import seed_demo  # noqa: E402
from ovs.extensions import db  # noqa: E402

# The registry number and date of birth of voter n, in SQL and in Python alike.
VOTER_SQL = """
INSERT INTO voter (election_id, mission_id, registry_number, full_name,
    date_of_birth, country, address, postal_code, email, language,
    created_at, updated_at)
SELECT :election_id, m.id, '88' || lpad(n::text, 14, '0'), 'Bench Voter ' || n,
    DATE '1940-01-01' + (n::bigint * 7919 % 25000)::int, m.country,
    jsonb_build_object('street_address', n || ' Bench Street',
                       'postal_code', lpad((n % 90000 + 10000)::text, 5, '0')),
    lpad((n % 90000 + 10000)::text, 5, '0'), NULL,
    CASE WHEN n % 7 = 0 THEN 'en' ELSE 'id' END, now(), now()
FROM generate_series(:first, :last) AS n
JOIN (SELECT id, country, row_number() OVER (ORDER BY id) - 1 AS k,
             count(*) OVER () AS total FROM mission) AS m
  ON m.k = n % m.total
"""

CHECK_DIGIT_SQL = """
CREATE OR REPLACE FUNCTION bench_s10(serial bigint, country text) RETURNS text AS $$
DECLARE
  digits text := lpad(serial::text, 8, '0');
  weights int[] := ARRAY[8, 6, 4, 2, 3, 5, 9, 7];
  total int := 0;
  checkd int;
BEGIN
  FOR i IN 1..8 LOOP
    total := total + substr(digits, i, 1)::int * weights[i];
  END LOOP;
  checkd := 11 - total % 11;
  IF checkd = 10 THEN checkd := 0; ELSIF checkd = 11 THEN checkd := 5; END IF;
  RETURN 'RR' || digits || checkd || country;
END $$ LANGUAGE plpgsql IMMUTABLE
"""

BALLOT_SQL = """
INSERT INTO ballot (voter_id, mission_id, sequence, state, created_at)
SELECT id, mission_id, 1, 'live', now() FROM voter ORDER BY id LIMIT :ballots
"""

ITEM_SQL = """
INSERT INTO item (ballot_id, mission_id, partner_id, leg, service_class,
    tracking_number, voter_country, status, status_changed_at, is_final,
    event_count, at_risk, poll_count, reported_by_callback, created_at)
SELECT b.id, b.mission_id, p.id, leg.name, 'registered',
    bench_s10(b.id * 2 + leg.k, v.country), v.country,
    CASE leg.name WHEN 'outbound' THEN 'in_transit' ELSE 'awaiting_voter' END,
    now(), false, 0, false, 0, false, now()
FROM ballot b
JOIN voter v ON v.id = b.voter_id
JOIN partner_post p ON p.country = v.country
CROSS JOIN (VALUES ('outbound', 0), ('return', 1)) AS leg(name, k)
"""


def voter_number(n: int) -> str:
    """The registry number the seed gives voter n."""
    return f"88{n:014d}"


def voter_birth(n: int) -> str:
    """The date of birth the seed gives voter n, as a voter would type it."""
    import datetime as dt

    born = dt.date(1940, 1, 1) + dt.timedelta(days=n * 7919 % 25000)
    return born.strftime("%d-%m-%Y")


def seed(url: str, voters: int, ballots: int) -> None:
    """Load missions, voters, ballots and items into a migrated, empty database."""
    app = scratch.migrated_app(url)
    with app.app_context():
        result = seed_demo(db.session, voters=0)
        db.session.commit()
        started = time.perf_counter()
        chunk = 250_000
        for first in range(1, voters + 1, chunk):
            last = min(first + chunk - 1, voters)
            db.session.execute(
                text(VOTER_SQL),
                {"election_id": result.election.id, "first": first, "last": last},
            )
            db.session.commit()
            print(f"voters loaded: {last:,}", flush=True)
        db.session.execute(text(CHECK_DIGIT_SQL))
        db.session.execute(text(BALLOT_SQL), {"ballots": ballots})
        db.session.execute(text(ITEM_SQL))
        db.session.commit()
        with db.engine.connect().execution_options(
            isolation_level="AUTOCOMMIT"
        ) as conn:
            conn.execute(text("VACUUM ANALYZE"))
        print(f"seeded in {time.perf_counter() - started:.0f} s", flush=True)
        db.engine.dispose()


def request_bodies(url: str, ballots: int, count: int = 3000) -> list[str]:
    """Form bodies for the load: matches, wrong guesses, tracking look-ups."""
    engine = create_engine(url)
    step = max(ballots // count, 1)
    with engine.connect() as conn:
        tracked = conn.execute(
            text(
                "SELECT i.tracking_number, v.postal_code FROM item i "
                "JOIN ballot b ON b.id = i.ballot_id "
                "JOIN voter v ON v.id = b.voter_id "
                "WHERE i.leg = 'outbound' AND b.id % :step = 0 LIMIT :count"
            ),
            {"step": step, "count": count // 3},
        ).all()
    engine.dispose()
    bodies = []
    for k in range(count // 3):
        n = 1 + k * step
        bodies.append(
            f"mode=registry&registry_number={voter_number(n)}"
            f"&date_of_birth={voter_birth(n)}"
        )
        bodies.append(
            f"mode=registry&registry_number={voter_number(n + 1)}"
            f"&date_of_birth=01-01-1901"
        )
    for number, postcode in tracked:
        bodies.append(f"mode=tracking&tracking_number={number}&postcode={postcode}")
    # Mixed evenly, so any stretch of the run sees all three kinds.
    random.Random(1).shuffle(bodies)
    return bodies


LUA = """
local bodies = {}
for line in io.lines("%(bodies)s") do bodies[#bodies + 1] = line end
local counter = 0
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/x-www-form-urlencoded"
request = function()
  counter = counter + 1
  return wrk.format(nil, "/track", nil, bodies[(counter %% #bodies) + 1])
end
delay = function() return %(delay_ms)d end
done = function(summary, latency, requests)
  io.write(string.format("requests=%%d errors=%%d non2xx3xx=%%d\\n",
    summary.requests, summary.errors.status + summary.errors.connect
      + summary.errors.read + summary.errors.write + summary.errors.timeout,
    summary.errors.status))
  local seconds = summary.duration / 1e6
  io.write(string.format("rate=%%.1f/s\\n", summary.requests / seconds))
  for _, p in pairs({50, 90, 99, 99.9}) do
    io.write(string.format("p%%s=%%.1fms\\n", p, latency:percentile(p) / 1000))
  end
  io.write(string.format("max=%%.1fms\\n", latency.max / 1000))
end
"""


def serve(url: str, port: int, workers: int) -> subprocess.Popen:
    """Start gunicorn with the bench overrides and wait until it answers."""
    overrides = {
        "DATABASE_URL": url,
        "SCHEDULER_IN_WEB": False,
        "LOG_LEVEL": "WARNING",
        "WTF_CSRF_ENABLED": False,
        "PORTAL_ATTEMPTS_PER_ADDRESS": 10**9,
        "PORTAL_ATTEMPTS_PER_VOTER": 10**9,
    }
    gunicorn = str(Path(sys.executable).with_name("gunicorn"))
    process = subprocess.Popen(
        [
            gunicorn,
            "-w",
            str(workers),
            # Threads keep connections alive between requests, as a proxy would.
            "-k",
            "gthread",
            "--threads",
            "4",
            "-b",
            f"127.0.0.1:{port}",
            "--log-level",
            "warning",
            f"ovs:create_app({overrides!r})",
        ],
        cwd=ROOT,
        env={**os.environ, "OVS_SCHEDULER_IN_WEB": "false"},
    )
    for _ in range(100):
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            return process
        except OSError:
            time.sleep(0.2)
    process.terminate()
    raise SystemExit("gunicorn did not start")


def load(port, bodies, *, seconds, connections, delay_ms) -> str:
    """Drive POST /track from ``connections`` connections; return wrk's summary.

    Each connection waits ``delay_ms`` between a response and its next request,
    so the rate is about ``connections * 1000 / delay_ms`` while answers are fast.
    """
    if shutil.which("wrk") is None:
        raise SystemExit("wrk is missing: apt-get install -y wrk")
    with tempfile.TemporaryDirectory() as tmp:
        body_file = Path(tmp) / "bodies.txt"
        body_file.write_text("\n".join(bodies) + "\n")
        script = Path(tmp) / "lookup.lua"
        script.write_text(LUA % {"bodies": body_file, "delay_ms": delay_ms})
        command = ["wrk", f"-t{min(2, connections)}", f"-c{connections}"]
        target = ["-s", str(script), f"http://127.0.0.1:{port}"]
        subprocess.run([*command, "-d5s", *target], check=True, capture_output=True)
        finished = subprocess.run(
            [*command, f"-d{seconds}s", *target],
            check=True,
            capture_output=True,
            text=True,
        )
    return finished.stdout


def main() -> None:
    """Seed (unless reusing a database), serve, load, print the figures."""
    parser = argparse.ArgumentParser()
    parser.add_argument("--postgres", help="server URL to create a scratch database on")
    parser.add_argument("--database", help="reuse this seeded database instead")
    parser.add_argument("--voters", type=int, default=2_000_000)
    parser.add_argument("--ballots", type=int, default=400_000)
    parser.add_argument("--rate", type=int, default=200)
    parser.add_argument("--seconds", type=int, default=60)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--seed-only", action="store_true")
    parser.add_argument("--keep", action="store_true", help="keep the scratch db")
    args = parser.parse_args()
    if args.database:
        if not args.seed_only:
            run(args.database, args)
        return
    if not args.postgres:
        raise SystemExit("give --postgres SERVER_URL or --database URL")
    keep = args.keep or args.seed_only
    with scratch.postgres_database(args.postgres, keep=keep) as url:
        print(f"scratch database: {url.rsplit('/', 1)[-1]}", flush=True)
        seed(url, args.voters, args.ballots)
        if not args.seed_only:
            run(url, args)


def run(url: str, args) -> None:
    """Serve the app and print the figures: one client alone, then the steady rate."""
    bodies = request_bodies(url, args.ballots)
    port = scratch.free_port()
    server = serve(url, port, args.workers)
    connections = 20
    try:
        alone = load(port, bodies, seconds=15, connections=1, delay_ms=0)
        # Each connection waits after its answer, so the typical answer time
        # (measured alone) comes off the wait to hold the rate aimed at.
        answer_ms = float(re.search(r"p50=([\d.]+)ms", alone).group(1))
        steady = load(
            port,
            bodies,
            seconds=args.seconds,
            connections=connections,
            delay_ms=max(int(1000 * connections / args.rate - answer_ms), 0),
        )
    finally:
        server.terminate()
        server.wait()
    print(
        f"POST /track, {args.voters:,} voters, {args.ballots:,} ballots, "
        f"gunicorn -w {args.workers} -k gthread --threads 4, PostgreSQL on loopback"
    )
    print("one client, back to back, 15 s:")
    print(_figures(alone))
    print(
        f"steady target {args.rate}/s from {connections} connections, {args.seconds} s:"
    )
    print(_figures(steady))


def _figures(summary: str) -> str:
    lines = summary.strip().splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith("requests="))
    return "\n".join("  " + line for line in lines[start:])


if __name__ == "__main__":
    main()

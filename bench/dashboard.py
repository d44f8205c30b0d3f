"""Dashboard latency at election scale: N voters (2N items) on PostgreSQL.

    python bench/dashboard.py --postgres postgresql://postgres@127.0.0.1:5432/postgres \
        [--voters 2000000] [--keep NAME | --reuse NAME]

Loads a scratch database with generate_series SQL (128 missions, 2N items in
every status), builds the counters, then measures with a signed-in test client:
the dashboard's first paint (GET /staff/dashboard), and a live update (100 new
status changes, then one server-sent-events tick: catch-up plus the changed
figures). Prints the median and worst of each. The scratch database is dropped
unless --keep is given; --reuse measures an existing one without loading.
"""

import argparse
import sys
import time
from pathlib import Path

from sqlalchemy import create_engine
from sqlalchemy import make_url
from sqlalchemy import text

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import scratch

from ovs.extensions import db

MISSIONS = 128
PARTNERS = 32
OUT_STATUSES = [
    "prepared",
    "posted",
    "in_transit",
    "held_at_customs",
    "at_delivery_office",
    "delivery_attempted",
    "delivered",
    "delivered",
    "delivered",
    "returned_undeliverable",
    "lost",
]
RETURN_STATUSES = [
    "awaiting_voter",
    "awaiting_voter",
    "posted_by_voter",
    "in_transit",
    "received_on_time",
    "received_on_time",
    "received_late",
    "lost",
]
FINAL = (
    "'delivered', 'returned_undeliverable', 'lost', 'received_on_time', 'received_late'"
)
COUNTRIES = ["MY", "SG", "JP", "SA", "AE", "HK", "TW", "AU", "US", "NL", "GB", "CA"]


def load(conn, voters: int) -> None:
    """Fill a migrated, empty database with one election at scale."""
    steps = [
        (
            "election",
            "INSERT INTO election (id, code, name, home_country, voting_day, "
            "return_deadline, mail_marking, created_at) VALUES (1, 'BENCH', "
            "'Bench election', 'ID', current_date + 30, now() + interval '30 days', "
            "'ELECTION MAIL', now())",
        ),
        (
            "partners",
            f"INSERT INTO partner_post (id, code, name, country, adapter, settings, "
            f"callback_secret, pushes_events, active, consecutive_failures, "
            f"requests_total, failures_total, unmapped_events_total, created_at) "
            f"SELECT g, 'post' || g, 'Post ' || g, "
            f"(ARRAY{COUNTRIES!r})[1 + g % {len(COUNTRIES)}], 'upu', '{{}}', "
            f"md5(g::text), false, true, 0, 0, 0, 0, now() "
            f"FROM generate_series(1, {PARTNERS}) g",
        ),
        (
            "missions",
            f"INSERT INTO mission (id, election_id, code, name, country, city, "
            f"timezone, return_address, require_totp, created_at) "
            f"SELECT g, 1, 'M' || g, 'Mission ' || g, "
            f"(ARRAY{COUNTRIES!r})[1 + g % {len(COUNTRIES)}], 'City', 'UTC', "
            f"'{{}}', false, now() FROM generate_series(1, {MISSIONS}) g",
        ),
        (
            "mission countries",
            "INSERT INTO mission_country (mission_id, country) "
            "SELECT id, country FROM mission",
        ),
        (
            "lanes",
            "INSERT INTO lane (origin_country, destination_country, partner_id, "
            "service_class, default_p50_days, default_p90_days, observed_count, "
            "active) SELECT 'ID', country, id, 'registered', 5, 10, 0, true "
            "FROM partner_post",
        ),
        (
            "voters",
            f"INSERT INTO voter (id, election_id, mission_id, registry_number, "
            f"full_name, date_of_birth, country, address, postal_code, language, "
            f"created_at, updated_at) SELECT g, 1, 1 + g % {MISSIONS}, "
            f"lpad(g::text, 16, '0'), 'Voter ' || g, date '1980-01-01' + g % 9000, "
            f"(ARRAY{COUNTRIES!r})[1 + (1 + g % {MISSIONS}) % {len(COUNTRIES)}], "
            f"jsonb_build_object('street_address', (g % 500000) || ' Jalan', "
            f"'city', 'City'), lpad((g % 90000)::text, 5, '0'), 'id', now(), now() "
            f"FROM generate_series(1, {voters}) g",
        ),
        (
            "ballots",
            "INSERT INTO ballot (id, voter_id, mission_id, sequence, state, "
            "created_at) SELECT id, id, mission_id, 1, 'live', now() FROM voter",
        ),
        (
            "items",
            f"INSERT INTO item (ballot_id, mission_id, partner_id, lane_id, leg, "
            f"service_class, tracking_number, voter_country, status, "
            f"status_changed_at, is_final, event_count, at_risk, poll_count, "
            f"reported_by_callback, created_at, expected_p90_at) "
            f"SELECT id, mission_id, partner_id, partner_id, leg, 'registered', "
            f"number, country, status, now(), status IN ({FINAL}), 0, "
            f"id % 97 = 0, 0, false, now(), now() + ((id % 40) - 20) * "
            f"interval '1 day' FROM (SELECT v.id, v.mission_id, v.country, leg, "
            f"1 + v.id % {PARTNERS} AS partner_id, "
            f"(CASE WHEN leg = 'outbound' THEN 'RR' ELSE 'RA' END) || "
            f"lpad(v.id::text, 9, '0') || 'ID' AS number, "
            f"CASE WHEN leg = 'outbound' THEN (ARRAY{OUT_STATUSES!r})"
            f"[1 + (v.id * 7) % {len(OUT_STATUSES)}] ELSE (ARRAY{RETURN_STATUSES!r})"
            f"[1 + (v.id * 13) % {len(RETURN_STATUSES)}] END AS status "
            f"FROM voter v CROSS JOIN (VALUES ('outbound'), ('return')) "
            f"AS legs(leg)) AS planned",
        ),
    ]
    for name, sql in steps:
        started = time.perf_counter()
        conn.execute(text(sql))
        conn.commit()
        print(f"  loaded {name:<18} {time.perf_counter() - started:7.1f}s", flush=True)
    # Rows were written with explicit ids; the sequences must continue after them.
    for table in ("election", "partner_post", "mission", "voter", "ballot"):
        conn.execute(
            text(
                f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
                f"(SELECT coalesce(max(id), 1) FROM {table}))"
            )
        )
    conn.commit()
    # As autovacuum would have by then: statistics and the visibility map.
    conn.commit()
    conn.execution_options(isolation_level="AUTOCOMMIT").execute(text("VACUUM ANALYZE"))


def measure(url: str, rounds: int) -> None:
    """Time the first paint and the live update and print the figures."""
    from bench.dashboard_probe import probe

    app = scratch.migrated_app(url, SCHEDULER_IN_WEB=False)
    with app.app_context():
        probe(app, rounds)
        db.engine.dispose()


def main() -> None:
    """Create, load and measure a scratch database; drop it unless kept."""
    parser = argparse.ArgumentParser()
    parser.add_argument("--postgres", required=True, help="server URL")
    parser.add_argument("--voters", type=int, default=2_000_000)
    parser.add_argument("--rounds", type=int, default=10)
    parser.add_argument("--keep", action="store_true", help="keep the database")
    parser.add_argument("--reuse", help="measure this existing database only")
    parser.add_argument("--load-only", action="store_true")
    args = parser.parse_args()
    if args.reuse:
        url = make_url(args.postgres).set(
            drivername="postgresql+psycopg", database=args.reuse
        )
        if not args.load_only:
            measure(url.render_as_string(hide_password=False), args.rounds)
        return
    with scratch.postgres_database(args.postgres, keep=args.keep) as url:
        print(f"database {url.rsplit('/', 1)[-1]}", flush=True)
        with scratch.migrated_app(url).app_context():
            db.engine.dispose()
        engine = create_engine(url)
        started = time.perf_counter()
        with engine.connect() as conn:
            load(conn, args.voters)
        engine.dispose()
        print(f"load {args.voters:,} voters: {time.perf_counter() - started:.0f}s")
        if not args.load_only:
            measure(url, args.rounds)


if __name__ == "__main__":
    main()

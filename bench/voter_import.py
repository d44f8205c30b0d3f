"""How fast a voter list imports, and how much memory it takes.

    python bench/voter_import.py --rows 200000 [--postgres URL] [--tracemalloc]

Writes a synthetic CSV of plausible Kuala Lumpur voters (the demo seed's rows),
then imports it twice into a fresh database per engine: the first import creates
every voter, the second finds every row unchanged. Each engine runs in its own
process. Prints rows per second (wall clock), the CPU seconds this process spent
(the figure to trust on a busy machine), the resident memory when the import
starts and the most it reached while importing (sampled at every progress call,
each 1,000 rows), and with --tracemalloc the peak of memory Python allocated
during the first import (tracing makes that import slower).
"""

import argparse
import csv
import resource
import subprocess
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

from sqlalchemy import select

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import scratch

from ovs.demo.seed import seed_demo
from ovs.demo.seed import voter_rows
from ovs.dispatch.voter_file import COLUMNS
from ovs.dispatch.voter_import import import_voters
from ovs.extensions import db
from ovs.models import Mission


def write_csv(path: Path, rows: int) -> None:
    """Write ``rows`` demo voters of the KUL mission as a voter list file."""

    class _Mission:
        id = 0
        code = "KUL"

    with path.open("w", newline="", encoding="utf-8") as out:
        writer = csv.writer(out)
        writer.writerow(COLUMNS)
        for row in voter_rows(0, [_Mission()], rows, seed=7):
            cells = {**row["address"], **row}
            cells["date_of_birth"] = row["date_of_birth"].isoformat()
            writer.writerow([_cell(cells.get(name)) for name in COLUMNS])


def _cell(value) -> str:
    return "" if value is None or isinstance(value, dict) else str(value)


class _Resident:
    """The most resident memory seen at any progress call, in MB."""

    def __init__(self):
        self.peak = self.now()

    @staticmethod
    def now() -> float:
        pages = int(Path("/proc/self/statm").read_text().split()[1])
        return pages * resource.getpagesize() / 2**20

    def __call__(self, progress) -> None:
        self.peak = max(self.peak, self.now())


def measure(url: str, path: Path, trace: bool) -> None:
    """Import the file twice into a fresh database and print one line per run."""
    app = scratch.migrated_app(url)
    with app.app_context():
        seed_demo(db.session, voters=0)
        db.session.commit()
        mission = db.session.scalar(select(Mission).where(Mission.code == "KUL"))
        for run in ("first", "again"):
            resident = _Resident()
            start_mb = resident.peak
            if trace and run == "first":
                tracemalloc.start()
            started, cpu = time.perf_counter(), time.process_time()
            report = import_voters(db.session, mission, path, path.name, actor="bench")
            db.session.commit()
            seconds = time.perf_counter() - started
            cpu = time.process_time() - cpu
            traced = ""
            if trace and run == "first":
                traced = (
                    f" traced_peak={tracemalloc.get_traced_memory()[1] / 2**20:.1f}MB"
                )
                tracemalloc.stop()
            print(
                f"{db.engine.dialect.name:<10} {run:<5} rows={report.rows:>8,} "
                f"created={report.created:>8,} unchanged={report.unchanged:>8,} "
                f"refused={report.rejected_rows} seconds={seconds:6.1f} "
                f"rate={report.rows / seconds:>7,.0f}/s cpu_seconds={cpu:6.1f} "
                f"rss_start={start_mb:.0f}MB rss_peak={resident.peak:.0f}MB{traced}",
                flush=True,
            )
        db.engine.dispose()


def main() -> None:
    """Write the file, then measure SQLite and, when given, PostgreSQL."""
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=200_000)
    parser.add_argument("--postgres", help="server URL to create a scratch database on")
    parser.add_argument("--tracemalloc", action="store_true")
    parser.add_argument(
        "--one", nargs=2, metavar=("URL", "FILE"), help=argparse.SUPPRESS
    )
    args = parser.parse_args()
    if args.one:
        measure(args.one[0], Path(args.one[1]), args.tracemalloc)
        return
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "voters.csv"
        write_csv(path, args.rows)
        print(f"file: {args.rows:,} rows, {path.stat().st_size / 2**20:.1f} MB")
        _child(f"sqlite:///{Path(tmp) / 'bench.sqlite'}", path, args.tracemalloc)
        if args.postgres:
            with scratch.postgres_database(args.postgres) as url:
                _child(url, path, args.tracemalloc)


def _child(url: str, path: Path, trace: bool) -> None:
    command = [sys.executable, __file__, "--one", url, str(path)]
    subprocess.run(command + (["--tracemalloc"] if trace else []), check=True)


if __name__ == "__main__":
    main()

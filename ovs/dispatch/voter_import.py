"""Importing a mission's voter list: every row checked, all or nothing by default.

The file is read as a stream and written in chunks of CHUNK rows, each chunk
with one look-up of the voters already known and bulk inserts and updates, so
memory stays flat whatever the file's length. The whole import runs inside one
savepoint: a file that cannot be read, or (unless ``good_rows_only``) any
rejected row, rolls it back and leaves the database as it was. The caller
commits.

Importing the same file twice changes nothing the second time. A known registry
number with different details is an update, and each update is written to the
audit log with the names of the fields that changed, never their values.
"""

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from dataclasses import field

from flask import current_app
from sqlalchemy import insert
from sqlalchemy import select
from sqlalchemy import update
from sqlalchemy.exc import IntegrityError

from ovs import audit
from ovs import logs
from ovs.dispatch.voter_check import RowRules
from ovs.dispatch.voter_check import check_row
from ovs.dispatch.voter_file import open_rows
from ovs.errors import Conflict
from ovs.models import Mission
from ovs.models import Voter
from ovs.models.base import utcnow

log = logs.get(__name__)

CHUNK = 1000
# The report keeps this many rejections in full and counts the rest, so a file
# that is wrong throughout still gives a report of bounded size.
REPORT_LIMIT = 1000
COMPARED = (
    "full_name",
    "date_of_birth",
    "country",
    "subdivision",
    "address",
    "postal_code",
    "email",
    "phone",
    "language",
)


@dataclass(frozen=True)
class Rejection:
    """One problem in one row: the file line, the field and the reason."""

    line: int
    field: str
    reason: str

    def __str__(self) -> str:
        return f"line {self.line}, {self.field}: {self.reason}"


@dataclass(frozen=True)
class Progress:
    """How far an import has come: rows read, and the share of the file if known."""

    rows: int
    fraction: float | None


@dataclass
class ImportReport:
    """What an import did, or would have done, and every row it refused."""

    filename: str
    good_rows_only: bool
    rows: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    rejected_rows: int = 0
    rejections: list[Rejection] = field(default_factory=list)
    more_rejections: int = 0
    applied: bool = False

    @property
    def ok(self) -> bool:
        """Whether every row was accepted."""
        return self.rejected_rows == 0

    def add(self, line: int, problems: list[tuple[str, str]]) -> None:
        """Record a refused row and its problems."""
        self.rejected_rows += 1
        for name, reason in problems:
            if len(self.rejections) < REPORT_LIMIT:
                self.rejections.append(Rejection(line, name, reason))
            else:
                self.more_rejections += 1


def import_voters(
    session,
    mission: Mission,
    stream_or_path,
    filename: str,
    *,
    good_rows_only: bool = False,
    actor: str,
    progress: Callable[[Progress], None] | None = None,
) -> ImportReport:
    """Import a voter list for a mission; return the report. The caller commits.

    ``stream_or_path`` is a path or a binary stream (an upload's ``.stream``; an
    XLSX stream must be seekable). ``filename`` picks the format by its ending
    (.csv or .xlsx). ``progress`` is called every CHUNK rows and at the end.
    Raises VoterFileError (nothing imported) when the file cannot be read at all,
    and Conflict when another import wrote the same voters meanwhile.
    """
    report = ImportReport(filename=filename, good_rows_only=good_rows_only)
    source = open_rows(
        stream_or_path, filename, max_mb=current_app.config["MAX_UPLOAD_MB"]
    )
    savepoint = session.begin_nested()
    try:
        _run(session, mission, source, report, actor, progress)
    except BaseException:
        savepoint.rollback()
        raise
    finally:
        source.close()
    if report.ok or good_rows_only:
        _audit_import(session, mission, report, actor)
        savepoint.commit()
        report.applied = True
    else:
        savepoint.rollback()
    log.info(
        "voters.import",
        mission_id=mission.id,
        rows=report.rows,
        created=report.created,
        updated=report.updated,
        unchanged=report.unchanged,
        rejected=report.rejected_rows,
        applied=report.applied,
    )
    return report


def _run(session, mission, source, report, actor, progress) -> None:
    rules = _rules(mission)
    seen: dict[int, int] = {}
    chunk: list[tuple[int, dict]] = []
    for row in source.rows():
        report.rows += 1
        result = check_row(row.cells, rules)
        if isinstance(result, list):
            report.add(row.line, result)
        elif _first_sighting(seen, result["registry_number"], row.line, report):
            chunk.append((row.line, result))
        if len(chunk) >= CHUNK:
            _store(session, mission, chunk, report, actor)
            chunk = []
        if report.rows % CHUNK == 0:
            _tell(progress, report, source)
    if chunk:
        _store(session, mission, chunk, report, actor)
    _tell(progress, report, source, done=True)


def _rules(mission: Mission) -> RowRules:
    config = current_app.config
    return RowRules(
        mission_code=mission.code,
        countries=frozenset(mission.country_codes),
        voting_day=mission.election.voting_day,
        today=dt.datetime.now(dt.UTC).date(),
        languages=tuple(config["LANGUAGES"]),
        default_language=config["DEFAULT_LANGUAGE"],
    )


def _first_sighting(seen: dict[int, int], number: str, line: int, report) -> bool:
    # Registry numbers are all digits, so an int key keeps this index small.
    first = seen.setdefault(int(number), line)
    if first == line:
        return True
    report.add(
        line,
        [
            (
                "registry_number",
                f"registry number {number} is already on line {first} of this file",
            )
        ],
    )
    return False


def _tell(progress, report: ImportReport, source, done: bool = False) -> None:
    if progress is None:
        return
    fraction = None
    if done:
        fraction = 1.0
    elif source.size and source.bytes_read:
        fraction = min(source.bytes_read / source.size, 1.0)
    progress(Progress(report.rows, fraction))


def _store(session, mission, chunk, report: ImportReport, actor: str) -> None:
    known = _known(session, mission, [values["registry_number"] for _, values in chunk])
    now = utcnow()
    inserts, updates = [], []
    for line, values in chunk:
        existing = known.get(values["registry_number"])
        if existing is None:
            inserts.append(
                {
                    **values,
                    "election_id": mission.election_id,
                    "mission_id": mission.id,
                    "created_at": now,
                    "updated_at": now,
                }
            )
        elif existing["mission_id"] != mission.id:
            report.add(line, [_elsewhere(values["registry_number"])])
        else:
            changed = [n for n in COMPARED if existing[n] != values[n]]
            if changed:
                updates.append((existing["id"], values, changed))
            else:
                report.unchanged += 1
    if report.ok or report.good_rows_only:
        _write(session, mission, inserts, updates, now, actor)
    # Once a row is refused in an all-or-nothing import, the rest is only checked
    # (the savepoint will be rolled back), but still counted for the report.
    report.created += len(inserts)
    report.updated += len(updates)


def _elsewhere(number: str) -> tuple[str, str]:
    return (
        "registry_number",
        f"registry number {number} is already on another mission's voter list",
    )


def _known(session, mission, numbers: list[str]) -> dict[str, dict]:
    columns = [Voter.id, Voter.mission_id, Voter.registry_number] + [
        getattr(Voter, name) for name in COMPARED
    ]
    rows = session.execute(
        select(*columns).where(
            Voter.election_id == mission.election_id,
            Voter.registry_number.in_(numbers),
        )
    ).mappings()
    return {row["registry_number"]: dict(row) for row in rows}


def _write(session, mission, inserts, updates, now, actor: str) -> None:
    if inserts:
        try:
            session.execute(insert(Voter), inserts)
        except IntegrityError:
            # Checked a moment ago, so another import wrote the same voters since.
            raise Conflict(
                "Another import added some of these voters at the same time; "
                "nothing was imported. Import the file again."
            ) from None
    if updates:
        session.execute(
            update(Voter),
            [
                {"id": voter_id, **{n: values[n] for n in COMPARED}, "updated_at": now}
                for voter_id, values, _ in updates
            ],
        )
    for voter_id, _, changed in updates:
        audit.record(
            session,
            actor=actor,
            action="voter.update",
            object_type="voter",
            object_id=voter_id,
            mission_id=mission.id,
            details={"fields": changed, "source": "import"},
        )


def _audit_import(session, mission, report: ImportReport, actor: str) -> None:
    audit.record(
        session,
        actor=actor,
        action="voters.import",
        object_type="mission",
        object_id=mission.id,
        mission_id=mission.id,
        details={
            "rows": report.rows,
            "created": report.created,
            "updated": report.updated,
            "unchanged": report.unchanged,
            "rejected": report.rejected_rows,
            "good_rows_only": report.good_rows_only,
        },
    )

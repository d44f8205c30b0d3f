"""The foundation commands: seed-demo, missions, staff add, and their refusals."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy import func
from sqlalchemy import select

from ovs.models import StaffUser
from ovs.models import Voter
from tests import factories

ROOT = Path(__file__).resolve().parents[2]


def test_seed_demo_prints_missions_and_partners(runner, session):
    result = runner.invoke(args=["seed-demo", "--voters", "300"])
    assert result.exit_code == 0, result.output
    assert "KUL" in result.output and "posmalaysia" in result.output
    assert session.scalar(select(func.count()).select_from(Voter)) == 300


def test_seed_demo_refuses_a_database_with_an_election(runner, session):
    factories.election(session)
    result = runner.invoke(args=["seed-demo", "--voters", "10"])
    assert result.exit_code == 1
    assert "already holds an election" in result.output
    assert "Traceback" not in result.output
    assert session.scalar(select(func.count()).select_from(Voter)) == 0


def test_missions_lists_codes_and_voter_counts(runner, session):
    mission = factories.mission(session, name="KBRI Kuala Lumpur")
    factories.voter(session, mission)
    result = runner.invoke(args=["missions"])
    assert result.exit_code == 0
    line = next(ln for ln in result.output.splitlines() if ln.startswith(mission.code))
    assert "KBRI Kuala Lumpur" in line and line.rstrip().endswith("1")


def test_staff_add_creates_a_mission_user(runner, session):
    mission = factories.mission(session)
    result = runner.invoke(
        args=[
            "staff",
            "add",
            "--email",
            "Ana@Example.org",
            "--name",
            "Ana",
            "--role",
            "mission",
            "--mission",
            mission.code,
            "--password",
            "long-enough-pw",
        ]
    )
    assert result.exit_code == 0, result.output
    user = session.scalar(select(StaffUser).where(StaffUser.email == "ana@example.org"))
    assert user.mission_id == mission.id


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--role", "mission"], "Mission staff need a mission"),
        (["--role", "mission", "--mission", "NOPE"], "No mission has the code 'NOPE'"),
        (["--role", "admin", "--password", "short"], "at least 10 characters"),
    ],
)
def test_staff_add_refuses_bad_input_in_one_line(runner, session, args, message):
    base = ["staff", "add", "--email", "x@example.org", "--name", "X"]
    if "--password" not in args:
        args = [*args, "--password", "long-enough-pw"]
    result = runner.invoke(args=base + args)
    assert result.exit_code != 0
    assert message in result.output


def _flask(*args, env: dict) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "flask", "--app", "ovs", *args],
        cwd=ROOT,
        env={**os.environ, **env},
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


@pytest.mark.parametrize(
    ("url", "message"),
    [
        ("nonsense", "OVS_DATABASE_URL is not a database URL"),
        ("postgresql://nobody@127.0.0.1:1/ovs", "Cannot reach the database"),
    ],
)
def test_db_upgrade_explains_a_bad_database_in_one_line(url, message):
    result = _flask("db", "upgrade", env={"OVS_DATABASE_URL": url})
    assert result.returncode == 1
    assert message in result.stderr
    assert "Traceback" not in result.stderr


def test_commands_refuse_a_database_behind_the_latest_migration(tmp_path):
    url = f"sqlite:///{tmp_path / 'old.sqlite'}"
    result = _flask("missions", env={"OVS_DATABASE_URL": url})
    assert result.returncode == 1
    assert "Run: flask --app ovs db upgrade" in result.stderr
    assert "Traceback" not in result.stderr

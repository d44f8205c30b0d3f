"""Migrations take an empty database to the latest schema and back again."""

import pytest
from flask_migrate import downgrade
from flask_migrate import upgrade
from sqlalchemy import inspect

from ovs.database import SchemaBehind
from ovs.database import check_schema
from ovs.database import head_revision
from ovs.extensions import db
from ovs.models import Base
from tests.conftest import create_postgres_database
from tests.conftest import make_test_app
from tests.conftest import postgres_admin_url


@pytest.fixture(params=["sqlite", "postgresql"])
def empty_app(request, tmp_path):
    """An app on a database of its own with no tables at all."""
    if request.param == "sqlite":
        yield make_test_app(f"sqlite:///{tmp_path / 'empty.sqlite'}")
        return
    url, drop = create_postgres_database(postgres_admin_url())
    app = make_test_app(url)
    yield app
    with app.app_context():
        db.engine.dispose()
    drop()


def test_upgrade_creates_every_table_and_downgrade_removes_them(empty_app):
    with empty_app.app_context():
        upgrade()
        tables = set(inspect(db.engine).get_table_names())
        assert set(Base.metadata.tables) <= tables
        check_schema(db.engine)
        downgrade(revision="base")
        assert set(inspect(db.engine).get_table_names()) <= {"alembic_version"}


def test_schema_check_names_the_command_to_run(empty_app):
    with empty_app.app_context(), pytest.raises(SchemaBehind) as caught:
        check_schema(db.engine)
    assert "flask --app ovs db upgrade" in caught.value.message
    assert head_revision() in caught.value.message

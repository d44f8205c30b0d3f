"""The home pages answer, and every view declares who may use it."""

import pytest
from flask import Blueprint

from ovs.web.access import AccessNotDeclared
from ovs.web.access import check_all_declared


@pytest.mark.parametrize("path", ["/", "/track", "/staff/login"])
def test_home_pages_answer(client, path):
    response = client.get(path)
    assert response.status_code == 200
    assert b"<h1>" in response.data


def test_healthz_reports_the_database(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.get_json() == {"status": "ok", "database": True}


def test_staff_home_sends_strangers_to_sign_in(client):
    response = client.get("/staff/")
    assert response.status_code == 302
    assert "/staff/login" in response.headers["Location"]


def test_unknown_api_path_answers_json(client):
    response = client.get("/api/v1/nothing-here")
    assert response.status_code == 404
    assert response.get_json()["error"]["code"] == "not_found"


def test_a_view_without_an_access_rule_stops_start_up(app):
    bp = Blueprint("forgotten", __name__)
    bp.add_url_rule("/forgotten", "open", lambda: "oops")
    from flask import Flask

    other = Flask("probe")
    other.register_blueprint(bp)
    with pytest.raises(AccessNotDeclared, match=r"forgotten\.open"):
        check_all_declared(other)


def test_pages_refuse_a_database_behind_the_latest_migration(tmp_path):
    from tests.conftest import make_test_app

    app = make_test_app(f"sqlite:///{tmp_path / 'old.sqlite'}", TESTING=False)
    response = app.test_client().get("/track")
    assert response.status_code == 503
    assert b"flask --app ovs db upgrade" in response.data

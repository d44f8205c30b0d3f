"""Periodic jobs (polling partners, draining the outbox) on APScheduler.

Modules register their jobs with ``job``; the web process runs them in a
background thread on one machine, and ``flask --app ovs scheduler`` runs them
as a process of their own in production.
"""

from collections.abc import Callable
from dataclasses import dataclass

from apscheduler.schedulers.background import BackgroundScheduler
from apscheduler.schedulers.blocking import BlockingScheduler
from flask import Flask

from ovs import logs

log = logs.get(__name__)


@dataclass(frozen=True)
class Job:
    """A function run every ``interval_setting`` seconds inside an app context."""

    name: str
    func: Callable[[], object]
    interval_setting: str


JOBS: dict[str, Job] = {}


def job(name: str, interval_setting: str):
    """Register a function as a periodic job whose interval comes from a setting."""

    def decorator(func):
        JOBS[name] = Job(name, func, interval_setting)
        return func

    return decorator


def _load_job_modules() -> None:
    # Importing the modules that define jobs registers them.
    import ovs.jobs  # noqa: F401


def _run(app: Flask, job_: Job) -> None:
    from ovs.extensions import db

    with app.app_context():
        try:
            job_.func()
        except Exception:
            # A failed run must not stop the schedule; the next tick tries again.
            log.exception("job.failed", job=job_.name)
            db.session.rollback()
        finally:
            db.session.remove()


def build(app: Flask, blocking: bool = False):
    """An APScheduler scheduler with every registered job, not yet started."""
    _load_job_modules()
    scheduler = BlockingScheduler() if blocking else BackgroundScheduler(daemon=True)
    for job_ in JOBS.values():
        scheduler.add_job(
            _run,
            "interval",
            seconds=app.config[job_.interval_setting],
            args=(app, job_),
            id=job_.name,
            max_instances=1,
            coalesce=True,
        )
        log.info(
            "job.scheduled", job=job_.name, every=app.config[job_.interval_setting]
        )
    return scheduler

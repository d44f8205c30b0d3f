"""The tracking engine's jobs are on the schedule, in the web or their own process."""

from ovs import scheduler


def test_the_scheduler_runs_polling_and_deadline_jobs(app):
    built = scheduler.build(app)
    jobs = {job.id: job for job in built.get_jobs()}
    assert {"tracking.poll", "tracking.deadlines"} <= set(jobs)
    assert (
        jobs["tracking.poll"].trigger.interval.total_seconds()
        == (app.config["POLL_TICK_SECONDS"])
    )

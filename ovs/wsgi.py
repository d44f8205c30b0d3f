"""The WSGI entry point for servers such as gunicorn: ``gunicorn ovs.wsgi:app``.

With ``SCHEDULER_IN_WEB`` on (the default, for one machine) the periodic jobs
run in a background thread of this process; turn it off when the scheduler runs
as a process of its own (``flask --app ovs scheduler``).
"""

from ovs import create_app
from ovs import scheduler

app = create_app()

if app.config["SCHEDULER_IN_WEB"]:
    scheduler.build(app).start()

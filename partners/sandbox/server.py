"""The sandbox HTTP server: every fake post, the control endpoints, the pusher.

Every module in ``partners.sandbox.posts``, and the fake post of every
registered adapter, is mounted under ``/<adapter>``; an adapter without a fake
post is left out (and logged), never an error. The
control endpoints under ``/_sandbox`` register items, flip fault switches, set
callback targets and move the clock.
"""

import datetime as dt
import importlib
import math
import pkgutil
import threading
import time

from flask import Flask
from flask import Response
from flask import g
from flask import jsonify
from flask import request
from werkzeug.serving import WSGIRequestHandler
from werkzeug.serving import make_server

import partners
from ovs import logs
from partners.sandbox import posts as posts_package
from partners.sandbox.clock import SandboxClock
from partners.sandbox.control import control_blueprint
from partners.sandbox.faults import FaultBoard
from partners.sandbox.faults import Faults
from partners.sandbox.pusher import Pusher
from partners.sandbox.world import PartnerView
from partners.sandbox.world import SandboxWorld

log = logs.get(__name__)


def discover_posts() -> dict:
    """Every fake post module by adapter name, skipping adapters that have none."""
    names = set(partners.names()) | {
        m.name for m in pkgutil.iter_modules(posts_package.__path__)
    }
    found = {}
    for name in sorted(n for n in names if not n.startswith("_")):
        module_name = f"{posts_package.__name__}.{name}"
        try:
            found[name] = importlib.import_module(module_name)
        except ModuleNotFoundError as exc:
            if exc.name != module_name:
                raise
            log.info("sandbox.no_fake_post", adapter=name)
    return found


def adapter_countries() -> dict[str, str | None]:
    """The country each registered adapter's post delivers in."""
    countries = {}
    for name in partners.names():
        try:
            countries[name] = partners.get(name).country
        except ImportError:
            log.warning("sandbox.adapter_unloadable", adapter=name)
    return countries


def create_app(world: SandboxWorld, faults: FaultBoard, pusher: Pusher) -> Flask:
    """The sandbox Flask app with every fake post mounted."""
    app = Flask("ovs_sandbox")
    app.config["JSON_SORT_KEYS"] = False
    mounted = discover_posts()
    for name, module in mounted.items():
        view = PartnerView(world, name, faults)
        app.register_blueprint(module.blueprint(view), url_prefix=f"/{name}")
    app.register_blueprint(
        control_blueprint(world, faults, pusher, sorted(mounted)),
        url_prefix="/_sandbox",
    )
    app.extensions["sandbox_posts"] = sorted(mounted)

    @app.before_request
    def misbehave():
        partner = request.path.split("/", 2)[1] if request.path.count("/") else ""
        if partner not in mounted:
            return None
        g.faults = faults.for_request(partner)
        return _before(partner, g.faults)

    @app.after_request
    def garble(response):
        switches = getattr(g, "faults", None)
        if switches is not None and switches.malformed:
            _garble(response, switches.malformed)
        return response

    return app


def _before(partner: str, f: Faults):
    if f.delay:
        time.sleep(f.delay)
    if f.timeout:
        log.info("sandbox.fault_timeout", partner=partner, seconds=f.timeout)
        time.sleep(f.timeout)
    if f.error:
        page = f"<html><body><h1>{f.error} Service Unavailable</h1></body></html>"
        return Response(page, status=f.error, content_type="text/html")
    if f.rate_limit:
        answer = jsonify(title="Too Many Requests", status=429)
        answer.status_code = 429
        answer.headers["Retry-After"] = str(math.ceil(f.rate_limit))
        return answer
    return None


def _garble(response: Response, kind: str) -> None:
    body = response.get_data()
    if kind == "truncated":
        response.set_data(body[: max(1, len(body) // 2)])
    elif kind == "html":
        response.set_data(b"<html><body>Gateway maintenance</body></html>")
        response.content_type = "text/html"
    elif kind == "empty":
        response.set_data(b"")


class _QuietHandler(WSGIRequestHandler):
    """Leaves request lines out of the output; the sandbox logs what matters."""

    def log_request(self, *args, **kwargs) -> None:
        """Log nothing per request."""


class SandboxServer:
    """A running sandbox: world, clock, faults, pusher and HTTP server together."""

    def __init__(
        self,
        host: str = "127.0.0.1",
        port: int = 0,
        speed: float = 0.0,
        seed: int = 0,
        start: dt.datetime | None = None,
        catch_up: bool = False,
    ):
        self.clock = SandboxClock(speed=speed, start=start, catch_up=catch_up)
        self.world = SandboxWorld(self.clock, seed=seed, countries=adapter_countries())
        self.faults = FaultBoard(seed=seed)
        self.pusher = Pusher(self.world, self.faults)
        self.app = create_app(self.world, self.faults, self.pusher)
        self._server = make_server(
            host, port, self.app, threaded=True, request_handler=_QuietHandler
        )
        self._thread: threading.Thread | None = None

    @property
    def url(self) -> str:
        """The base URL the server answers on."""
        host, port = self._server.server_address[:2]
        return f"http://{host}:{port}"

    def start(self, push_interval: float | None = 1.0) -> "SandboxServer":
        """Serve in a background thread (and push callbacks unless told not to)."""
        self._thread = threading.Thread(
            target=self._server.serve_forever, name="sandbox-http", daemon=True
        )
        self._thread.start()
        if push_interval:
            self.pusher.start(push_interval)
        log.info(
            "sandbox.started", url=self.url, posts=self.app.extensions["sandbox_posts"]
        )
        return self

    def serve_forever(self, push_interval: float = 1.0) -> None:
        """Serve in this thread until interrupted."""
        self.pusher.start(push_interval)
        try:
            self._server.serve_forever()
        finally:
            self.pusher.stop()

    def stop(self) -> None:
        """Stop serving and pushing."""
        self.pusher.stop()
        self._server.shutdown()
        self._server.server_close()
        if self._thread is not None:
            self._thread.join(timeout=5)

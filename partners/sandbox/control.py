"""The sandbox's own endpoints: register items, flip faults, set callbacks, clock.

Every request body is a JSON object; a wrong one is answered 400 with a message
naming the item and the field.
"""

import datetime as dt

from flask import Blueprint
from flask import jsonify
from flask import request

from ovs.postal import s10
from partners.sandbox.faults import FaultError
from partners.sandbox.faults import from_mapping
from partners.sandbox.lives import OUTBOUND
from partners.sandbox.lives import RETURN
from partners.sandbox.lives import ItemSpec
from partners.sandbox.pusher import CallbackTarget
from partners.sandbox.pusher import event_json

ITEM_FIELDS = {
    "tracking_number",
    "partner",
    "partner_code",
    "leg",
    "origin",
    "destination",
    "posted_at",
    "outbound",
}


class ControlError(ValueError):
    """A control request that cannot be used; the message says why."""


def control_blueprint(world, faults, pusher, posts: list[str]) -> Blueprint:
    """The ``/_sandbox`` endpoints over one world."""
    bp = Blueprint("sandbox_control", __name__)

    @bp.errorhandler(ControlError)
    @bp.errorhandler(FaultError)
    def refused(exc):
        return jsonify(error=str(exc)), 400

    @bp.get("")
    def overview():
        """What the sandbox plays, its clock and its switches."""
        return jsonify(
            posts=posts,
            now=world.now().isoformat(),
            speed=world.clock.speed,
            faults=faults.snapshot(),
            callbacks=sorted(pusher.targets),
        )

    @bp.post("/items")
    def register_items():
        """Carry the items OVS handed over (idempotent)."""
        raw = _body().get("items")
        if not isinstance(raw, list) or not raw:
            raise ControlError('The body needs an "items" list of objects.')
        specs = [_spec(index, entry, posts, world) for index, entry in enumerate(raw)]
        for spec in specs:
            world.register(spec)
        return jsonify(registered=len(specs)), 201

    @bp.get("/items/<number>")
    def item(number):
        """The whole simulated life of an item, future included."""
        partner = request.args.get("partner", "")
        carried = world.carried(number, partner)
        if carried is None:
            return jsonify(error=f"{partner or 'No partner'} carries no {number}."), 404
        return jsonify(
            tracking_number=carried.spec.tracking_number,
            partner=carried.spec.partner,
            ending=carried.life.ending,
            customs_hold=carried.life.customs_hold,
            events=[
                event_json(carried.spec.tracking_number, e) for e in carried.life.events
            ],
        )

    @bp.post("/faults")
    def set_faults():
        """Set one partner's fault switches; only the partner name clears them."""
        values = dict(_body())
        partner = values.pop("partner", None)
        if partner not in posts:
            raise ControlError(
                f"partner must be one of {', '.join(posts)}; got {partner!r}."
            )
        faults.set(partner, from_mapping(values))
        return jsonify(faults=faults.snapshot())

    @bp.delete("/faults")
    def clear_faults():
        """Turn every fault switch off."""
        faults.clear()
        return jsonify(faults={})

    @bp.post("/callbacks")
    def set_callbacks():
        """Push a partner's events to a URL signed with a secret (url null stops)."""
        values = _body()
        partner, url = values.get("partner"), values.get("url")
        if not isinstance(partner, str) or not partner:
            raise ControlError("partner is required.")
        if url is None:
            pusher.set_target(partner, None)
            return jsonify(callbacks=sorted(pusher.targets))
        secret = values.get("secret")
        if not isinstance(url, str) or not url.startswith(("http://", "https://")):
            raise ControlError("url must be an http:// or https:// URL.")
        if not isinstance(secret, str) or not secret:
            raise ControlError("secret is required to sign callbacks.")
        pusher.set_target(partner, CallbackTarget(url, secret))
        return jsonify(callbacks=sorted(pusher.targets))

    @bp.post("/clock")
    def set_clock():
        """Set the clock (``now``), its speed, or move it (``advance_minutes``)."""
        values = _body()
        speed = values.get("speed")
        if speed is not None and not isinstance(speed, int | float):
            raise ControlError("speed must be a number of sandbox minutes a second.")
        if "advance_minutes" in values:
            minutes = values["advance_minutes"]
            if not isinstance(minutes, int | float):
                raise ControlError("advance_minutes must be a number.")
            world.clock.set(world.now() + dt.timedelta(minutes=minutes), speed)
        else:
            when = _time(values.get("now"), "now") if "now" in values else world.now()
            world.clock.set(when, speed)
        return jsonify(now=world.now().isoformat(), speed=world.clock.speed)

    return bp


def _body() -> dict:
    body = request.get_json(silent=True)
    if not isinstance(body, dict):
        raise ControlError("The body must be a JSON object.")
    return body


def _spec(index: int, entry, posts: list[str], world) -> ItemSpec:
    where = f"Item {index}"
    if not isinstance(entry, dict):
        raise ControlError(f"{where} is not an object.")
    unknown = sorted(set(entry) - ITEM_FIELDS)
    if unknown:
        raise ControlError(f"{where}: unknown field {unknown[0]!r}.")
    number = s10.normalise(str(entry.get("tracking_number") or ""))
    if not number:
        raise ControlError(f"{where}: tracking_number is required.")
    partner = entry.get("partner")
    if partner not in posts:
        raise ControlError(
            f"{where}: partner must be one of {', '.join(posts)}; got {partner!r}."
        )
    leg = entry.get("leg", OUTBOUND)
    if leg not in (OUTBOUND, RETURN):
        raise ControlError(f"{where}: leg must be outbound or return; got {leg!r}.")
    home = world.countries.get(partner) or number[-2:]
    origin = _country(entry.get("origin") or home, f"{where}: origin")
    destination = _country(entry.get("destination") or home, f"{where}: destination")
    posted = entry.get("posted_at")
    return ItemSpec(
        tracking_number=number,
        partner=partner,
        partner_code=entry.get("partner_code") or None,
        outbound=s10.normalise(str(entry.get("outbound") or "")) or None,
        posted_at=_time(posted, f"{where}: posted_at") if posted else world.now(),
        origin=origin,
        destination=destination,
        leg=leg,
    )


def _country(value, what: str) -> str:
    if not isinstance(value, str) or len(value) != 2 or not value.isalpha():
        raise ControlError(f"{what} must be a two-letter country code; got {value!r}.")
    return value.upper()


def _time(value, what: str) -> dt.datetime:
    try:
        when = dt.datetime.fromisoformat(str(value).replace("Z", "+00:00"))
    except ValueError:
        raise ControlError(f"{what} must be an ISO 8601 time; got {value!r}.") from None
    if when.tzinfo is None:
        raise ControlError(f"{what} needs a UTC offset; got {value!r}.")
    return when.astimezone(dt.UTC)

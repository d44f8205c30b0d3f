"""Staff pages for webhooks: subscribers and the delivery log."""

from flask import Blueprint
from flask import current_app
from flask import flash
from flask import redirect
from flask import render_template
from flask import request
from flask import url_for
from flask_login import current_user
from sqlalchemy import select

from ovs.errors import OvsError
from ovs.extensions import db
from ovs.integration import subscribers
from ovs.integration.delivery import event_id
from ovs.integration.delivery import redeliver
from ovs.integration.subscribers import TOPICS
from ovs.models import OutboxMessage
from ovs.models import WebhookDelivery
from ovs.models import WebhookSubscriber
from ovs.models.base import utcnow
from ovs.postal.status import Role
from ovs.web.access import staff_required

bp = Blueprint("staff_webhooks", __name__)

LOG_ROWS = 200
STATUSES = ("pending", "delivered", "failed")


def _page(status: int = 200, **context):
    return (
        render_template(
            "staff_webhooks/index.html",
            subscribers=subscribers.list_subscribers(db.session),
            topics=TOPICS,
            **context,
        ),
        status,
    )


@bp.get("/")
@staff_required(Role.ADMIN, write=True)
def index():
    """Show the webhook subscribers and a form to add one."""
    return _page()


@bp.post("/")
@staff_required(Role.ADMIN, write=True)
def add():
    """Register a subscriber and show its signing secret this once."""
    try:
        subscriber, secret = subscribers.add_subscriber(
            db.session,
            name=request.form.get("name", ""),
            url=request.form.get("url", ""),
            topics=request.form.getlist("topic"),
            actor=f"staff:{current_user.id}",
            allow_private=current_app.config["WEBHOOK_ALLOW_PRIVATE"],
        )
    except OvsError as exc:
        db.session.rollback()
        flash(exc.message, "error")
        return _page(400, form=request.form)
    db.session.commit()
    return _page(201, created=subscriber, secret=secret)


@bp.post("/<int:subscriber_id>/remove")
@staff_required(Role.ADMIN, write=True)
def remove(subscriber_id):
    """Stop sending to one subscriber."""
    removed = subscribers.remove_subscriber(
        db.session, ref=str(subscriber_id), actor=f"staff:{current_user.id}"
    )
    db.session.commit()
    flash(f"Removed subscriber {removed.name}.", "ok")
    return redirect(url_for("staff_webhooks.index"))


@bp.get("/deliveries")
@staff_required(Role.ADMIN, Role.CENTRAL, Role.OBSERVER)
def deliveries():
    """Show the latest deliveries, newest first, optionally of one status."""
    wanted = request.args.get("status")
    query = (
        select(WebhookDelivery, WebhookSubscriber.name, OutboxMessage.topic)
        .join(WebhookSubscriber, WebhookSubscriber.id == WebhookDelivery.subscriber_id)
        .join(OutboxMessage, OutboxMessage.id == WebhookDelivery.outbox_id)
        .order_by(WebhookDelivery.id.desc())
        .limit(LOG_ROWS)
    )
    if wanted in STATUSES:
        query = query.where(WebhookDelivery.status == wanted)
    return render_template(
        "staff_webhooks/deliveries.html",
        rows=db.session.execute(query).all(),
        statuses=STATUSES,
        wanted=wanted,
        event_id=event_id,
    )


@bp.post("/deliveries/<int:delivery_id>/redeliver")
@staff_required(Role.ADMIN, write=True)
def redeliver_one(delivery_id):
    """Queue a failed delivery again."""
    redeliver(db.session, delivery_id, now=utcnow(), actor=f"staff:{current_user.id}")
    db.session.commit()
    flash(f"Delivery {delivery_id} queued again.", "ok")
    return redirect(url_for("staff_webhooks.deliveries", status="pending"))

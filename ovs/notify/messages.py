"""The words of each notification, in the subscriber's language.

Messages carry no name, address or tracking detail: only what changed, the
deadline and links back to the portal, so a message read by someone else gives
nothing away.
"""

from flask_babel import force_locale
from flask_babel import gettext as _

from ovs.notify.channels import Message

KINDS = (
    "confirm",
    "sent",
    "delivery_attempted",
    "delivered",
    "returned_undeliverable",
    "lost",
    "return_received",
    "return_late",
    "at_risk",
)


def _subject(kind: str) -> str:
    return {
        "confirm": _("Confirm updates about your postal ballot"),
        "sent": _("Your ballot is on its way"),
        "delivery_attempted": _("The post could not deliver your ballot"),
        "delivered": _("Your ballot was delivered"),
        "returned_undeliverable": _("Your ballot could not be delivered"),
        "lost": _("Your ballot was lost in the post"),
        "return_received": _("Your ballot reached the mission in time"),
        "return_late": _("Your ballot reached the mission too late"),
        "at_risk": _("Your ballot may arrive too late"),
    }[kind]


def _body(kind: str, confirm_url: str, portal_url: str) -> str:
    if kind == "confirm":
        return _(
            "Someone, probably you, asked for updates about a postal ballot. "
            "To confirm, open this link:\n%(url)s\n\n"
            "If it was not you, ignore this message: nothing more will be sent.",
            url=confirm_url,
        )
    what = {
        "sent": _("Your ballot has left the mission and is in the post to you."),
        "delivery_attempted": _(
            "The post tried to deliver your ballot but could not. See where to "
            "collect it and by when on your ballot page."
        ),
        "delivered": _(
            "Your ballot was delivered. Vote and post it back straight away: it "
            "must reach the mission before the deadline."
        ),
        "returned_undeliverable": _(
            "Your ballot could not be delivered and is going back to the mission. "
            "Contact your mission to ask for a replacement."
        ),
        "lost": _(
            "Your ballot was lost in the post. Contact your mission to ask for a "
            "replacement."
        ),
        "return_received": _(
            "Your ballot reached the mission in time. It will be counted. "
            "Thank you for voting."
        ),
        "return_late": _(
            "Your ballot reached the mission after the deadline and cannot be counted."
        ),
        "at_risk": _(
            "Your ballot may not reach the mission before the deadline. Post it "
            "back as fast as you can, or contact your mission for help."
        ),
    }[kind]
    return _("%(what)s\n\nSee your ballot: %(url)s", what=what, url=portal_url)


def render(kind: str, *, to: str, language: str, base_url: str, token: str) -> Message:
    """The message of one kind for one subscriber, in their language."""
    base = base_url.rstrip("/")
    unsubscribe_url = f"{base}/notify/unsubscribe/{token}"
    with force_locale(language):
        text = _body(kind, f"{base}/notify/confirm/{token}", f"{base}/track")
        footer = _("To stop these messages, open: %(url)s", url=unsubscribe_url)
        return Message(
            to=to,
            subject=_subject(kind),
            text=f"{text}\n\n--\n{footer}\n",
            kind=kind,
            language=language,
            unsubscribe_url=unsubscribe_url,
        )

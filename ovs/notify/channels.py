"""Ways a message reaches a voter: email over SMTP, or an HTTP gateway (SMS, chat).

A channel takes a ready ``Message`` and either delivers it or raises
``ChannelError``; retries and backoff belong to the sender, not the channel.
"""

import abc
import smtplib
import ssl
from dataclasses import dataclass
from email.message import EmailMessage
from email.utils import formatdate
from email.utils import make_msgid

import requests


class ChannelError(Exception):
    """A message could not be handed over; the sender will try again later."""


@dataclass(frozen=True)
class Message:
    """One message to one subscriber, in the subscriber's language."""

    to: str
    subject: str
    text: str
    kind: str
    language: str
    unsubscribe_url: str


class Channel(abc.ABC):
    """Something that can deliver a ``Message``."""

    name: str

    @abc.abstractmethod
    def send(self, message: Message) -> None:
        """Deliver the message or raise ChannelError."""


class EmailChannel(Channel):
    """Email through the configured SMTP server, with one-click unsubscribe headers."""

    name = "email"

    def __init__(self, config):
        self.host = config["SMTP_HOST"]
        self.port = config["SMTP_PORT"]
        self.user = config["SMTP_USER"]
        self.password = config["SMTP_PASSWORD"]
        self.starttls = config["SMTP_STARTTLS"]
        self.sender = config["MAIL_FROM"]
        self.timeout = config["SMTP_TIMEOUT_SECONDS"]

    def build(self, message: Message) -> EmailMessage:
        """The email for a message, headers included."""
        email = EmailMessage()
        email["From"] = self.sender
        email["To"] = message.to
        email["Subject"] = message.subject
        email["Date"] = formatdate(localtime=False)
        email["Message-ID"] = make_msgid(domain=self.sender.rpartition("@")[2])
        email["Content-Language"] = message.language
        email["List-Unsubscribe"] = f"<{message.unsubscribe_url}>"
        email["List-Unsubscribe-Post"] = "List-Unsubscribe=One-Click"
        email.set_content(message.text)
        return email

    def send(self, message: Message) -> None:
        """Send over SMTP; any refusal or network failure is a ChannelError."""
        try:
            with smtplib.SMTP(self.host, self.port, timeout=self.timeout) as smtp:
                if self.starttls:
                    smtp.starttls(context=ssl.create_default_context())
                if self.user:
                    smtp.login(self.user, self.password)
                smtp.send_message(self.build(message))
        except (OSError, smtplib.SMTPException) as error:
            raise ChannelError(f"SMTP {self.host}:{self.port}: {error}") from error


class HttpGatewayChannel(Channel):
    """A JSON POST to an SMS or chat gateway, with a bearer token."""

    name = "sms"

    def __init__(self, url: str, token: str, timeout: float = 10):
        self.url = url
        self.token = token
        self.timeout = timeout

    def send(self, message: Message) -> None:
        """POST the message; anything but a 2xx answer is a ChannelError."""
        body = {
            "to": message.to,
            "text": f"{message.subject}\n{message.text}",
            "kind": message.kind,
            "language": message.language,
        }
        try:
            answer = requests.post(
                self.url,
                json=body,
                headers={"Authorization": f"Bearer {self.token}"},
                timeout=self.timeout,
            )
        except requests.RequestException as error:
            raise ChannelError(f"gateway unreachable: {error}") from error
        if not 200 <= answer.status_code < 300:
            raise ChannelError(f"gateway answered HTTP {answer.status_code}")


def from_config(config) -> dict[str, Channel]:
    """The channels the settings make available, by subscription channel name."""
    channels: dict[str, Channel] = {"email": EmailChannel(config)}
    if config["NOTIFY_GATEWAY_URL"]:
        channels["sms"] = HttpGatewayChannel(
            config["NOTIFY_GATEWAY_URL"], config["NOTIFY_GATEWAY_TOKEN"]
        )
    return channels

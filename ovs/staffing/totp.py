"""Time-based one-time codes (RFC 6238) and the QR code that enrols an app."""

import io

import pyotp
import segno

ISSUER = "OVS"


def new_secret() -> str:
    """A fresh random base32 secret."""
    return pyotp.random_base32()


def verify(secret: str, code: str) -> bool:
    """Whether the code is right now, or one 30-second step either side."""
    code = (code or "").strip().replace(" ", "")
    return code.isdigit() and pyotp.TOTP(secret).verify(code, valid_window=1)


def provisioning_uri(secret: str, account: str) -> str:
    """The otpauth:// URI an authenticator app reads."""
    return pyotp.TOTP(secret).provisioning_uri(name=account, issuer_name=ISSUER)


def qr_svg(uri: str) -> str:
    """The URI drawn as an inline SVG QR code, with no outside service."""
    out = io.BytesIO()
    segno.make(uri, error="m").save(
        out, kind="svg", scale=5, xmldecl=False, svgns=True, title="Sign-in QR code"
    )
    return out.getvalue().decode()

"""The fonts labels and special lists are drawn in, embedded in each PDF.

DejaVu Sans covers Latin, Greek, Cyrillic and more; it is used where the
system has it (Debian's fonts-dejavu-core). Otherwise the Bitstream Vera font
that ships inside reportlab is used, which covers Latin scripts only. Neither
covers Chinese, Japanese, Korean or Thai: addresses are printed in their Latin
form, and a name in those scripts would show as empty boxes.
"""

import functools
from pathlib import Path

import reportlab
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

REGULAR = "OvsSans"
BOLD = "OvsSans-Bold"

_SYSTEM = Path("/usr/share/fonts/truetype/dejavu")
_BUNDLED = Path(reportlab.__file__).parent / "fonts"
_CANDIDATES = (
    (_SYSTEM / "DejaVuSans.ttf", _SYSTEM / "DejaVuSans-Bold.ttf"),
    (_BUNDLED / "Vera.ttf", _BUNDLED / "VeraBd.ttf"),
)


@functools.cache
def register() -> str:
    """Register the label fonts once; return the name of the file family used."""
    for regular, bold in _CANDIDATES:
        if regular.exists() and bold.exists():
            pdfmetrics.registerFont(TTFont(REGULAR, str(regular)))
            pdfmetrics.registerFont(TTFont(BOLD, str(bold)))
            return regular.stem
    raise RuntimeError("reportlab's bundled Vera fonts are missing; reinstall it.")

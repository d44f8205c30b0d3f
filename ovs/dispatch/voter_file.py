"""Reading a voter list file (CSV or XLSX) row by row, without loading it whole.

The first row is the header. Column names are matched without regard to case or
surrounding spaces. Each data row comes back with its line number in the file
(the header is line 1) and its cells keyed by column name, as text.
"""

import codecs
import csv
import datetime as dt
import io
import os
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from openpyxl import load_workbook
from openpyxl.utils.exceptions import InvalidFileException

from ovs.errors import InvalidInput

REQUIRED_COLUMNS = (
    "registry_number",
    "full_name",
    "date_of_birth",
    "country",
    "street_address",
    "city",
    "postal_code",
)
OPTIONAL_COLUMNS = (
    "subdivision",
    "city_area",
    "country_area",
    "email",
    "phone",
    "language",
)
COLUMNS = REQUIRED_COLUMNS + OPTIONAL_COLUMNS

# Beyond 2**53 a spreadsheet number has lost digits; such a cell cannot be trusted.
_EXACT_FLOAT_LIMIT = 2**53
_READ_SIZE = 1 << 16


class VoterFileError(InvalidInput):
    """A voter list that cannot be read at all; nothing from it is imported."""


@dataclass(frozen=True)
class SourceRow:
    """One data row: its line in the file and its cells by column name."""

    line: int
    cells: dict[str, str]


class _LimitedReader(io.RawIOBase):
    """A binary stream that refuses to read past a byte limit, counting as it goes."""

    def __init__(self, stream, limit: int, limit_mb: int):
        self._stream = stream
        self._limit = limit
        self._limit_mb = limit_mb
        self.bytes_read = 0

    def readable(self) -> bool:
        return True

    def readinto(self, buffer) -> int:
        data = self._stream.read(len(buffer))
        self.bytes_read += len(data)
        if self.bytes_read > self._limit:
            raise _too_large(self._limit_mb)
        buffer[: len(data)] = data
        return len(data)


def _too_large(limit_mb: int) -> VoterFileError:
    return VoterFileError(
        f"The file is larger than the {limit_mb} MB limit; split it into smaller "
        "files and import each one."
    )


def open_rows(source, filename: str, *, max_mb: int) -> "VoterFile":
    """Open a CSV or XLSX voter list from a path or a binary stream."""
    kind = _kind(filename)
    stream, size, owned = _open(source)
    if size is not None and size > max_mb * 1024 * 1024:
        if owned:
            stream.close()
        raise _too_large(max_mb)
    if size == 0:
        if owned:
            stream.close()
        raise VoterFileError("The file is empty.")
    try:
        return VoterFile(kind, stream, size, owned, max_mb)
    except BaseException:
        if owned:
            stream.close()
        raise


def _kind(filename: str) -> str:
    suffix = Path(filename or "").suffix.lower()
    if suffix in {".csv", ".txt"}:
        return "csv"
    if suffix == ".xlsx":
        return "xlsx"
    raise VoterFileError(
        f"{filename or 'The file'} is neither a .csv nor an .xlsx file; "
        "save the voter list as CSV UTF-8 or as an Excel workbook (.xlsx)."
    )


def _open(source):
    if isinstance(source, str | os.PathLike):
        path = Path(source)
        return path.open("rb"), path.stat().st_size, True
    size = None
    if getattr(source, "seekable", lambda: False)():
        here = source.tell()
        size = source.seek(0, io.SEEK_END) - here
        source.seek(here)
    return source, size, False


class VoterFile:
    """An open voter list: its header and an iterator over its rows."""

    def __init__(self, kind: str, stream, size: int | None, owned: bool, max_mb: int):
        self.kind = kind
        self.size = size
        self._stream = stream
        self._owned = owned
        self._limited = _LimitedReader(stream, max_mb * 1024 * 1024, max_mb)
        self._rows = self._csv_rows() if kind == "csv" else self._xlsx_rows()
        self.columns = self._header()

    @property
    def bytes_read(self) -> int:
        """How much of the file has been read so far (CSV only; 0 for XLSX)."""
        return self._limited.bytes_read

    def rows(self) -> Iterator[SourceRow]:
        """Every non-blank data row, in file order."""
        for line, values in self._rows:
            cells = {
                name: _text(value)
                for name, value in zip(self.columns, values, strict=False)
            }
            if len(values) > len(self.columns) and any(
                _text(v) for v in values[len(self.columns) :]
            ):
                cells["_extra"] = "yes"
            if any(v for v in cells.values()):
                yield SourceRow(line, cells)

    def close(self) -> None:
        """Close the file if this object opened it."""
        if self._owned:
            self._stream.close()

    def _header(self) -> list[str]:
        try:
            _, values = next(self._rows)
        except StopIteration:
            raise VoterFileError("The file is empty.") from None
        names = [_text(v).lower().replace(" ", "_") for v in values]
        while names and not names[-1]:
            names.pop()
        if not names and next(self._rows, None) is None:
            raise VoterFileError("The file is empty.")
        _check_header(names)
        return names

    def _csv_rows(self):
        reader = csv.reader(self._text_lines())
        start = 1
        try:
            for values in reader:
                yield start, values
                start = reader.line_num + 1
        except csv.Error as exc:
            raise VoterFileError(
                f"Line {start} is not valid CSV ({exc}); check its quotes."
            ) from None

    def _text_lines(self):
        # Decoding line by line lets a bad byte be reported with its own line.
        binary = io.BufferedReader(self._limited, _READ_SIZE)
        for number, raw in enumerate(binary, 1):
            if number == 1 and raw.startswith(codecs.BOM_UTF8):
                raw = raw[len(codecs.BOM_UTF8) :]
            try:
                yield raw.decode("utf-8")
            except UnicodeDecodeError:
                raise VoterFileError(
                    f"The file is not UTF-8 text (line {number} has a byte that is "
                    "not); save it as CSV UTF-8 and import it again."
                ) from None

    def _xlsx_rows(self):
        try:
            book = load_workbook(
                io.BufferedReader(self._limited, _READ_SIZE)
                if not self._stream.seekable()
                else self._stream,
                read_only=True,
                data_only=True,
            )
        except (zipfile.BadZipFile, InvalidFileException, KeyError, OSError):
            raise VoterFileError(
                "The file is not an Excel workbook (.xlsx) that can be opened; "
                "save the voter list again as .xlsx or as CSV UTF-8."
            ) from None
        try:
            sheet = book.worksheets[0]
            for line, values in enumerate(sheet.iter_rows(values_only=True), 1):
                yield line, list(values)
        finally:
            book.close()


def _check_header(names: list[str]) -> None:
    if not any(names):
        raise VoterFileError("The first line must name the columns; it is blank.")
    problems = []
    repeated = sorted({n for n in names if names.count(n) > 1 and n})
    missing = [c for c in REQUIRED_COLUMNS if c not in names]
    unknown = [n or "(blank)" for n in names if n not in COLUMNS]
    if missing:
        problems.append(f"missing columns: {', '.join(missing)}")
    if unknown:
        problems.append(f"unknown columns: {', '.join(unknown)}")
    if repeated:
        problems.append(f"repeated columns: {', '.join(repeated)}")
    if problems:
        raise VoterFileError(
            f"The header does not fit: {'; '.join(problems)}. "
            f"The columns are {', '.join(REQUIRED_COLUMNS)} (required) and "
            f"{', '.join(OPTIONAL_COLUMNS)} (optional)."
        )


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, int) and abs(value) > _EXACT_FLOAT_LIMIT:
        # Marked so the row check can say the spreadsheet lost digits.
        return f"\x00{value}"
    return str(value).strip()

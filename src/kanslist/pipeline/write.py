"""Write outputs atomically and reproducibly: normalised zip entries, temp file, rename."""

from __future__ import annotations

import hashlib
import io
import json
import os
import struct
import tempfile
import zipfile
import zlib
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable

# DOS epoch: zip entries carry no wall-clock time, so the same inputs give the same bytes.
FIXED_TIME = (1980, 1, 1, 0, 0, 0)
_DOS_TIME = 0
_DOS_DATE = (FIXED_TIME[0] - 1980) << 9 | FIXED_TIME[1] << 5 | FIXED_TIME[2]
_VERSION = 20  # "needs 2.0 to extract": deflate, no zip64
_ATTRIBUTES = 0o644 << 16  # -rw-r--r--, made on MS-DOS (create_system 0)
_UTF8_NAME = 0x800


@dataclass(frozen=True)
class Member:
    """One file of a zip package, deflated once: its name, CRC, size and compressed bytes.

    A template's unchanged parts are compressed once per process and copied into every
    document made from it, instead of being recompressed for each document.
    """

    name: str
    crc: int
    size: int
    deflated: bytes

    @classmethod
    def of(cls, name: str, data: bytes) -> "Member":
        """Return the member ``name`` holding ``data``, deflated as zipfile does by default."""
        compressor = zlib.compressobj(zlib.Z_DEFAULT_COMPRESSION, zlib.DEFLATED, -15)
        return cls(name, zlib.crc32(data), len(data), compressor.compress(data) + compressor.flush())


def zip_members(members: Iterable[Member]) -> bytes:
    """Return a zip archive of ``members`` in order, with fixed times and attributes.

    The bytes are those zipfile writes for the same entries (see ``normalise_zip``); the
    format is written here because zipfile cannot take data that is already compressed.
    """
    out = io.BytesIO()
    central = []
    for member in members:
        if member.size >= 0x7FFFFFFF or len(member.deflated) >= 0x7FFFFFFF:
            raise ValueError(f"{member.name}: för stor för ett zip-arkiv utan zip64")
        try:
            name, flags = member.name.encode("ascii"), 0
        except UnicodeEncodeError:
            name, flags = member.name.encode("utf-8"), _UTF8_NAME
        offset = out.tell()
        fields = (flags, zipfile.ZIP_DEFLATED, _DOS_TIME, _DOS_DATE, member.crc, len(member.deflated), member.size)
        out.write(struct.pack("<4s2B4HL2L2H", b"PK\x03\x04", _VERSION, 0, *fields, len(name), 0))
        out.write(name)
        out.write(member.deflated)
        central.append(struct.pack("<4s4B4HL2L5H2L", b"PK\x01\x02", _VERSION, 0, _VERSION, 0, *fields,
                                   len(name), 0, 0, 0, 0, _ATTRIBUTES, offset) + name)
    start = out.tell()
    for record in central:
        out.write(record)
    size = out.tell() - start
    out.write(struct.pack("<4s4H2LH", b"PK\x05\x06", 0, 0, len(central), len(central), size, start, 0))
    return out.getvalue()


def normalise_zip(data: bytes) -> bytes:
    """Return ``data`` (an OOXML package) re-zipped with fixed times and attributes."""
    source = zipfile.ZipFile(io.BytesIO(data))
    return zip_members(Member.of(info.filename, source.read(info)) for info in source.infolist())


def text_workbook(out: io.BytesIO):
    """Return an XlsxWriter workbook writing to ``out`` in which text stays text: a cell starting
    with "=" never becomes a formula, nor a URL a link, nor "08" a number."""
    import xlsxwriter  # only what writes a spreadsheet pays its import

    return xlsxwriter.Workbook(out, {"in_memory": True, "strings_to_formulas": False, "strings_to_urls": False,
                                     "strings_to_numbers": False})


def current_umask() -> int:
    """Return the process's umask (read by setting it and setting it back, so read once: ``UMASK``)."""
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


UMASK = current_umask()


def write_atomic(path: Path, data: bytes, durable: bool = True) -> None:
    """Write ``data`` to ``path`` through a temporary file in the same folder, then rename.

    With ``durable`` the file is synced before the rename; a batch that writes many files
    passes False and calls ``sync_to_disk`` once at the end instead (one journal commit
    rather than one per file).
    """
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        # As other tools create files: the user's umask decides, not mkstemp's 0600.
        os.fchmod(fd, 0o666 & ~UMASK)
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            if durable:
                handle.flush()
                os.fsync(handle.fileno())
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except FileNotFoundError:
            pass
        raise


def sync_to_disk() -> None:
    """Flush every file written without ``durable`` to disk (no-op where the OS has no sync)."""
    if hasattr(os, "sync"):
        os.sync()


def write_json(path: Path, record: dict, durable: bool = True) -> None:
    """Write ``record`` as stable, sorted, indented JSON, atomically."""
    write_atomic(path, (json.dumps(record, ensure_ascii=False, indent=2, sort_keys=True) + "\n").encode("utf-8"),
                 durable=durable)


def sha256(data: bytes) -> str:
    """Return the hex SHA-256 of ``data``."""
    return hashlib.sha256(data).hexdigest()

"""Reading an account export ZIP safely: only the export's own files, each within its size limit.

Hostile archives are refused before anything is unpacked: only the export's own file names are
accepted (so no directories and no path traversal: nothing is ever written to disk), each file's
declared unpacked size is checked against its limit before reading, and reading stops one byte
past the limit whatever the header claims (a zip bomb with a lying header).
"""
from __future__ import annotations

import io
import json
import zipfile
import zlib

from django.utils.translation import gettext as _

from .account_export import EXPERIMENTS_FILE
from .imports import MAX_FILE_BYTES

MAX_ARCHIVE_BYTES = 20 * 1024 * 1024
MAX_JSON_BYTES = 1024 * 1024
MAX_ENTRIES = 20
LIMITS = {
    "episodes.csv": MAX_FILE_BYTES,
    "checkins.csv": MAX_FILE_BYTES,
    "medicines.csv": MAX_FILE_BYTES,
    "alert_notes.csv": MAX_FILE_BYTES,
    "profile.json": MAX_JSON_BYTES,
    EXPERIMENTS_FILE: MAX_JSON_BYTES,
}
REQUIRED = ("profile.json", "episodes.csv", "checkins.csv")
MAX_TOTAL_BYTES = sum(LIMITS.values())


class ArchiveInvalid(Exception):
    def __init__(self, messages):
        super().__init__("; ".join(messages))
        self.messages = list(messages)



def _shown(name: str) -> str:
    return name if len(name) <= 60 else name[:57] + "..."


def read_archive(data: bytes) -> dict[str, bytes]:
    """The export's files by name; ArchiveInvalid for anything else (see module doc)."""
    if len(data) > MAX_ARCHIVE_BYTES:
        raise ArchiveInvalid([_("The file is larger than %(mb)d MB.") % {"mb": MAX_ARCHIVE_BYTES // (1024 * 1024)}])
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        infos = archive.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, EOFError, OSError):
        raise ArchiveInvalid([_("This is not a ZIP file. Choose the ZIP that “Export everything” gave you.")]) from None
    if len(infos) > MAX_ENTRIES:
        raise ArchiveInvalid([_("The ZIP holds too many files to be an export of this app.")])
    problems, seen, total = [], set(), 0
    for info in infos:
        name = info.filename
        if name not in LIMITS:
            problems.append(_("The ZIP holds a file this app does not export: %(name)s") % {"name": _shown(name)})
            continue
        if name in seen:
            problems.append(_("The ZIP holds %(name)s twice.") % {"name": name})
        seen.add(name)
        if info.flag_bits & 0x1:
            problems.append(_("%(name)s is encrypted.") % {"name": name})
        if info.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
            problems.append(_("%(name)s is packed in a way this app does not use.") % {"name": name})
        total += info.file_size
        if info.file_size > LIMITS[name]:
            problems.append(_("%(name)s is larger than %(kb)d kB when unpacked.") % {
                "name": name, "kb": LIMITS[name] // 1024})
    if total > MAX_TOTAL_BYTES:
        problems.append(_("The ZIP is too large when unpacked."))
    for name in REQUIRED:
        if name not in seen:
            problems.append(_("The ZIP has no %(name)s: it is not a complete export of this app.") % {"name": name})
    if problems:
        raise ArchiveInvalid(problems)
    files = {}
    for info in infos:
        try:
            with archive.open(info) as member:
                content = member.read(LIMITS[info.filename] + 1)  # never more, whatever the header says
        except (zipfile.BadZipFile, zlib.error, EOFError, OSError, RuntimeError, NotImplementedError):
            raise ArchiveInvalid([_("%(name)s in the ZIP is damaged.") % {"name": info.filename}]) from None
        if len(content) > LIMITS[info.filename]:
            raise ArchiveInvalid([_("%(name)s is larger than %(kb)d kB when unpacked.") % {
                "name": info.filename, "kb": LIMITS[info.filename] // 1024}])
        files[info.filename] = content
    return files


def text_of(name: str, content: bytes) -> str:
    try:
        return content.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ArchiveInvalid([_("%(name)s is not UTF-8 text.") % {"name": name}]) from None


def _no_constant(name):
    raise ValueError(f"{name} is not a number")  # NaN and Infinity: not JSON, and no diary value


def json_of(name: str, content: bytes):
    try:
        return json.loads(text_of(name, content), parse_constant=_no_constant)
    except (ValueError, RecursionError):
        raise ArchiveInvalid([_("%(name)s is not valid JSON.") % {"name": name}]) from None

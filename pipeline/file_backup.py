"""Backup and restore of the uploaded files (résumés), whatever the storage.

The database knows every file (`Resume.file`), so a backup is one tar archive of those
files under their storage names, read through Django's storage — local disk or an
S3-compatible bucket alike — and a restore writes each one back under the same name.
Used by `manage.py backup_files` / `restore_files` (docs/operations.md, "Backup and
restore"). Restore after the database restore: the rows say which files belong.
"""

from __future__ import annotations

import io
import tarfile
from dataclasses import dataclass, field

from django.core.files.base import ContentFile

from .models import Resume


@dataclass
class Outcome:
    written: int = 0
    kept: int = 0  # already in storage with that name: left as it is
    missing: list[str] = field(default_factory=list)


def _storage():
    return Resume._meta.get_field("file").storage


def back_up_files(*, into) -> Outcome:
    """Write every résumé file into the tar stream `into`; files the database names but
    storage lacks are listed in `missing` (and in MISSING.txt in the archive)."""
    outcome = Outcome()
    storage = _storage()
    with tarfile.open(fileobj=into, mode="w|") as archive:
        for name in Resume.objects.exclude(file="").order_by("pk").values_list("file", flat=True):
            try:
                with storage.open(name, "rb") as handle:
                    data = handle.read()
            except FileNotFoundError:
                outcome.missing.append(name)
                continue
            info = tarfile.TarInfo(name)
            info.size = len(data)
            archive.addfile(info, io.BytesIO(data))
            outcome.written += 1
        if outcome.missing:
            note = ("\n".join(outcome.missing) + "\n").encode()
            info = tarfile.TarInfo("MISSING.txt")
            info.size = len(note)
            archive.addfile(info, io.BytesIO(note))
    return outcome


def restore_files(*, source) -> Outcome:
    """Write each file of the tar stream `source` back under its name; a name already in
    storage is kept (a restore never overwrites). Names outside the résumé folder, or with
    `..`, are refused: an archive cannot write anywhere else."""
    outcome = Outcome()
    storage = _storage()
    upload_to = Resume._meta.get_field("file").upload_to
    with tarfile.open(fileobj=source, mode="r|") as archive:
        for member in archive:
            if not member.isfile() or member.name == "MISSING.txt":
                continue
            name = member.name
            if not name.startswith(upload_to) or ".." in name.split("/"):
                raise ValueError(f"refusing {name!r}: not a résumé file name")
            if storage.exists(name):
                outcome.kept += 1
                continue
            data = archive.extractfile(member).read()
            saved = storage.save(name, ContentFile(data))
            if saved != name:
                raise RuntimeError(f"storage renamed {name!r} to {saved!r}")
            outcome.written += 1
    return outcome

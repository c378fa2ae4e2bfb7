"""Validating an uploaded file: stream it to disk, validate it like ``harmonise validate``.

Nothing is stored: the upload goes to a private temporary folder that is removed afterwards. The
size cap is enforced while streaming (the web server also refuses bodies over the cap), and the
file name is reduced to a safe base name with an allowed suffix, so nothing from the request
reaches a path.
"""

from __future__ import annotations

import re
import shutil
import tempfile
from pathlib import Path
from typing import IO

from harmonise.config import Settings
from harmonise.errors import InputError
from harmonise.services.validation import ValidationResult, validate_paths

#: Suffixes an upload may have, and what they are.
UPLOAD_KINDS: dict[str, str] = {
    ".xml": "DDI file",
    ".csv": "crosswalk sheet",
    ".xlsx": "crosswalk sheet",
    ".xls": "crosswalk sheet",
    ".yaml": "crosswalk file",
    ".yml": "crosswalk file",
    ".sav": "SPSS data",
    ".zsav": "SPSS data",
    ".por": "SPSS portable data",
    ".dta": "Stata data",
    ".ttl": "SKOS vocabulary",
}

#: Media types of raw (non-multipart) bodies and the suffix they imply.
MEDIA_SUFFIXES: dict[str, str] = {
    "application/xml": ".xml",
    "text/xml": ".xml",
    "application/vnd.ddi.codebook+xml": ".xml",
    "application/vnd.ddi.lifecycle+xml": ".xml",
    "text/csv": ".csv",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": ".xlsx",
    "application/vnd.ms-excel": ".xls",
    "application/x-spss-sav": ".sav",
    "application/x-stata-dta": ".dta",
    "application/yaml": ".yaml",
    "text/turtle": ".ttl",
}

_SAFE = re.compile(r"[^A-Za-z0-9._-]+")


class UploadTooLargeError(InputError):
    """The upload is larger than the configured cap."""


class UnsupportedUploadError(InputError):
    """The upload's type is not one harmonise validates."""


def upload_suffix(filename: str | None, media_type: str | None) -> str:
    """The suffix that decides how an upload is read.

    Raises:
        UnsupportedUploadError: When neither the name nor the media type says what it is.
    """
    if filename:
        suffix = Path(filename).suffix.lower()
        if suffix in UPLOAD_KINDS:
            return suffix
    if media_type:
        suffix = MEDIA_SUFFIXES.get(media_type.split(";")[0].strip().lower(), "")
        if suffix:
            return suffix
    raise UnsupportedUploadError(
        "harmonise cannot tell what this upload is",
        hint="send a DDI .xml, a crosswalk .csv/.xlsx/.yaml, an SPSS .sav or Stata .dta file",
    )


def validate_upload(
    stream: IO[bytes],
    *,
    filename: str | None,
    media_type: str | None,
    settings: Settings,
    max_bytes: int,
    core_variable: str | None = None,
    chunk: int = 1 << 16,
) -> tuple[ValidationResult, str]:
    """Stream an upload to a temporary file and validate it against the registry's core.

    Args:
        stream: The request body or the uploaded part.
        filename: The client's file name (only its suffix and a safe base name are used).
        media_type: The part's or body's media type.
        settings: The registry to validate against.
        max_bytes: The size cap.
        core_variable: For a crosswalk sheet, the core variable it maps onto.
        chunk: Bytes read at a time.

    Returns:
        The validation result and the safe file name used in locations.

    Raises:
        UnsupportedUploadError: For a type harmonise does not validate.
        UploadTooLargeError: When the upload is over the cap.
    """
    suffix = upload_suffix(filename, media_type)
    base = _SAFE.sub("_", Path(filename or "upload").stem)[:80].strip("._") or "upload"
    name = base + suffix
    folder = Path(tempfile.mkdtemp(prefix="harmonise-upload-"))
    try:
        target = folder / name
        size = 0
        with target.open("wb") as out:
            while True:
                block = stream.read(chunk)
                if not block:
                    break
                size += len(block)
                if size > max_bytes:
                    raise UploadTooLargeError(
                        f"the upload is larger than {max_bytes} bytes",
                        hint="validate large files locally with `harmonise validate`",
                    )
                out.write(block)
        if size == 0:
            raise InputError("the upload is empty", path=name, hint="choose a file to validate")
        result = validate_paths([target], settings=settings, core_variable=core_variable)
        return _relocate(result, str(target), name), name
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def _relocate(result: ValidationResult, temp_path: str, name: str) -> ValidationResult:
    """Replace the temporary path by the upload's name in every location and message."""
    issues = []
    for issue in result.report.issues:
        loc = issue.location
        if loc.file and temp_path in loc.file:
            loc = loc.model_copy(update={"file": loc.file.replace(temp_path, name)})
        issues.append(
            issue.model_copy(
                update={
                    "location": loc,
                    "message": issue.message.replace(temp_path, name),
                }
            )
        )
    report = result.report.model_copy(
        update={
            "issues": tuple(issues),
            "inputs": tuple(i.replace(temp_path, name) for i in result.report.inputs),
        }
    )
    return ValidationResult(
        report=report,
        unreadable=tuple(u.replace(temp_path, name) for u in result.unreadable),
    )

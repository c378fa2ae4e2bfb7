"""Figure definitions in the registry's YAML form (``registry/figures/<ID>.yaml``).

Implements the schema of the shared contracts ("Figure definition YAML"): ``id``, ``version``,
``title``/``description`` (language → text), ``universe``, ``indicator`` (``type`` and
``expression``), ``weight``, ``breakdowns``, ``studies``, ``decimals``. Unknown keys are an
error, so a misspelt key never silently changes a published number. The writer emits keys in the
documented order so files diff cleanly.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError

from harmonise.errors import InputError
from harmonise.model.figure import FigureDefinition

_MAX_BYTES = 1_000_000
_KEYS = (
    "id",
    "version",
    "title",
    "description",
    "universe",
    "indicator",
    "weight",
    "breakdowns",
    "studies",
    "decimals",
)


def figure_definition_from_text(text: str, path: str | Path = "<text>") -> FigureDefinition:
    """Parse a figure definition from YAML text.

    Args:
        text: The YAML document.
        path: Where it came from, for messages.

    Returns:
        The definition.

    Raises:
        InputError: When the YAML is malformed or does not follow the schema.
    """
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 1 if mark is not None else None
        raise InputError(
            f"not valid YAML: {getattr(exc, 'problem', exc)}", path=path, line=line
        ) from None
    if not isinstance(data, dict):
        raise InputError(
            "a figure definition must be a YAML mapping",
            path=path,
            hint="start with 'id: FIG-...' (see docs of registry/figures)",
        )
    unknown = sorted(str(k) for k in data if k not in _KEYS)
    if unknown:
        raise InputError(
            f"unknown key(s) in figure definition: {', '.join(unknown)}",
            path=path,
            hint="allowed keys: " + ", ".join(_KEYS),
        )
    values = {k: v for k, v in data.items() if v is not None}
    for key in ("title", "description"):
        if isinstance(values.get(key), str):
            values[key] = {"en": values[key]}
    if "version" in values:
        values["version"] = str(values["version"])
    try:
        return FigureDefinition.model_validate(values)
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(p) for p in first["loc"])
        raise InputError(
            f"invalid figure definition: {where}: {first['msg']}",
            path=path,
            hint=f"{len(exc.errors())} problem(s) in all",
        ) from None


def read_figure_definition(path: str | Path) -> FigureDefinition:
    """Read ``registry/figures/<ID>.yaml``.

    Args:
        path: The YAML file.

    Returns:
        The definition.

    Raises:
        InputError: When the file is missing, too large, not UTF-8 or not a valid definition.
    """
    p = Path(path)
    try:
        size = p.stat().st_size
    except OSError as exc:
        raise InputError(f"cannot read figure definition: {exc.strerror}", path=p) from None
    if size > _MAX_BYTES:
        raise InputError("figure definition larger than 1 MB", path=p)
    try:
        text = p.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        raise InputError("figure definition is not UTF-8 text", path=p) from None
    return figure_definition_from_text(text, p)


def figure_definition_dict(definition: FigureDefinition) -> dict[str, Any]:
    """The definition as a plain mapping in the documented key order (empty keys left out)."""
    out: dict[str, Any] = {"id": definition.id, "version": definition.version}
    if definition.title:
        out["title"] = dict(definition.title.items())
    if definition.description:
        out["description"] = dict(definition.description.items())
    if definition.universe:
        out["universe"] = definition.universe
    indicator: dict[str, Any] = {"type": definition.indicator.type.value}
    if definition.indicator.expression:
        indicator["expression"] = definition.indicator.expression
    out["indicator"] = indicator
    if definition.weight:
        out["weight"] = definition.weight
    out["breakdowns"] = list(definition.breakdowns)
    out["studies"] = list(definition.studies)
    out["decimals"] = definition.decimals
    return out


def write_figure_definition(definition: FigureDefinition, path: str | Path) -> None:
    """Write a definition as YAML (UTF-8, documented key order).

    Args:
        definition: The definition.
        path: Target file; its folder must exist.
    """
    text = yaml.safe_dump(
        figure_definition_dict(definition), sort_keys=False, allow_unicode=True, width=100
    )
    Path(path).write_text(text, encoding="utf-8")

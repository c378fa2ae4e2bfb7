"""The registry's diff-friendly YAML form of a crosswalk version (docs/crosswalk-format.md).

One file holds one version of one crosswalk (DESIGN.md §2 principles 1–2: the files are the
record; published versions are immutable). The writer is deterministic: a fixed key order, codes
always written as double-quoted strings (so ``"01"`` keeps its leading zero), dates as ISO dates,
and one association per line when it fits in ``LINE_WIDTH`` characters (else a small block). The
same model therefore always gives the same bytes, and a change to one association changes one line.

The reader accepts any YAML 1.1 text of that shape but is strict where spreadsheets and hand edits
hurt: codes must be strings (an unquoted ``01`` would silently become ``1``), keys must be known
and not repeated, aliases/anchors are refused (no "billion laughs"), and the file size is capped.
Problems raise :class:`~harmonise.errors.InputError` with the file and line.

Deviation: YAML is not a DDI or SKOS serialisation; the exports (formats.xkos, DDI-L Comparison)
give the standard forms of the same model.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError

from harmonise.errors import InputError
from harmonise.model.crosswalk import CodeAssociation, Comparability, Crosswalk
from harmonise.model.text import LocalizedText
from harmonise.model.urn import version_key

FORMAT_TAG = "harmonise-crosswalk/1"
"""The value of the ``format`` key in every crosswalk file."""

LINE_WIDTH = 100
"""An association is written on one line when the line fits in this many characters."""

MAX_FILE_BYTES = 64 * 1024 * 1024
"""Largest crosswalk file read (the ISCO-08 tables are well under 1 MB in this form)."""

SUFFIXES = (".yaml", ".yml")

_HINT = "see docs/crosswalk-format.md"

# --- writing ----------------------------------------------------------------------------------


def _quote(text: str) -> str:
    """A YAML double-quoted scalar; everything outside YAML's printable set is escaped."""
    out: list[str] = ['"']
    for ch in text:
        code = ord(ch)
        if ch == '"':
            out.append('\\"')
        elif ch == "\\":
            out.append("\\\\")
        elif ch == "\n":
            out.append("\\n")
        elif ch == "\t":
            out.append("\\t")
        elif (
            0x20 <= code <= 0x7E
            or 0xA0 <= code <= 0xD7FF
            or 0xE000 <= code <= 0xFFFD
            or 0x10000 <= code <= 0x10FFFF
        ) and ch not in "\u2028\u2029\ufeff":
            out.append(ch)
        elif code <= 0xFF:
            out.append(f"\\x{code:02x}")
        elif code <= 0xFFFF:
            out.append(f"\\u{code:04x}")
        else:
            out.append(f"\\U{code:08x}")
    out.append('"')
    return "".join(out)


def _codes(values: tuple[str, ...]) -> str:
    return "[" + ", ".join(_quote(v) for v in values) + "]"


def _text(value: LocalizedText) -> str:
    """A localized text as a flow mapping, languages sorted ("" first)."""
    items = sorted(value.root.items())
    return "{" + ", ".join(f"{_quote(k)}: {_quote(v)}" for k, v in items) + "}"


def _number(value: float) -> str:
    return json.dumps(value)


def _comparability_pairs(c: Comparability) -> list[tuple[str, str]]:
    pairs: list[tuple[str, str]] = []
    if len(c.commonality):
        pairs.append(("commonality", _text(c.commonality)))
    if len(c.difference):
        pairs.append(("difference", _text(c.difference)))
    if c.commonality_type is not None:
        pairs.append(("commonality_type", c.commonality_type.value))
    if c.commonality_weight is not None:
        pairs.append(("commonality_weight", _number(c.commonality_weight)))
    return pairs


def _association_pairs(a: CodeAssociation) -> list[tuple[str, str]]:
    pairs = [("sources", _codes(a.sources)), ("targets", _codes(a.targets)), ("rule", a.rule.value)]
    if a.semantic is not None:
        pairs.append(("semantic", a.semantic.value))
    if a.condition is not None:
        pairs.append(("condition", _quote(a.condition)))
    if a.expression is not None:
        pairs.append(("expression", _quote(a.expression)))
    comparability = _comparability_pairs(a.comparability)
    if comparability:
        pairs.append(
            ("comparability", "{" + ", ".join(f"{k}: {v}" for k, v in comparability) + "}")
        )
    if len(a.note):
        pairs.append(("note", _text(a.note)))
    return pairs


def _association_lines(a: CodeAssociation) -> list[str]:
    pairs = _association_pairs(a)
    one_line = "  - {" + ", ".join(f"{k}: {v}" for k, v in pairs) + "}"
    if len(one_line) <= LINE_WIDTH:
        return [one_line]
    lines = [f"  - {pairs[0][0]}: {pairs[0][1]}"]
    lines.extend(f"    {k}: {v}" for k, v in pairs[1:])
    return lines


def crosswalk_file_text(crosswalk: Crosswalk) -> str:
    """The YAML text of one crosswalk version (deterministic).

    Args:
        crosswalk: The crosswalk version.

    Returns:
        The file content, ending in a newline.
    """
    cw = crosswalk
    lines = [
        f"# harmonise crosswalk ({_HINT}); a published version is never edited:",
        "# a change is a new file with a new version.",
        f"format: {FORMAT_TAG}",
        f"urn: {_quote(str(cw.urn))}",
    ]
    if len(cw.label):
        lines.append("label:")
        lines.extend(f"  {_quote(k)}: {_quote(v)}" for k, v in sorted(cw.label.root.items()))
    lines.append("source:")
    lines.append(f"  variable: {_quote(str(cw.source_variable))}")
    if cw.source_code_list is not None:
        lines.append(f"  code_list: {_quote(str(cw.source_code_list))}")
    if cw.study is not None:
        lines.append(f"  study: {_quote(str(cw.study))}")
    lines.append("target:")
    lines.append(f"  variable: {_quote(str(cw.target_variable))}")
    if cw.target_code_list is not None:
        lines.append(f"  code_list: {_quote(str(cw.target_code_list))}")
    if cw.issued is not None:
        lines.append(f"issued: {cw.issued.isoformat()}")
    info = cw.version_info
    if info is not None:
        lines.append("version_info:")
        lines.append(f"  author: {_quote(info.author)}")
        lines.append(f"  date: {info.date.isoformat()}")
        lines.append(f"  reason: {info.reason.value}")
        if info.note is not None:
            lines.append(f"  note: {_quote(info.note)}")
        if info.previous is not None:
            lines.append(f"  previous: {_quote(str(info.previous))}")
    if cw.missing_treatment is not None:
        lines.append(f"missing_treatment: {_quote(cw.missing_treatment)}")
    comparability = _comparability_pairs(cw.comparability)
    if comparability:
        lines.append("comparability:")
        lines.extend(f"  {k}: {v}" for k, v in comparability)
    if cw.unmatched_targets:
        lines.append(f"unmatched_targets: {_codes(cw.unmatched_targets)}")
    if cw.associations:
        lines.append("associations:")
        for a in cw.associations:
            lines.extend(_association_lines(a))
    else:
        lines.append("associations: []")
    return "\n".join(lines) + "\n"


def crosswalk_file_name(crosswalk: Crosswalk) -> str:
    """The conventional file name of a crosswalk version: ``<id>_<version>.yaml``."""
    return f"{crosswalk.urn.id}_{crosswalk.urn.version or 'unversioned'}.yaml"


def write_crosswalk_file(crosswalk: Crosswalk, path: str | Path) -> None:
    """Write one crosswalk version in the registry's YAML form.

    Args:
        crosswalk: The crosswalk version.
        path: The file to write (overwritten; use services.crosswalks to publish immutably).
    """
    Path(path).write_text(crosswalk_file_text(crosswalk), encoding="utf-8", newline="\n")


# --- reading ----------------------------------------------------------------------------------

_TOP_KEYS = (
    "format",
    "urn",
    "label",
    "source",
    "target",
    "issued",
    "version_info",
    "missing_treatment",
    "comparability",
    "unmatched_targets",
    "associations",
)
_SIDE_KEYS = {"source": ("variable", "code_list", "study"), "target": ("variable", "code_list")}
_ASSOCIATION_KEYS = (
    "sources",
    "targets",
    "rule",
    "semantic",
    "condition",
    "expression",
    "comparability",
    "note",
)
_COMPARABILITY_KEYS = ("commonality", "difference", "commonality_type", "commonality_weight")
_VERSION_KEYS = ("author", "date", "reason", "note", "previous")


_BaseLoader: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _NoAliasLoader(_BaseLoader):  # type: ignore[misc]
    """A safe loader (libyaml's C parser when available: about 4 times faster).

    Aliases are refused while converting nodes: an alias yields a node already seen, which
    :class:`_Loaded` rejects, so no "billion laughs" expansion can happen.
    """


class _Loaded:
    """A YAML document turned into plain values, with the line of every value by path."""

    def __init__(self, path: Path, text: str) -> None:
        self.path = path
        self.lines: dict[tuple[str | int, ...], int] = {}
        self._seen: set[int] = set()
        loader = _NoAliasLoader(text)
        try:
            self._refuse_aliases(text)
            node = loader.get_single_node()
            self.value = self._convert(loader, node, ()) if node is not None else None
        except yaml.MarkedYAMLError as exc:
            mark = exc.problem_mark or exc.context_mark
            line = mark.line + 1 if mark is not None else None
            raise InputError(
                f"not valid YAML: {exc.problem or exc}", path=path, line=line, hint=_HINT
            ) from exc
        except yaml.YAMLError as exc:
            raise InputError(f"not valid YAML: {exc}", path=path, hint=_HINT) from exc
        except RecursionError as exc:
            raise InputError("YAML nested too deeply", path=path, hint=_HINT) from exc
        finally:
            loader.dispose()

    def _refuse_aliases(self, text: str) -> None:
        """Refuse any alias, at the line where it is used (a fast event scan)."""
        if "*" not in text:
            return
        for event in yaml.parse(text, Loader=_NoAliasLoader):
            if isinstance(event, yaml.AliasEvent):
                raise InputError(
                    "YAML aliases (*name) are not allowed in a crosswalk file",
                    path=self.path,
                    line=event.start_mark.line + 1 if event.start_mark else None,
                    hint=_HINT,
                )

    def _convert(
        self, loader: yaml.SafeLoader, node: yaml.Node, where: tuple[str | int, ...]
    ) -> Any:
        line = node.start_mark.line + 1
        if id(node) in self._seen:
            raise InputError(
                "YAML aliases (*name) are not allowed in a crosswalk file",
                path=self.path,
                line=line,
            )
        self._seen.add(id(node))
        self.lines[where] = line
        if isinstance(node, yaml.MappingNode):
            result: dict[str, Any] = {}
            for key_node, value_node in node.value:
                if (
                    not isinstance(key_node, yaml.ScalarNode)
                    or key_node.tag == "tag:yaml.org,2002:merge"
                ):
                    raise InputError(
                        "keys must be plain words",
                        path=self.path,
                        line=key_node.start_mark.line + 1,
                    )
                key = str(key_node.value)
                if key in result:
                    raise InputError(
                        f"key {key!r} appears twice",
                        path=self.path,
                        line=key_node.start_mark.line + 1,
                    )
                result[key] = self._convert(loader, value_node, (*where, key))
            return result
        if isinstance(node, yaml.SequenceNode):
            return [self._convert(loader, item, (*where, i)) for i, item in enumerate(node.value)]
        return loader.construct_object(node, deep=True)

    def line(self, where: tuple[str | int, ...]) -> int | None:
        while where and where not in self.lines:
            where = where[:-1]
        return self.lines.get(where)

    def fail(self, message: str, where: tuple[str | int, ...], hint: str = _HINT) -> InputError:
        return InputError(message, path=self.path, line=self.line(where), hint=hint)


def _mapping(
    doc: _Loaded, value: Any, where: tuple[str | int, ...], keys: tuple[str, ...]
) -> dict[str, Any]:
    name = ".".join(str(w) for w in where) or "the file"
    if not isinstance(value, dict):
        raise doc.fail(f"{name} must be a mapping of keys to values", where)
    for key in value:
        if key not in keys:
            raise doc.fail(
                f"unknown key {key!r} in {name}", (*where, key), hint="allowed: " + ", ".join(keys)
            )
    return value


def _string_list(doc: _Loaded, value: Any, where: tuple[str | int, ...]) -> tuple[str, ...]:
    if value is None:
        return ()
    if not isinstance(value, list):
        raise doc.fail(f"{'.'.join(map(str, where))} must be a list of quoted codes", where)
    for i, item in enumerate(value):
        if not isinstance(item, str):
            raise doc.fail(
                f"code {item!r} is not a quoted string",
                (*where, i),
                hint='write codes in quotes, e.g. "01", so leading zeros and dots survive',
            )
    return tuple(value)


def _localized(doc: _Loaded, value: Any, where: tuple[str | int, ...]) -> LocalizedText:
    if value is None:
        return LocalizedText()
    if isinstance(value, str):
        return LocalizedText.of(value)
    if isinstance(value, dict) and all(isinstance(v, str) for v in value.values()):
        return LocalizedText({str(k): v for k, v in value.items()})
    raise doc.fail("text must be a string or a mapping of language to string", where)


def _comparability(doc: _Loaded, value: Any, where: tuple[str | int, ...]) -> dict[str, Any]:
    if value is None:
        return {}
    c = _mapping(doc, value, where, _COMPARABILITY_KEYS)
    out = dict(c)
    for key in ("commonality", "difference"):
        if key in c:
            out[key] = _localized(doc, c[key], (*where, key))
    return out


def _association(doc: _Loaded, value: Any, where: tuple[str | int, ...]) -> dict[str, Any]:
    a = _mapping(doc, value, where, _ASSOCIATION_KEYS)
    out = dict(a)
    out["sources"] = _string_list(doc, a.get("sources"), (*where, "sources"))
    out["targets"] = _string_list(doc, a.get("targets"), (*where, "targets"))
    if "comparability" in a:
        out["comparability"] = _comparability(doc, a["comparability"], (*where, "comparability"))
    if "note" in a:
        out["note"] = _localized(doc, a["note"], (*where, "note"))
    for key in ("condition", "expression"):
        if key in a and a[key] is not None and not isinstance(a[key], str):
            raise doc.fail(f"{key} must be a quoted expression", (*where, key))
    return out


def _crosswalk_fields(doc: _Loaded) -> dict[str, Any]:
    top = _mapping(doc, doc.value, (), _TOP_KEYS)
    if top.get("format") != FORMAT_TAG:
        raise doc.fail(
            f"not a harmonise crosswalk file (format is {top.get('format')!r})",
            ("format",),
            hint=f"the file must start with 'format: {FORMAT_TAG}'; {_HINT}",
        )
    fields: dict[str, Any] = {"urn": top.get("urn")}
    for side in ("source", "target"):
        part = _mapping(doc, top.get(side), (side,), _SIDE_KEYS[side])
        fields[f"{side}_variable"] = part.get("variable")
        if "code_list" in part:
            fields[f"{side}_code_list"] = part["code_list"]
        if "study" in part:
            fields["study"] = part["study"]
    if "label" in top:
        fields["label"] = _localized(doc, top["label"], ("label",))
    for key in ("issued", "missing_treatment"):
        if key in top:
            fields[key] = top[key]
    if "version_info" in top:
        fields["version_info"] = _mapping(
            doc, top["version_info"], ("version_info",), _VERSION_KEYS
        )
    if "comparability" in top:
        fields["comparability"] = _comparability(doc, top["comparability"], ("comparability",))
    fields["unmatched_targets"] = _string_list(
        doc, top.get("unmatched_targets"), ("unmatched_targets",)
    )
    associations = top.get("associations")
    if associations is not None and not isinstance(associations, list):
        raise doc.fail("associations must be a list", ("associations",))
    fields["associations"] = tuple(
        _association(doc, a, ("associations", i)) for i, a in enumerate(associations or [])
    )
    return fields


def _error_path(loc: tuple[int | str, ...]) -> tuple[str | int, ...]:
    """Map a pydantic error location on Crosswalk to the path in the YAML document."""
    renamed: dict[str, tuple[str, ...]] = {
        "source_variable": ("source", "variable"),
        "source_code_list": ("source", "code_list"),
        "study": ("source", "study"),
        "target_variable": ("target", "variable"),
        "target_code_list": ("target", "code_list"),
    }
    if loc and isinstance(loc[0], str) and loc[0] in renamed:
        return renamed[loc[0]] + tuple(loc[1:])
    return tuple(loc)


def crosswalk_from_text(text: str, path: str | Path = "<text>") -> Crosswalk:
    """Read one crosswalk version from YAML text (see :func:`read_crosswalk_file`)."""
    doc = _Loaded(Path(path), text)
    fields = _crosswalk_fields(doc)
    try:
        return Crosswalk.model_validate(fields)
    except ValidationError as exc:
        first = exc.errors()[0]
        where = _error_path(tuple(first["loc"]))
        name = ".".join(str(w) for w in where)
        raise doc.fail(f"{name}: {first['msg']}", where) from exc


def read_crosswalk_file(path: str | Path) -> Crosswalk:
    """Read one crosswalk version from the registry's YAML form.

    Args:
        path: A ``.yaml`` file written by :func:`write_crosswalk_file` or by hand.

    Returns:
        The crosswalk version.

    Raises:
        InputError: The file cannot be read, is not YAML, or is not a valid crosswalk (with line).
    """
    file = Path(path)
    try:
        size = file.stat().st_size
        if size > MAX_FILE_BYTES:
            raise InputError(
                f"file is {size} bytes; the limit is {MAX_FILE_BYTES}", path=file, hint=_HINT
            )
        raw = file.read_bytes()
    except OSError as exc:
        raise InputError(f"cannot read the file: {exc.strerror}", path=file) from exc
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise InputError(
            "the file is not UTF-8", path=file, line=line, hint="save it as UTF-8"
        ) from exc
    return crosswalk_from_text(text, file)


def _crosswalk_files(folder: Path) -> Iterator[Path]:
    for candidate in sorted(folder.rglob("*")):
        if candidate.suffix in SUFFIXES and candidate.is_file():
            yield candidate


def load_crosswalks(
    folder: str | Path, read: Callable[[Path], Crosswalk] | None = None
) -> list[Crosswalk]:
    """Every version of every crosswalk under a folder (recursively), sorted by ID and version.

    Args:
        folder: e.g. ``registry/studies/ECU-2025/2.0.0/crosswalks``; a missing folder gives [].
        read: How one file is read (default :func:`read_crosswalk_file`; the registry passes
            one that answers unchanged files from its parse cache).

    Returns:
        The crosswalk versions.

    Raises:
        InputError: A file cannot be read, or two files hold the same URN.
    """
    root = Path(folder)
    if not root.is_dir():
        return []
    found: dict[str, tuple[Crosswalk, Path]] = {}
    for file in _crosswalk_files(root):
        crosswalk = (read or read_crosswalk_file)(file)
        key = str(crosswalk.urn)
        if key in found:
            raise InputError(
                f"{key} is also defined in {found[key][1]}",
                path=file,
                hint="a version lives in exactly one file; give the new one a new version",
            )
        found[key] = (crosswalk, file)
    return sorted(
        (cw for cw, _ in found.values()),
        key=lambda cw: (cw.urn.agency, cw.urn.id, version_key(cw.urn.version or "0")),
    )


def _text_map(value: LocalizedText) -> dict[str, str]:
    return dict(sorted(value.root.items()))


def _comparability_map(c: Comparability) -> dict[str, Any]:
    out: dict[str, Any] = {}
    if len(c.commonality):
        out["commonality"] = _text_map(c.commonality)
    if len(c.difference):
        out["difference"] = _text_map(c.difference)
    if c.commonality_type is not None:
        out["commonality_type"] = c.commonality_type.value
    if c.commonality_weight is not None:
        out["commonality_weight"] = c.commonality_weight
    return out


def crosswalk_as_mapping(crosswalk: Crosswalk) -> dict[str, Any]:
    """The crosswalk as plain JSON-ready data with the YAML form's keys, order and omissions."""
    cw = crosswalk
    doc: dict[str, Any] = {"format": FORMAT_TAG, "urn": str(cw.urn)}
    if len(cw.label):
        doc["label"] = _text_map(cw.label)
    source: dict[str, str] = {"variable": str(cw.source_variable)}
    if cw.source_code_list is not None:
        source["code_list"] = str(cw.source_code_list)
    if cw.study is not None:
        source["study"] = str(cw.study)
    target: dict[str, str] = {"variable": str(cw.target_variable)}
    if cw.target_code_list is not None:
        target["code_list"] = str(cw.target_code_list)
    doc["source"], doc["target"] = source, target
    if cw.issued is not None:
        doc["issued"] = cw.issued.isoformat()
    if cw.version_info is not None:
        info = cw.version_info
        version: dict[str, str] = {
            "author": info.author,
            "date": info.date.isoformat(),
            "reason": info.reason.value,
        }
        if info.note is not None:
            version["note"] = info.note
        if info.previous is not None:
            version["previous"] = str(info.previous)
        doc["version_info"] = version
    if cw.missing_treatment is not None:
        doc["missing_treatment"] = cw.missing_treatment
    if comparability := _comparability_map(cw.comparability):
        doc["comparability"] = comparability
    if cw.unmatched_targets:
        doc["unmatched_targets"] = list(cw.unmatched_targets)
    rows = []
    for a in cw.associations:
        row: dict[str, Any] = {
            "sources": list(a.sources),
            "targets": list(a.targets),
            "rule": a.rule.value,
        }
        if a.semantic is not None:
            row["semantic"] = a.semantic.value
        if a.condition is not None:
            row["condition"] = a.condition
        if a.expression is not None:
            row["expression"] = a.expression
        if comparability := _comparability_map(a.comparability):
            row["comparability"] = comparability
        if len(a.note):
            row["note"] = _text_map(a.note)
        rows.append(row)
    doc["associations"] = rows
    return doc


__all__ = [
    "FORMAT_TAG",
    "crosswalk_as_mapping",
    "crosswalk_file_name",
    "crosswalk_file_text",
    "crosswalk_from_text",
    "load_crosswalks",
    "read_crosswalk_file",
    "write_crosswalk_file",
]

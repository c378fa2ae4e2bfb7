"""Reader of the CSPro 8 dictionary: the JSON form of ``.dcf`` files.

Top level: ``name``, ``labels`` (``[{"text", "language"}]``), ``version``, ``recordType``
(``start``, ``length``), ``defaults`` (``decimalMark``, ``zeroFill``), ``relativePositions``,
``languages`` and ``levels``. A level has ``ids.items`` and ``records``; a record has
``recordType``, ``occurrences`` (``required``, ``maximum``), an optional ``length`` and ``items``;
an item has ``contentType`` (numeric, alpha, or a binary type), ``start`` (omitted when the
position is relative), ``length``, ``decimals``, ``decimalMark``, ``zeroFill``, ``occurrences``
(``maximum``), ``subitems`` and ``valueSets``; a value has ``labels``, an optional ``special``
(MISSING, REFUSED, NOTAPPL, DEFAULT) and ``pairs`` of ``{"value"}`` or ``{"range": [from, to]}``.
Source: the CSPro 8.0/8.1 dictionaries in ``testdata/cspro/csprousers-tests``.

Deviations: JSON carries no line numbers, so findings point at the line where the object's
``"name"`` first appears in the file; a subitem written as a flat item with
``"itemType": "subitem"`` is accepted as well as one nested under ``subitems``.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from typing import Any

from harmonise.errors import InputError
from harmonise.formats.cspro.dictionary import (
    CsproDictionary,
    DictionaryItem,
    DictionaryLevel,
    DictionaryRecord,
    DictionaryValue,
    IssueSink,
    SpecialValue,
    ValuePair,
    ValueSet,
    language_tag,
)
from harmonise.model import LocalizedText

_NAME = re.compile(r'"name"\s*:\s*"((?:[^"\\]|\\.)*)"')


class _JsonDictionaryParser:
    def __init__(self, text: str, sink: IssueSink) -> None:
        self.sink = sink
        self.lines: dict[str, int] = {}
        for m in _NAME.finditer(text):
            self.lines.setdefault(m.group(1), text.count("\n", 0, m.start()) + 1)
        try:
            self.doc: Any = json.loads(text)
        except json.JSONDecodeError as exc:
            raise InputError(
                f"the CSPro 8 dictionary is not valid JSON: {exc.msg}",
                path=sink.file,
                line=exc.lineno,
                hint="fix the JSON syntax at this line",
            ) from exc
        except RecursionError as exc:
            raise InputError("the JSON is nested too deeply", path=sink.file) from exc
        if not isinstance(self.doc, dict):
            raise InputError("the JSON dictionary is not an object", path=sink.file, line=1)
        if self.doc.get("fileType", "dictionary") != "dictionary":
            raise InputError(
                f"this CSPro JSON file is a {self.doc.get('fileType')!s}, not a dictionary",
                path=sink.file,
                line=1,
            )
        self.languages: tuple[str, ...] = ()
        self.default_zero = False
        self.default_dec = False

    # -- helpers ---------------------------------------------------------------------------

    def _line(self, obj: Mapping[str, Any]) -> int | None:
        name = obj.get("name")
        return self.lines.get(name) if isinstance(name, str) else None

    def _list(self, obj: Mapping[str, Any], key: str, where: str) -> list[Any]:
        value = obj.get(key, [])
        if isinstance(value, list):
            return value
        self.sink.add(
            "cspro-dictionary-structure",
            f"{key} of {where} must be a list",
            line=self._line(obj),
        )
        return []

    def _objects(self, obj: Mapping[str, Any], key: str, where: str) -> list[dict[str, Any]]:
        out = []
        for entry in self._list(obj, key, where):
            if isinstance(entry, dict):
                out.append(entry)
            else:
                self.sink.add(
                    "cspro-dictionary-structure",
                    f"an entry of {key} in {where} is not an object",
                    line=self._line(obj),
                )
        return out

    def _int(self, obj: Mapping[str, Any], key: str, default: int | None) -> int | None:
        value = obj.get(key)
        if value is None:
            return default
        if isinstance(value, bool) or not isinstance(value, int) or value < 0:
            self.sink.add(
                "cspro-dictionary-invalid-number",
                f"{key} of {obj.get('name', '?')} must be a whole number >= 0, not {value!r}",
                line=self._line(obj),
            )
            return default
        return value

    def _labels(self, obj: Mapping[str, Any]) -> LocalizedText:
        labels = obj.get("labels", [])
        out: dict[str, str] = {}
        if isinstance(labels, list):
            for entry in labels:
                if isinstance(entry, dict) and isinstance(entry.get("text"), str):
                    lang = entry.get("language")
                    tag = language_tag(lang) if isinstance(lang, str) else ""
                    if not tag and self.languages:
                        tag = self.languages[0]
                    out.setdefault(tag, entry["text"])
        return LocalizedText(out)

    def _name(self, obj: Mapping[str, Any], kind: str) -> str | None:
        name = obj.get("name")
        if isinstance(name, str) and name.strip():
            return name.strip()
        self.sink.add("cspro-dictionary-syntax", f"a {kind} without a name", line=None)
        return None

    # -- building --------------------------------------------------------------------------

    def build(self) -> CsproDictionary:
        doc = self.doc
        langs = [
            language_tag(str(lang.get("name", "")))
            for lang in doc.get("languages", [])
            if isinstance(lang, dict)
        ]
        self.languages = tuple(t for t in langs if t)
        defaults = doc.get("defaults", {})
        defaults = defaults if isinstance(defaults, dict) else {}
        self.default_zero = bool(defaults.get("zeroFill", False))
        self.default_dec = bool(defaults.get("decimalMark", False))
        record_type = doc.get("recordType", {})
        record_type = record_type if isinstance(record_type, dict) else {}
        levels = []
        for lv in self._objects(doc, "levels", "the dictionary"):
            name = self._name(lv, "level")
            if name is None:
                continue
            ids_obj = lv.get("ids", {})
            ids_obj = ids_obj if isinstance(ids_obj, dict) else {}
            records = []
            for rec in self._objects(lv, "records", f"level {name}"):
                rname = self._name(rec, "record")
                if rname is None:
                    continue
                occ = rec.get("occurrences", {})
                occ = occ if isinstance(occ, dict) else {}
                records.append(
                    DictionaryRecord(
                        name=rname,
                        label=self._labels(rec),
                        type_value=str(rec.get("recordType", "")),
                        required=bool(occ.get("required", True)),
                        max_records=self._int(occ | {"name": rname}, "maximum", 1) or 1,
                        record_length=self._int(rec, "length", None),
                        items=self._items(self._objects(rec, "items", f"record {rname}")),
                        line=self._line(rec),
                    )
                )
            levels.append(
                DictionaryLevel(
                    name=name,
                    label=self._labels(lv),
                    id_items=self._items(self._objects(ids_obj, "items", f"level {name}")),
                    records=tuple(records),
                    line=self._line(lv),
                )
            )
        if not levels:
            self.sink.add("cspro-dictionary-structure", "the dictionary has no levels", line=1)
        version = doc.get("version", "")
        return CsproDictionary(
            name=str(doc.get("name", "")) or "DICT",
            label=self._labels(doc),
            version=f"CSPro {version}" if version != "" else "",
            record_type_start=self._int(record_type | {"name": ""}, "start", 1) or 1,
            record_type_length=self._int(record_type | {"name": ""}, "length", 0) or 0,
            relative_positions=bool(doc.get("relativePositions", True)),
            zero_fill=self.default_zero,
            decimal_char=self.default_dec,
            languages=self.languages,
            levels=tuple(levels),
            form="json",
            path=self.sink.file,
        )

    def _items(self, objs: list[dict[str, Any]]) -> tuple[DictionaryItem, ...]:
        out: list[DictionaryItem] = []
        parent: str | None = None
        for obj in objs:
            flat_sub = str(obj.get("itemType", "")).lower() == "subitem"
            item = self._item(obj, subitem=flat_sub, parent=parent if flat_sub else None)
            if item is None:
                continue
            out.append(item)
            if not flat_sub:
                parent = item.name
                for sub in self._objects(obj, "subitems", f"item {item.name}"):
                    subitem = self._item(sub, subitem=True, parent=item.name)
                    if subitem is not None:
                        out.append(subitem)
        return tuple(out)

    def _item(
        self, obj: Mapping[str, Any], *, subitem: bool, parent: str | None
    ) -> DictionaryItem | None:
        name = self._name(obj, "item")
        if name is None:
            return None
        length = self._int(obj, "length", None)
        if not length:
            self.sink.add(
                "cspro-dictionary-invalid-number",
                f"item {name} has no valid length",
                line=self._line(obj),
                hint="every item needs a positive length",
            )
            return None
        occ = obj.get("occurrences", {})
        occurrences = 1
        if isinstance(occ, dict):
            occurrences = self._int(occ | {"name": name}, "maximum", 1) or 1
        elif isinstance(occ, int) and not isinstance(occ, bool) and occ > 0:
            occurrences = occ
        return DictionaryItem(
            name=name,
            label=self._labels(obj),
            start=self._int(obj, "start", None),
            length=length,
            data_type=str(obj.get("contentType", "numeric")).lower(),
            decimals=self._int(obj, "decimals", 0) or 0,
            decimal_char=bool(obj.get("decimalMark", self.default_dec)),
            zero_fill=bool(obj.get("zeroFill", self.default_zero)),
            occurrences=occurrences,
            subitem=subitem,
            parent=parent,
            value_sets=tuple(
                self._value_set(vs) for vs in self._objects(obj, "valueSets", f"item {name}")
            ),
            note=str(obj.get("note", "")),
            line=self._line(obj),
        )

    def _value_set(self, obj: Mapping[str, Any]) -> ValueSet:
        name = self._name(obj, "value set") or "VS"
        values: list[DictionaryValue] = []
        for v in self._objects(obj, "values", f"value set {name}"):
            pairs: list[ValuePair] = []
            for pair in self._objects(v, "pairs", f"value set {name}"):
                if "range" in pair:
                    rng = pair["range"]
                    if (
                        isinstance(rng, list)
                        and len(rng) == 2
                        and all(isinstance(x, str | int | float) for x in rng)
                    ):
                        pairs.append(ValuePair(str(rng[0]), str(rng[1])))
                        continue
                elif isinstance(pair.get("value"), str | int | float):
                    pairs.append(ValuePair(str(pair["value"])))
                    continue
                self.sink.add(
                    "cspro-dictionary-syntax",
                    f"a pair of value set {name} has neither a value nor a [from, to] range",
                    line=self._line(obj),
                )
            special: SpecialValue | None = None
            raw_special = v.get("special")
            if raw_special is not None:
                key = str(raw_special).upper()
                if key in SpecialValue.__members__:
                    special = SpecialValue(key)
                else:
                    self.sink.add(
                        "cspro-dictionary-syntax",
                        f"unknown special value {raw_special!r} in value set {name}",
                        line=self._line(obj),
                        hint="special values are MISSING, REFUSED, NOTAPPL and DEFAULT",
                    )
            if not pairs and special is None:
                continue
            if not pairs:
                pairs.append(ValuePair(""))  # a special value with no code is stored blank
            values.append(
                DictionaryValue(
                    label=self._labels(v),
                    pairs=tuple(pairs),
                    special=special,
                    line=self._line(obj),
                )
            )
        return ValueSet(
            name=name, label=self._labels(obj), values=tuple(values), line=self._line(obj)
        )


def parse_json_dictionary(text: str, sink: IssueSink) -> CsproDictionary:
    """Parse the CSPro 8 JSON form; findings go to ``sink``.

    Raises:
        InputError: When the text is not valid JSON or not a dictionary.
    """
    return _JsonDictionaryParser(text, sink).build()

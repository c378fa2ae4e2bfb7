"""Reader of the classic CSPro dictionary: the INI-style text ``.dcf`` written up to CSPro 7.x.

The file is a sequence of sections, each a ``[Name]`` line followed by ``Key=Value`` lines:
``[Dictionary]`` (Version, Label, Name, RecordTypeStart, RecordTypeLen, Positions, ZeroFill,
DecimalChar), ``[Languages]`` (``EN=English``...; labels are then ``|``-separated per language),
``[Level]``, ``[IdItems]`` (the ``[Item]`` sections that follow are the level's id items),
``[Record]`` (RecordTypeValue, Required, MaxRecords, RecordLen), ``[Item]`` (Start, Len,
DataType, ItemType=SubItem, Occurrences, Decimal, DecimalChar, ZeroFill) and ``[ValueSet]``
(``Value=from[:to][;label]`` lines; a ``Name=NOTAPPL,Special`` line right after a value marks
it as a special value). Source: CSPro Users Guide, and the CSPro 7.2 Popstan dictionary.

Deviations: sections this reader does not use (``[Relation]``, ``[Occurrence Labels]``...) and
unknown keys are reported at info level and skipped; files that are not UTF-8 are decoded as
Windows-1252, the code page older CSPro versions wrote.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

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
    label_of,
    language_tag,
)
from harmonise.issues import Severity

_KNOWN_KEYS: dict[str, frozenset[str]] = {
    "dictionary": frozenset(
        {
            "version",
            "label",
            "name",
            "note",
            "recordtypestart",
            "recordtypelen",
            "positions",
            "zerofill",
            "decimalchar",
            "security",
            "readoptimization",
        }
    ),
    "level": frozenset({"label", "name", "note"}),
    "record": frozenset(
        {"label", "name", "note", "recordtypevalue", "required", "maxrecords", "recordlen"}
    ),
    "item": frozenset(
        {
            "label",
            "name",
            "note",
            "start",
            "len",
            "datatype",
            "itemtype",
            "occurrences",
            "decimal",
            "decimalchar",
            "zerofill",
            "contenttype",
        }
    ),
    "valueset": frozenset({"label", "name", "note", "value", "link"}),
}


@dataclass
class _ItemDraft:
    fields: dict[str, tuple[str, int]] = field(default_factory=dict)
    value_sets: list[ValueSet] = field(default_factory=list)
    line: int = 0


@dataclass
class _ValueSetDraft:
    fields: dict[str, tuple[str, int]] = field(default_factory=dict)
    values: list[DictionaryValue] = field(default_factory=list)
    line: int = 0


@dataclass
class _RecordDraft:
    fields: dict[str, tuple[str, int]] = field(default_factory=dict)
    items: list[_ItemDraft] = field(default_factory=list)
    line: int = 0


@dataclass
class _LevelDraft:
    fields: dict[str, tuple[str, int]] = field(default_factory=dict)
    ids: list[_ItemDraft] = field(default_factory=list)
    records: list[_RecordDraft] = field(default_factory=list)
    line: int = 0


def _yes(value: str) -> bool:
    return value.strip().lower() in {"yes", "y", "true", "1"}


def _unquote(text: str) -> str:
    text = text.strip()
    if len(text) >= 2 and text[0] == text[-1] and text[0] in "'\"":
        return text[1:-1]
    return text


def _split_value(text: str) -> tuple[str, str]:
    """Split ``from[:to];label`` at the first ``;`` outside quotes."""
    quote = ""
    for i, ch in enumerate(text):
        if quote:
            if ch == quote:
                quote = ""
        elif ch in "'\"":
            quote = ch
        elif ch == ";":
            return text[:i], text[i + 1 :]
    return text, ""


def _split_range(text: str) -> ValuePair:
    """``1:18`` is a range; a quoted value keeps its colons and spaces."""
    stripped = text.strip()
    if stripped[:1] in "'\"":
        return ValuePair(_unquote(stripped))
    if ":" in stripped:
        low, _, high = stripped.partition(":")
        return ValuePair(low.strip(), high.strip())
    return ValuePair(stripped)


class _TextDictionaryParser:
    def __init__(self, text: str, sink: IssueSink) -> None:
        self.text = text
        self.sink = sink
        self.dictionary: dict[str, tuple[str, int]] = {}
        self.languages: list[str] = []
        self.levels: list[_LevelDraft] = []
        self.in_ids = False
        self.item: _ItemDraft | None = None
        self.value_set: _ValueSetDraft | None = None
        self.section = ""
        self.ignored: set[str] = set()

    # -- reading ---------------------------------------------------------------------------

    def parse(self) -> None:
        seen_dictionary = False
        for number, raw in enumerate(self.text.splitlines(), start=1):
            line = raw.strip()
            if not line:
                continue
            if line.startswith("[") and line.endswith("]"):
                self._close_value_set()
                self.section = line[1:-1].strip().lower()
                seen_dictionary = seen_dictionary or self.section == "dictionary"
                if not seen_dictionary:
                    raise InputError(
                        f"the first section is [{line[1:-1]}], not [Dictionary]",
                        path=self.sink.file,
                        line=number,
                        hint="a classic CSPro dictionary starts with a [Dictionary] section",
                    )
                self._open(self.section, number)
                continue
            if not seen_dictionary:
                raise InputError(
                    "this is not a CSPro dictionary: no [Dictionary] section before text",
                    path=self.sink.file,
                    line=number,
                    hint="a .dcf file starts with [Dictionary] (classic) or '{' (CSPro 8 JSON)",
                )
            key, sep, value = raw.partition("=")
            if not sep:
                self.sink.add(
                    "cspro-dictionary-syntax",
                    f"line is not a 'Key=Value' pair: {line[:60]!r}",
                    line=number,
                    hint="every line inside a section reads Key=Value",
                )
                continue
            self._field(key.strip().lower(), value.rstrip("\r\n"), number)
        self._close_value_set()
        if not seen_dictionary:
            raise InputError(
                "this is not a CSPro dictionary: the file has no [Dictionary] section",
                path=self.sink.file,
            )

    def _open(self, section: str, line: int) -> None:
        if section == "level":
            self.levels.append(_LevelDraft(line=line))
            self.in_ids = False
            self.item = None
        elif section == "iditems":
            self._level(line).ids  # noqa: B018 - creates the implied level if needed
            self.in_ids = True
            self.item = None
        elif section == "record":
            self._level(line).records.append(_RecordDraft(line=line))
            self.in_ids = False
            self.item = None
        elif section == "item":
            draft = _ItemDraft(line=line)
            level = self._level(line)
            if self.in_ids:
                level.ids.append(draft)
            elif level.records:
                level.records[-1].items.append(draft)
            else:
                self.sink.add(
                    "cspro-dictionary-structure",
                    "an [Item] section comes before any [IdItems] or [Record] section",
                    line=line,
                    hint="put items under [IdItems] or a [Record]",
                )
                draft = _ItemDraft(line=line)  # parsed but not kept
            self.item = draft
        elif section == "valueset":
            if self.item is None:
                self.sink.add(
                    "cspro-dictionary-structure",
                    "a [ValueSet] section comes before any [Item]",
                    line=line,
                )
            self.value_set = _ValueSetDraft(line=line)
        elif section not in {"dictionary", "languages"} and section not in self.ignored:
            self.ignored.add(section)
            self.sink.add(
                "cspro-section-ignored",
                f"section [{section}] is not used by harmonise and was skipped",
                line=line,
                severity=Severity.INFO,
            )

    def _level(self, line: int) -> _LevelDraft:
        if not self.levels:
            # Some hand-written dictionaries omit [Level]; CSPro always has at least one.
            self.levels.append(_LevelDraft(line=line))
        return self.levels[-1]

    def _field(self, key: str, value: str, line: int) -> None:
        section = self.section
        if section == "languages":
            self.languages.append(language_tag(key))
            return
        target: dict[str, tuple[str, int]] | None
        if section == "dictionary":
            target = self.dictionary
        elif section == "level":
            target = self.levels[-1].fields
        elif section == "record":
            target = self.levels[-1].records[-1].fields
        elif section == "item":
            target = self.item.fields if self.item is not None else None
        elif section == "valueset":
            self._value_set_field(key, value, line)
            return
        else:
            return  # inside an ignored section
        if target is None:
            return
        if key not in _KNOWN_KEYS.get(section, frozenset()):
            self._unknown_key(section, key, line)
            return
        if key in target and key != "note":
            self.sink.add(
                "cspro-dictionary-syntax",
                f"{key!s} is given twice in this [{section}] section",
                line=line,
                severity=Severity.WARNING,
            )
        target[key] = (value, line)

    def _unknown_key(self, section: str, key: str, line: int) -> None:
        tag = f"{section}.{key}"
        if tag not in self.ignored:
            self.ignored.add(tag)
            self.sink.add(
                "cspro-key-ignored",
                f"key {key} in [{section}] is not used by harmonise and was skipped",
                line=line,
                severity=Severity.INFO,
            )

    def _value_set_field(self, key: str, value: str, line: int) -> None:
        vs = self.value_set
        if vs is None:
            return
        if key == "value":
            raw_value, label = _split_value(value)
            if not raw_value.strip() and raw_value[:1] not in "'\"":
                self.sink.add(
                    "cspro-dictionary-syntax",
                    "a Value= line without a value",
                    line=line,
                )
                return
            pair = _split_range(raw_value)
            vs.values.append(
                DictionaryValue(
                    label=label_of(label.split("|"), tuple(self.languages)),
                    pairs=(pair,),
                    line=line,
                )
            )
            return
        if key == "name" and "name" in vs.fields and "," in value:
            special_name, _, flag = value.partition(",")
            special = special_name.strip().upper()
            if flag.strip().lower() != "special" or special not in SpecialValue.__members__:
                self.sink.add(
                    "cspro-dictionary-syntax",
                    f"unknown special value {value!r}",
                    line=line,
                    hint="special values are MISSING, REFUSED, NOTAPPL and DEFAULT",
                )
                return
            if not vs.values:
                self.sink.add(
                    "cspro-dictionary-syntax",
                    f"special value {special} does not follow a Value= line",
                    line=line,
                )
                return
            last = vs.values[-1]
            vs.values[-1] = DictionaryValue(
                label=last.label, pairs=last.pairs, special=SpecialValue(special), line=last.line
            )
            return
        if key not in _KNOWN_KEYS["valueset"]:
            self._unknown_key("valueset", key, line)
            return
        vs.fields[key] = (value, line)

    def _close_value_set(self) -> None:
        vs = self.value_set
        self.value_set = None
        if vs is None or self.item is None:
            return
        name = vs.fields.get("name", ("", 0))[0].strip()
        if not name:
            self.sink.add("cspro-dictionary-syntax", "a [ValueSet] without Name=", line=vs.line)
            name = f"VS{vs.line}"
        label = vs.fields.get("label", ("", 0))[0]
        self.item.value_sets.append(
            ValueSet(
                name=name,
                label=label_of(label.split("|"), tuple(self.languages)),
                values=tuple(vs.values),
                line=vs.line,
            )
        )

    # -- building --------------------------------------------------------------------------

    def _int(self, fields: dict[str, tuple[str, int]], key: str, default: int | None) -> int | None:
        if key not in fields:
            return default
        text, line = fields[key]
        try:
            value = int(_unquote(text))
        except ValueError:
            self.sink.add(
                "cspro-dictionary-invalid-number",
                f"{key} must be a whole number, not {text!r}",
                line=line,
            )
            return default
        if value < 0:
            self.sink.add(
                "cspro-dictionary-invalid-number", f"{key} must not be negative", line=line
            )
            return default
        return value

    def build(self) -> CsproDictionary:
        langs = tuple(self.languages)
        d = self.dictionary
        default_zero = _yes(d["zerofill"][0]) if "zerofill" in d else False
        default_dec = _yes(d["decimalchar"][0]) if "decimalchar" in d else False
        levels: list[DictionaryLevel] = []
        for lv in self.levels:
            ids = self._items(lv.ids, langs, default_zero, default_dec)
            records = []
            for rd in lv.records:
                f = rd.fields
                records.append(
                    DictionaryRecord(
                        name=f.get("name", (f"RECORD{rd.line}", 0))[0].strip(),
                        label=label_of(f.get("label", ("", 0))[0].split("|"), langs),
                        type_value=_unquote(f.get("recordtypevalue", ("", 0))[0]),
                        required=_yes(f["required"][0]) if "required" in f else True,
                        max_records=self._int(f, "maxrecords", 1) or 1,
                        record_length=self._int(f, "recordlen", None),
                        items=self._items(rd.items, langs, default_zero, default_dec),
                        line=rd.line,
                    )
                )
            levels.append(
                DictionaryLevel(
                    name=lv.fields.get("name", (f"LEVEL{len(levels) + 1}", 0))[0].strip(),
                    label=label_of(lv.fields.get("label", ("", 0))[0].split("|"), langs),
                    id_items=ids,
                    records=tuple(records),
                    line=lv.line,
                )
            )
        if not levels:
            self.sink.add("cspro-dictionary-structure", "the dictionary has no [Level]", line=1)
        return CsproDictionary(
            name=d.get("name", ("", 0))[0].strip() or Path(self.sink.file).stem,
            label=label_of(d.get("label", ("", 0))[0].split("|"), langs),
            version=d.get("version", ("", 0))[0].strip(),
            record_type_start=self._int(d, "recordtypestart", 1) or 1,
            record_type_length=self._int(d, "recordtypelen", 1) or 0,
            relative_positions=d.get("positions", ("Relative", 0))[0].strip().lower() != "absolute",
            zero_fill=default_zero,
            decimal_char=default_dec,
            languages=langs,
            levels=tuple(levels),
            form="text",
            path=self.sink.file,
        )

    def _items(
        self,
        drafts: list[_ItemDraft],
        langs: tuple[str, ...],
        default_zero: bool,
        default_dec: bool,
    ) -> tuple[DictionaryItem, ...]:
        items: list[DictionaryItem] = []
        parent: DictionaryItem | None = None
        for draft in drafts:
            f = draft.fields
            name = f.get("name", ("", 0))[0].strip()
            if not name:
                self.sink.add("cspro-dictionary-syntax", "an [Item] without Name=", line=draft.line)
                continue
            length = self._int(f, "len", None)
            if length is None or length == 0:
                self.sink.add(
                    "cspro-dictionary-invalid-number",
                    f"item {name} has no valid length (Len=)",
                    line=draft.line,
                    hint="every item needs Len= with a positive number",
                )
                continue
            subitem = f.get("itemtype", ("item", 0))[0].strip().lower() == "subitem"
            data_type = f.get("datatype", ("Numeric", 0))[0].strip().lower() or "numeric"
            item = DictionaryItem(
                name=name,
                label=label_of(f.get("label", ("", 0))[0].split("|"), langs),
                start=self._int(f, "start", None),
                length=length,
                data_type=data_type,
                decimals=self._int(f, "decimal", 0) or 0,
                decimal_char=_yes(f["decimalchar"][0]) if "decimalchar" in f else default_dec,
                zero_fill=_yes(f["zerofill"][0]) if "zerofill" in f else default_zero,
                occurrences=self._int(f, "occurrences", 1) or 1,
                subitem=subitem,
                parent=parent.name if subitem and parent is not None else None,
                value_sets=tuple(draft.value_sets),
                note=f.get("note", ("", 0))[0],
                line=draft.line,
            )
            if subitem and parent is None:
                self.sink.add(
                    "cspro-dictionary-structure",
                    f"subitem {name} has no item before it",
                    line=draft.line,
                )
            if not subitem:
                parent = item
            items.append(item)
        return tuple(items)


def parse_text_dictionary(text: str, sink: IssueSink) -> CsproDictionary:
    """Parse the classic text form; findings go to ``sink``.

    Raises:
        InputError: When the text is not a CSPro dictionary at all.
    """
    parser = _TextDictionaryParser(text, sink)
    parser.parse()
    return parser.build()

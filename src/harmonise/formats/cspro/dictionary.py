"""The CSPro data dictionary as read from a ``.dcf`` file, in either of its two forms.

A CSPro dictionary describes a hierarchical fixed-width data file: levels (questionnaire,
household, person...), each with id items and record types; records with a type value, a
"required" flag and a maximum number of occurrences; items and subitems with their start
position, length, data type, decimals and occurrences; and value sets (discrete values, ranges,
labels and the special values MISSING, REFUSED, NOTAPPL and DEFAULT).

These classes are the format-neutral result of :mod:`.dictionary_text` (the INI-style form
written up to CSPro 7.x) and :mod:`.dictionary_json` (the JSON form of CSPro 8). Structural
checks that do not depend on the form (items beyond the record length, overlapping items,
duplicate names) live here in :func:`check_dictionary`.

Source: the CSPro Users Guide (US Census Bureau), chapters "Data Dictionary" and
"Dictionary Concepts"; the real files in ``testdata/cspro``.

Deviations:
    * Positions are counted in characters (Unicode code points), as CSPro 7+ does for UTF-8
      data; characters outside the Basic Multilingual Plane, which CSPro counts as two UTF-16
      units, count as one here.
    * Binary items of CSPro 8 (Image, Audio, Document, Geometry) have no place in a text data
      file; they are kept with no position.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from enum import StrEnum
from pathlib import Path

from harmonise.issues import Issue, Location, Severity
from harmonise.model import LocalizedText

#: Largest dictionary file read (a census dictionary is a few hundred kilobytes).
MAX_DICTIONARY_BYTES = 20 * 1024 * 1024

#: Content types that are stored outside the fixed-width text (CSPro 8 binary items).
BINARY_TYPES = frozenset({"image", "audio", "document", "geometry"})


class SpecialValue(StrEnum):
    """CSPro's special values (Users Guide, "Special Values")."""

    MISSING = "MISSING"
    REFUSED = "REFUSED"
    NOTAPPL = "NOTAPPL"
    DEFAULT = "DEFAULT"


@dataclass(frozen=True, slots=True)
class ValuePair:
    """One discrete value (``high`` is None) or one range ``low:high`` of a value-set entry."""

    low: str
    high: str | None = None

    @property
    def is_range(self) -> bool:
        """True for a range ``low:high``."""
        return self.high is not None


@dataclass(frozen=True, slots=True)
class DictionaryValue:
    """One entry of a value set: a label over one or more pairs, possibly a special value."""

    label: LocalizedText
    pairs: tuple[ValuePair, ...]
    special: SpecialValue | None = None
    line: int | None = None


@dataclass(frozen=True, slots=True)
class ValueSet:
    """A named value set of an item (an item may have several; the first is primary)."""

    name: str
    label: LocalizedText
    values: tuple[DictionaryValue, ...] = ()
    line: int | None = None


@dataclass(frozen=True, slots=True)
class DictionaryItem:
    """An item or subitem: where it sits in the record and what it holds."""

    name: str
    label: LocalizedText
    start: int | None
    length: int
    data_type: str = "numeric"
    decimals: int = 0
    decimal_char: bool = False
    zero_fill: bool = False
    occurrences: int = 1
    subitem: bool = False
    parent: str | None = None
    value_sets: tuple[ValueSet, ...] = ()
    note: str = ""
    line: int | None = None

    @property
    def is_numeric(self) -> bool:
        """True for a numeric item."""
        return self.data_type == "numeric"

    @property
    def is_binary(self) -> bool:
        """True for a CSPro 8 binary item (no place in the text data)."""
        return self.data_type in BINARY_TYPES

    @property
    def end(self) -> int | None:
        """The last position of the last occurrence (1-based, inclusive)."""
        if self.start is None:
            return None
        return self.start + self.length * self.occurrences - 1

    def occurrence_start(self, occurrence: int) -> int:
        """The start of the 1-based ``occurrence`` of this item."""
        if self.start is None:
            raise ValueError(f"item {self.name} has no position")
        return self.start + (occurrence - 1) * self.length

    @property
    def column_names(self) -> tuple[str, ...]:
        """Column names in a data table: ``NAME``, or ``NAME_1``... for repeated items."""
        if self.occurrences <= 1:
            return (self.name,)
        return tuple(f"{self.name}_{i}" for i in range(1, self.occurrences + 1))


@dataclass(frozen=True, slots=True)
class DictionaryRecord:
    """A record type of a level."""

    name: str
    label: LocalizedText
    type_value: str
    required: bool = True
    max_records: int = 1
    record_length: int | None = None
    items: tuple[DictionaryItem, ...] = ()
    line: int | None = None


@dataclass(frozen=True, slots=True)
class DictionaryLevel:
    """A level of the hierarchy: its id items and its record types."""

    name: str
    label: LocalizedText
    id_items: tuple[DictionaryItem, ...] = ()
    records: tuple[DictionaryRecord, ...] = ()
    line: int | None = None


@dataclass(frozen=True, slots=True)
class CsproDictionary:
    """A whole CSPro dictionary."""

    name: str
    label: LocalizedText
    version: str = ""
    record_type_start: int = 1
    record_type_length: int = 1
    relative_positions: bool = True
    zero_fill: bool = False
    decimal_char: bool = False
    languages: tuple[str, ...] = ()
    levels: tuple[DictionaryLevel, ...] = ()
    form: str = "text"
    path: str = ""

    @property
    def records(self) -> tuple[DictionaryRecord, ...]:
        """Every record type of every level, in order."""
        return tuple(r for lv in self.levels for r in lv.records)

    def id_items_for(self, record: DictionaryRecord) -> tuple[DictionaryItem, ...]:
        """The id items a record carries: those of its level and of every level above."""
        ids: list[DictionaryItem] = []
        for level in self.levels:
            ids.extend(level.id_items)
            if record in level.records:
                break
        return tuple(ids)

    def level_of(self, record: DictionaryRecord) -> DictionaryLevel:
        """The level holding a record."""
        for level in self.levels:
            if record in level.records:
                return level
        raise ValueError(f"record {record.name} is not in this dictionary")

    def record_length(self, record: DictionaryRecord) -> int:
        """The declared record length, or the end of its last item when none is declared."""
        if record.record_length is not None:
            return record.record_length
        ends = [
            i.end
            for i in (*self.id_items_for(record), *record.items)
            if i.end is not None and not i.is_binary
        ]
        return max([self.record_type_start + self.record_type_length - 1, *ends])

    @property
    def items(self) -> tuple[DictionaryItem, ...]:
        """Every id item and record item, in dictionary order."""
        out: list[DictionaryItem] = []
        for level in self.levels:
            out.extend(level.id_items)
            for record in level.records:
                out.extend(record.items)
        return tuple(out)


@dataclass
class IssueSink:
    """Collects findings for one file while it is read."""

    file: str
    issues: list[Issue] = field(default_factory=list)

    def add(
        self,
        code: str,
        message: str,
        *,
        line: int | None = None,
        severity: Severity = Severity.ERROR,
        hint: str | None = None,
    ) -> None:
        """Record one finding at a line of this file."""
        self.issues.append(
            Issue(
                code=code,
                severity=severity,
                message=message,
                location=Location(file=self.file, line=line),
                hint=hint,
            )
        )


def read_dictionary_text(path: Path) -> str:
    """The decoded text of a dictionary file (UTF-8, BOM dropped; ANSI files decoded as cp1252).

    Raises:
        InputError: When the file cannot be opened or is too large to be a dictionary.
    """
    from harmonise.errors import InputError

    try:
        size = path.stat().st_size
        if size > MAX_DICTIONARY_BYTES:
            raise InputError(
                f"file is {size:,} bytes; a CSPro dictionary is at most {MAX_DICTIONARY_BYTES:,}",
                path=path,
                hint="pass the .dcf dictionary, not the data file",
            )
        raw = path.read_bytes()
    except OSError as exc:
        raise InputError(f"cannot read the dictionary: {exc.strerror or exc}", path=path) from exc
    if b"\x00" in raw[:4096]:
        raise InputError(
            "this is a binary file, not a CSPro dictionary",
            path=path,
            hint="a .dcf file is text: INI-style sections or CSPro 8 JSON",
        )
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        # CSPro before 7.0 wrote dictionaries in the Windows ANSI code page.
        return raw.decode("cp1252", errors="replace")


def check_dictionary(dictionary: CsproDictionary, sink: IssueSink) -> None:
    """Structural checks common to both forms; findings go to ``sink``.

    Checks: duplicate names (CSPro names are unique across a dictionary), items that start
    before column 1 or end beyond their record length, items that overlap each other or the
    record type, and subitems outside their parent item.
    """
    seen: dict[str, int | None] = {}

    def note_name(name: str, line: int | None) -> None:
        if name in seen:
            sink.add(
                "cspro-duplicate-name",
                f"the name {name} is used twice (first at line {seen[name]})",
                line=line,
                hint="CSPro names must be unique within a dictionary",
            )
        else:
            seen[name] = line

    for level in dictionary.levels:
        note_name(level.name, level.line)
        for record in level.records:
            note_name(record.name, record.line)
    for item in dictionary.items:
        note_name(item.name, item.line)
        for vs in item.value_sets:
            note_name(vs.name, vs.line)

    rt_start = dictionary.record_type_start
    rt_end = rt_start + dictionary.record_type_length - 1
    reported: set[tuple[str, str]] = set()  # id items are shared: report each overlap once
    for record in dictionary.records:
        length = dictionary.record_length(record)
        placed: list[tuple[int, int, DictionaryItem]] = []
        parents = {i.name: i for i in record.items if not i.subitem}
        for item in (*dictionary.id_items_for(record), *record.items):
            if item.is_binary or item.start is None or item.end is None:
                continue
            if item in record.items and item.end > length:
                sink.add(
                    "cspro-item-beyond-record",
                    f"item {item.name} ends at position {item.end}, beyond the length "
                    f"{length} of record {record.name}",
                    line=item.line,
                    hint="raise RecordLen or move the item",
                )
            if item.subitem:
                parent = parents.get(item.parent or "")
                if (
                    parent is not None
                    and parent.start is not None
                    and parent.end is not None
                    and (item.start < parent.start or item.end > parent.end)
                ):
                    sink.add(
                        "cspro-subitem-outside-item",
                        f"subitem {item.name} ({item.start}-{item.end}) lies outside its "
                        f"item {parent.name} ({parent.start}-{parent.end})",
                        line=item.line,
                    )
                continue
            overlaps_type = (
                dictionary.record_type_length > 0 and item.start <= rt_end and item.end >= rt_start
            )
            if overlaps_type and (item.name, "") not in reported:
                reported.add((item.name, ""))
                sink.add(
                    "cspro-item-overlap",
                    f"item {item.name} ({item.start}-{item.end}) overlaps the record type "
                    f"({rt_start}-{rt_end})",
                    line=item.line,
                )
            placed.append((item.start, item.end, item))
        placed.sort(key=lambda t: (t[0], t[1]))
        reach: tuple[int, DictionaryItem] | None = None
        for s2, e2, b in placed:
            if reach is not None and s2 <= reach[0] and (reach[1].name, b.name) not in reported:
                a = reach[1]
                reported.add((a.name, b.name))
                sink.add(
                    "cspro-item-overlap",
                    f"item {b.name} ({s2}-{e2}) overlaps item {a.name} (ends at {reach[0]}) "
                    f"in record {record.name}",
                    line=b.line,
                    hint="give each item its own positions, or make it a subitem",
                )
            if reach is None or e2 > reach[0]:
                reach = (e2, b)


def language_tag(name: str) -> str:
    """A BCP 47 tag for a CSPro language name (``EN`` -> ``en``; unknown names kept lower-case)."""
    tag = name.strip().lower()
    return tag if tag.replace("-", "").isalnum() else ""


def label_of(parts: list[str], languages: tuple[str, ...]) -> LocalizedText:
    """A localized label from CSPro's ``|``-separated per-language labels."""
    if not languages or len(parts) <= 1:
        text = parts[0] if parts else ""
        lang = languages[0] if languages else ""
        return LocalizedText({lang: text}) if text else LocalizedText()
    out: dict[str, str] = {}
    for lang, text in zip(languages, parts, strict=False):
        if text:
            out[lang] = text
    return LocalizedText(out)


def assign_positions(dictionary: CsproDictionary) -> CsproDictionary:
    """Fill in the start of items that have none, as CSPro's relative positions do.

    Id items follow the record type and the id items of the levels above; record items follow
    the id items; an item with an explicit start moves the cursor past its end; a subitem
    without a start follows the previous subitem of the same item (or starts with the item).
    Binary items take no place.
    """
    from dataclasses import replace

    cursor = dictionary.record_type_start + dictionary.record_type_length - 1
    levels: list[DictionaryLevel] = []
    for level in dictionary.levels:
        ids, cursor = _place(level.id_items, cursor)
        records = []
        for record in level.records:
            items, _ = _place(record.items, cursor)
            records.append(replace(record, items=items))
        levels.append(replace(level, id_items=ids, records=tuple(records)))
    return replace(dictionary, levels=tuple(levels))


def _place(
    items: tuple[DictionaryItem, ...], cursor: int
) -> tuple[tuple[DictionaryItem, ...], int]:
    from dataclasses import replace

    out: list[DictionaryItem] = []
    parent: DictionaryItem | None = None
    sub_cursor = 0
    for given in items:
        item = given
        if item.is_binary:
            out.append(replace(item, start=None))
            continue
        if item.subitem:
            if item.start is None and parent is not None and parent.start is not None:
                item = replace(item, start=sub_cursor + 1)
            if item.end is not None:
                sub_cursor = max(sub_cursor, item.end)
            out.append(item)
            continue
        if item.start is None:
            item = replace(item, start=cursor + 1)
        end = item.end
        cursor = max(cursor, end if end is not None else cursor)
        parent = item
        sub_cursor = item.start - 1 if item.start is not None else cursor
        out.append(item)
    return tuple(out), cursor


def canonical_code(text: str, item: DictionaryItem) -> str:
    """A value as the registry writes codes: numbers without leading zeros, text right-trimmed.

    Numeric codes ``01`` and ``1`` are the same value in a zero-filled CSPro item, so numeric
    values are normalised (``01`` -> ``1``, ``2.50`` -> ``2.5``); a blank stays ``""`` (the
    NOTAPPL of CSPro); a numeric value that is not a number is kept as written.
    """
    if not item.is_numeric:
        return text.rstrip()
    stripped = text.strip()
    if not stripped:
        return ""
    try:
        number = Decimal(stripped)
    except InvalidOperation:
        return stripped
    if not number.is_finite():
        return stripped
    if number == number.to_integral_value():
        return str(int(number))
    return format(number.normalize(), "f")


#: Limits beyond which a dictionary is not a CSPro dictionary (CSPro's own limits are lower:
#: records of at most 32,000 characters, items of at most 9,999 occurrences).
MAX_RECORD_WIDTH = 32_767
MAX_OCCURRENCES = 9_999


def drop_oversized(dictionary: CsproDictionary, sink: IssueSink) -> CsproDictionary:
    """Drop items whose length, start or occurrences exceed CSPro's limits (hostile input).

    Keeps memory bounded for everything that follows (columns per occurrence, record widths).
    """
    from dataclasses import replace

    def keep(item: DictionaryItem) -> bool:
        too_long = item.length > MAX_RECORD_WIDTH or (item.start or 0) > MAX_RECORD_WIDTH
        if too_long or item.occurrences > MAX_OCCURRENCES:
            sink.add(
                "cspro-dictionary-limit",
                f"item {item.name} is beyond CSPro's limits (start {item.start}, length "
                f"{item.length}, {item.occurrences} occurrences) and was skipped",
                line=item.line,
                hint=f"records hold at most {MAX_RECORD_WIDTH:,} characters and items at most "
                f"{MAX_OCCURRENCES:,} occurrences",
            )
            return False
        return True

    levels = []
    for level in dictionary.levels:
        records = []
        for record in level.records:
            width = record.record_length
            if width is not None and width > MAX_RECORD_WIDTH:
                sink.add(
                    "cspro-dictionary-limit",
                    f"record {record.name} is {width:,} characters long, beyond CSPro's limit",
                    line=record.line,
                )
                width = None
            items = tuple(i for i in record.items if keep(i))
            records.append(replace(record, items=items, record_length=width))
        ids = tuple(i for i in level.id_items if keep(i))
        levels.append(replace(level, id_items=ids, records=tuple(records)))
    return replace(dictionary, levels=tuple(levels))

"""From a CSPro dictionary to the domain model (a :class:`~harmonise.model.MetadataPackage`).

* Each item (and each subitem) becomes a :class:`~harmonise.model.Variable` with its
  :class:`~harmonise.model.DataLocation` (start, end, width, ``record_type`` = the record name;
  id items carry no record type: every record holds them). An item with ``occurrences`` > 1
  becomes one variable per occurrence, ``NAME_1``, ``NAME_2``...
* The primary (first) value set becomes the variable's code list: one code per discrete value
  (a value with several pairs gives several codes with the same label); special values
  MISSING/REFUSED/NOTAPPL/DEFAULT become missing codes typed by :data:`MISSING_TYPES`. A
  labelled integer range of at most :data:`MAX_EXPANDED_RANGE` values (``Value=10:13;Artist``)
  becomes one code per value, each with the range's label. Other ranges (``Value=1:18``,
  ``Value=1:998;Building``) are not codes: their envelope sets the variable's minimum/maximum
  and each range is described in the variable's notes. Further value sets of an item are kept
  as extra code lists of the package (named after the value set) and named in the notes.
* Each record type becomes a variable group of type ``record`` (DDI-C ``varGrp type="record"``),
  nested in a group for its level that holds the level's id items.

URNs (deterministic, DESIGN.md §2): variable ``<agency>:<STUDY>-<NAME>:<version>``; its code
list ``<variable id>-CL`` as the DDI-C contract has it; an extra value set
``<STUDY>-<VALUESET>``; the study ``<agency>:<STUDY>:<version>``.

Deviations: CSPro's DEFAULT (a value the system could not store) is typed ``systemMissing``.
The CSPro keyword of a special value is kept in the category's description ("CSPro special
value NOTAPPL"), not in ``missing_type_text``: DDI-C writers put that text in ``missType`` and
readers map it back to a type, and only the project's own words (``inap``, ``sysmiss``...) make
that round trip. NOTAPPL stored as blanks gives the code value ``""``.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from harmonise.config import DEFAULT_AGENCY
from harmonise.formats.cspro.dictionary import (
    CsproDictionary,
    DictionaryItem,
    DictionaryValue,
    IssueSink,
    SpecialValue,
    ValueSet,
    canonical_code,
)
from harmonise.issues import Severity
from harmonise.model import (
    Category,
    CategoryFrequency,
    Code,
    CodeList,
    DataFile,
    DataLocation,
    Identifier,
    LocalizedText,
    MetadataPackage,
    MissingType,
    RepresentationKind,
    SourceFormat,
    Study,
    StudyKind,
    SummaryStatistics,
    Urn,
    Variable,
    VariableGroup,
    safe_id,
)

#: A labelled range of at most this many integers becomes one code per value.
MAX_EXPANDED_RANGE = 100

#: How CSPro's special values map onto the project's missing types.
MISSING_TYPES: dict[SpecialValue, MissingType] = {
    SpecialValue.MISSING: MissingType.NO_RESPONSE,
    SpecialValue.REFUSED: MissingType.REFUSED,
    SpecialValue.NOTAPPL: MissingType.NOT_APPLICABLE,
    SpecialValue.DEFAULT: MissingType.SYSTEM_MISSING,
}


@dataclass(frozen=True)
class ColumnStatistics:
    """What the data says about one column: category frequencies and summary statistics."""

    frequencies: tuple[CategoryFrequency, ...] = ()
    summary: SummaryStatistics = field(default_factory=SummaryStatistics)


@dataclass(frozen=True)
class Column:
    """One column of a record's data table: an item occurrence and where it sits."""

    name: str
    item: DictionaryItem
    occurrence: int
    record: str | None

    @property
    def start(self) -> int | None:
        """1-based start position (None for a binary item)."""
        if self.item.start is None:
            return None
        return self.item.occurrence_start(self.occurrence)

    @property
    def end(self) -> int | None:
        """1-based end position (inclusive; None for a binary item)."""
        start = self.start
        return None if start is None else start + self.item.length - 1


def columns_of(dictionary: CsproDictionary, *, binary: bool = False) -> list[Column]:
    """Every column of every record, id items once (record None), in dictionary order.

    Args:
        dictionary: The dictionary.
        binary: Include binary items (which have no place in the text data).
    """
    out: list[Column] = []
    for level in dictionary.levels:
        for item in level.id_items:
            out.extend(_item_columns(item, None, binary))
        for record in level.records:
            for item in record.items:
                out.extend(_item_columns(item, record.name, binary))
    return out


def _item_columns(item: DictionaryItem, record: str | None, binary: bool) -> list[Column]:
    if (item.is_binary or item.start is None) and not binary:
        return []
    return [Column(name, item, n, record) for n, name in enumerate(item.column_names, start=1)]


def code_list_of(
    value_set: ValueSet, item: DictionaryItem, urn: Urn, sink: IssueSink | None = None
) -> CodeList:
    """A code list from a value set: discrete values as codes, special values as missing."""
    codes: list[Code] = []
    seen: set[str] = set()
    for value in value_set.values:
        for code_value in _code_values(value, item):
            if code_value in seen:
                if sink is not None:
                    sink.add(
                        "cspro-duplicate-value",
                        f"value {code_value!r} appears twice in value set {value_set.name}; "
                        "the first label is kept",
                        line=value.line,
                        severity=Severity.WARNING,
                    )
                continue
            seen.add(code_value)
            special = value.special
            note = f"CSPro special value {special.value}" if special is not None else None
            codes.append(
                Code(
                    value=code_value,
                    category=Category(label=value.label, description=LocalizedText.of(note)),
                    missing=special is not None,
                    missing_type=MISSING_TYPES[special] if special is not None else None,
                )
            )
    return CodeList(urn=urn, name=value_set.name, label=value_set.label, codes=tuple(codes))


def _code_values(value: DictionaryValue, item: DictionaryItem) -> list[str]:
    """The code values of one value-set entry: its discrete values and small labelled ranges."""
    out: list[str] = []
    for pair in value.pairs:
        if not pair.is_range or value.special is not None:
            out.append(canonical_code(pair.low, item))
            continue
        bounds = _integer_range(pair.low, pair.high or "", item)
        if bounds is not None and value.label:
            out.extend(str(n) for n in range(bounds[0], bounds[1] + 1))
    return out


def _integer_range(low: str, high: str, item: DictionaryItem) -> tuple[int, int] | None:
    """A labelled integer range small enough to expand into codes, else None."""
    if not item.is_numeric or item.decimals:
        return None
    try:
        lo, hi = int(low), int(high)
    except ValueError:
        return None
    if hi < lo or hi - lo + 1 > MAX_EXPANDED_RANGE:
        return None
    return lo, hi


def _ranges_text(value_set: ValueSet) -> list[str]:
    out = []
    for value in value_set.values:
        for pair in value.pairs:
            if pair.is_range and value.special is None:
                label = value.label.best()
                out.append(f"{pair.low}:{pair.high}" + (f" {label}" if label else ""))
    return out


def _envelope(value_set: ValueSet, item: DictionaryItem) -> tuple[float | None, float | None]:
    if not item.is_numeric:
        return None, None
    lows: list[float] = []
    highs: list[float] = []
    has_range = False
    for value in value_set.values:
        if value.special is not None:
            continue
        for pair in value.pairs:
            try:
                low = float(pair.low)
                high = float(pair.high) if pair.high is not None else low
            except ValueError:
                continue
            has_range = has_range or pair.is_range
            lows.append(low)
            highs.append(high)
    if not has_range or not lows:
        return None, None
    return min(lows), max(highs)


def _representation(item: DictionaryItem) -> RepresentationKind:
    if item.is_binary:
        return RepresentationKind.OTHER
    primary = item.value_sets[0] if item.value_sets else None
    if primary is not None and any(
        not p.is_range for v in primary.values if v.special is None for p in v.pairs
    ):
        return RepresentationKind.CODE
    return RepresentationKind.NUMERIC if item.is_numeric else RepresentationKind.TEXT


def dictionary_to_package(
    dictionary: CsproDictionary,
    *,
    study_id: str | None = None,
    version: str = "1.0.0",
    agency: str = DEFAULT_AGENCY,
    kind: StudyKind = StudyKind.SURVEY,
    data_file: DataFile | None = None,
    statistics: Mapping[str, ColumnStatistics] | None = None,
    sink: IssueSink | None = None,
) -> MetadataPackage:
    """Map a CSPro dictionary (and, optionally, what its data says) onto the domain model.

    Args:
        dictionary: The dictionary read by :func:`~harmonise.formats.cspro.read_cspro_dictionary`.
        study_id: The registry's study ID; the dictionary name when omitted.
        version: The study version every minted URN carries.
        agency: The maintenance agency of the minted URNs.
        kind: Survey or census.
        data_file: The data file read, if any (variables then point to its ID).
        statistics: Frequencies and summary statistics per column name.
        sink: Where duplicate-value findings go.

    Returns:
        The package: study (with data file and record groups), variables and code lists.
    """
    study_key = safe_id(study_id or dictionary.name)
    stats = statistics or {}
    variables: list[Variable] = []
    code_lists: list[CodeList] = []
    file_ids = (data_file.id,) if data_file is not None else ()
    study_urn = Urn(agency, study_key, version)
    members: dict[str | None, list[str]] = {}

    for column in columns_of(dictionary, binary=True):
        item = column.item
        var_urn = Urn(agency, safe_id(f"{study_key}-{column.name}"), version)
        code_list_urn: Urn | None = None
        notes: list[str] = []
        minimum = maximum = None
        if item.value_sets:
            primary = item.value_sets[0]
            code_list = code_list_of(
                primary,
                item,
                Urn(agency, var_urn.id + "-CL", version),
                sink if column.occurrence == 1 else None,
            )
            if code_list.codes:
                code_lists.append(code_list)
                code_list_urn = code_list.urn
            minimum, maximum = _envelope(primary, item)
            ranges = _ranges_text(primary)
            if ranges:
                notes.append(f"Valid ranges ({primary.name}): " + "; ".join(ranges) + ".")
            if len(item.value_sets) > 1:
                names = ", ".join(
                    f"{vs.name} ({vs.label.best()})" if vs.label else vs.name
                    for vs in item.value_sets[1:]
                )
                notes.append(f"Other value sets: {names}.")
        if item.occurrences > 1:
            notes.append(f"Occurrence {column.occurrence} of {item.occurrences} of {item.name}.")
        if item.subitem and item.parent:
            notes.append(f"Subitem of {item.parent}.")
        detail = f"CSPro {item.data_type} item, length {item.length}"
        if item.decimals:
            detail += f", {item.decimals} decimals" + (
                " (decimal mark stored)" if item.decimal_char else " (implied)"
            )
        notes.append(detail + (", zero-filled." if item.zero_fill else "."))
        representation = _representation(item)
        if code_list_urn is None and representation is RepresentationKind.CODE:
            representation = (
                RepresentationKind.NUMERIC if item.is_numeric else RepresentationKind.TEXT
            )
        elif code_list_urn is not None and any(not c.missing for c in code_lists[-1].codes):
            representation = RepresentationKind.CODE
        column_stats = stats.get(column.name, ColumnStatistics())
        variables.append(
            Variable(
                urn=var_urn,
                name=column.name,
                label=item.label,
                code_list=code_list_urn,
                representation=representation,
                decimals=item.decimals if item.is_numeric else None,
                interval="contin" if item.decimals else "discrete",
                minimum=minimum,
                maximum=maximum,
                files=file_ids,
                location=DataLocation(
                    start=column.start,
                    end=column.end,
                    width=item.length,
                    record_type=column.record,
                )
                if column.start is not None
                else None,
                statistics=column_stats.summary,
                frequencies=column_stats.frequencies,
                notes=LocalizedText.of(" ".join(notes)),
                study=study_urn,
            )
        )
        members.setdefault(column.record, []).append(column.name)

    for item in dictionary.items:
        for vs in item.value_sets[1:]:
            extra = code_list_of(vs, item, Urn(agency, safe_id(f"{study_key}-{vs.name}"), version))
            if extra.codes:
                code_lists.append(extra)

    groups: list[VariableGroup] = []
    for level in dictionary.levels:
        record_groups = []
        for record in level.records:
            group_id = safe_id(f"VG_{record.name}")
            record_groups.append(group_id)
            label = record.label
            groups.append(
                VariableGroup(
                    id=group_id,
                    name=record.name,
                    label=label,
                    type="record",
                    variables=tuple(members.get(record.name, ())),
                )
            )
        id_columns = [c for item in level.id_items for c in item.column_names]
        groups.append(
            VariableGroup(
                id=safe_id(f"VG_{level.name}"),
                name=level.name,
                label=level.label,
                type="other",
                variables=tuple(id_columns),
                groups=tuple(record_groups),
            )
        )

    title = dictionary.label if dictionary.label else LocalizedText.of(dictionary.name)
    study = Study(
        urn=study_urn,
        title=title,
        identifiers=(Identifier(value=study_key, agency=agency),),
        languages=dictionary.languages,
        kind=kind,
        version=version,
        files=(data_file,) if data_file is not None else (),
        groups=tuple(groups),
    )
    return MetadataPackage(
        source_format=SourceFormat.CSPRO,
        agency=agency,
        study=study,
        code_lists=tuple(code_lists),
        variables=tuple(variables),
    )

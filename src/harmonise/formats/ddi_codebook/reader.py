"""Streaming DDI-Codebook reader: DDI-C 2.5 and the 1.2.2 / no-namespace forms (STANDARDS.md §1).

The file is read with :func:`~harmonise.formats.xml_safety.iterparse_safely`, filtered to the few
elements that carry items (``codeBook``, ``stdyDscr``, ``fileDscr``, ``varGrp``, ``var``); each is
turned into model objects when it ends and then cleared with its consumed siblings, so memory
stays bounded by the largest single ``var``, not by the file.

:func:`iter_ddi_codebook` yields the :class:`~harmonise.model.Study` first (without variable
groups), then per ``var`` its :class:`CodeList`, :class:`Question` and :class:`Variable`, and at
the end the resolved :class:`VariableGroup` items and any ``fileDscr`` found after the variables.
:func:`read_ddi_codebook` collects them into one :class:`MetadataPackage`.

URNs follow the shared contract: a valid ``ddiLifecycleUrn`` is kept, otherwise URNs are minted
deterministically from the agency (``codeBookAgency``, else ``IDNo/@agency``, else the default),
the study identifier, and the study version (when it looks like ``1.0.0``, else ``1.0.0``).

Speed and memory (issue 2 §7): items are built with :mod:`.trusted` (no pydantic validation;
the reader has checked every value), and equal codes, code tuples, frequencies, statistics, short
texts and universes are shared between variables through bounded interners, so a full read of a
200 MB codebook stays far below its size in memory.

Deviations and known gaps (what is not carried into the model):

* ``xml:lang`` is inherited from ancestors as XML prescribes; the deprecated ``xml-lang`` is read
  as a fallback. Of several texts in one language, the first wins.
* Weighted ``sumStat`` values, ``var/txt``, ``codInstr``, ``stdCatgry``, hierarchical categories
  (``catgry/@catgry``) and ``docDscr`` are not kept.
* ``invalrng`` values without a ``catgry`` become missing codes without a label; ``invalrng``
  ranges mark the matching categories missing.
* Question names are the name of the variable that holds the ``qstn``.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from lxml import etree

from harmonise.config import DEFAULT_AGENCY
from harmonise.errors import InputError, UnsupportedFormatError
from harmonise.formats.ddi_codebook.namespaces import (
    CODEBOOK_NAMESPACES,
    DDIC25_NS,
    XML_LANG,
    lang_of,
    local_name,
    missing_type,
    namespace_of,
    normalize_text,
)
from harmonise.formats.ddi_codebook.trusted import Interner, trusted, trusted_text
from harmonise.formats.xml_safety import iterparse_safely
from harmonise.issues import Issue, Location, Report, Severity
from harmonise.model import (
    Category,
    CategoryFrequency,
    Code,
    CodeList,
    DataFile,
    DataLocation,
    Identifier,
    MetadataPackage,
    Organization,
    Question,
    RepresentationKind,
    ResponseDomain,
    ResponseDomainKind,
    SourceFormat,
    Study,
    StudyKind,
    SummaryStatistics,
    Universe,
    Urn,
    UrnError,
    Variable,
    VariableGroup,
    safe_id,
)
from harmonise.model.text import LocalizedText
from harmonise.model.urn import AGENCY, VERSION

StreamItem = Study | CodeList | Question | Variable | VariableGroup | DataFile

_AGENCY_RE = re.compile(AGENCY)
_VERSION_RE = re.compile(VERSION)
_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_YEAR = re.compile(r"(\d{4})")
_ITEM_TAGS = ("codeBook", "stdyDscr", "fileDscr", "varGrp", "var")
#: How many elements the root sniffer looks at before giving up on finding a codeBook.
_SNIFF_LIMIT = 10_000

_SUMSTAT_FIELDS = {
    "vald": "valid",
    "invd": "invalid",
    "min": "minimum",
    "max": "maximum",
    "mean": "mean",
    "medn": "median",
    "mode": "mode",
    "stdev": "stdev",
}
_REPRESENTATION = {k.value: k for k in RepresentationKind}
_RESPONSE_DOMAIN = {k.value: k for k in ResponseDomainKind}


@dataclass(frozen=True)
class RootInfo:
    """What the start of an XML file says about it.

    Attributes:
        root: The root element's tag (``{ns}local``).
        codebook: The tag of the ``codeBook`` element (the root or one nested in an OAI-PMH
            envelope), or None when there is none.
        version: The ``version`` attribute of that ``codeBook``, if any.
    """

    root: str
    codebook: str | None
    version: str | None


def sniff_root(path: str | Path) -> RootInfo:
    """Read just enough of an XML file to know its root and where its ``codeBook`` is.

    Args:
        path: The XML file.

    Returns:
        The root tag and the codeBook tag (or None).

    Raises:
        InputError: When the file cannot be opened or is not well-formed before the root.
    """
    root: str | None = None
    seen = 0
    events = iterparse_safely(path, events=("start",))
    try:
        for _event, element in events:
            tag = element.tag
            if not isinstance(tag, str):
                continue
            if root is None:
                root = tag
                if local_name(tag) != "codeBook" and local_name(tag) != "OAI-PMH":
                    return RootInfo(root, None, None)
            if local_name(tag) == "codeBook":
                return RootInfo(root, tag, element.get("version"))
            seen += 1
            if seen > _SNIFF_LIMIT:
                break
    finally:
        close = getattr(events, "close", None)
        if close is not None:
            close()
    if root is None:
        raise InputError("the file holds no XML element", path=path, hint="export it again")
    return RootInfo(root, None, None)


@dataclass
class _State:
    """Everything the reader remembers between items (small: IDs and names, not elements)."""

    path: str
    ns: str = ""
    source_format: SourceFormat = SourceFormat.DDI_CODEBOOK_2_5
    codebook_agency: str | None = None
    codebook_id: str | None = None
    agency: str = DEFAULT_AGENCY
    version: str = "1.0.0"
    study: Study | None = None
    study_emitted: bool = False
    issues: list[Issue] = field(default_factory=list)
    ids: dict[str, int] = field(default_factory=dict)
    file_ids: set[str] = field(default_factory=set)
    var_names: dict[str, str] = field(default_factory=dict)
    question_ids: dict[str, Urn] = field(default_factory=dict)
    variable_urns: set[Urn] = field(default_factory=set)
    names: dict[str, set[str]] = field(default_factory=dict)
    raw_groups: list[tuple[VariableGroup, tuple[str, ...], tuple[str, ...], int | None]] = field(
        default_factory=list
    )
    files: list[DataFile] = field(default_factory=list)
    late_files: list[DataFile] = field(default_factory=list)
    pending: list[tuple[str, str, str, int | None]] = field(default_factory=list)
    forward_weights: set[Urn] = field(default_factory=set)
    tags: dict[str, str] = field(default_factory=dict)
    #: Equal codes, code tuples and frequencies are shared between variables (issue 2 §7).
    codes: Interner = field(default_factory=Interner)
    code_tuples: Interner = field(default_factory=Interner)
    shared: Interner = field(default_factory=Interner)
    texts: Interner = field(default_factory=lambda: Interner(limit=20_000))

    def issue(
        self,
        code: str,
        message: str,
        line: int | None,
        *,
        severity: Severity = Severity.WARNING,
        hint: str | None = None,
        xpath: str | None = None,
    ) -> None:
        self.issues.append(
            Issue(
                code=code,
                severity=severity,
                message=message,
                location=Location(file=self.path, line=line, xpath=xpath),
                hint=hint,
            )
        )

    def q(self, name: str) -> str:
        return f"{{{self.ns}}}{name}" if self.ns else name

    def set_namespace(self, ns: str) -> None:
        self.ns = ns
        self.tags = _Tags(self.q)


class _Tags(dict[str, str]):
    """Qualified tag names by local name, computed once per document (a hot-path cache)."""

    def __init__(self, qualify: Callable[[str], str]) -> None:
        super().__init__()
        self._qualify = qualify

    def __missing__(self, key: str) -> str:
        value = self._qualify(key)
        self[key] = value
        return value


class CodebookStream:
    """An iterable over the items of one DDI-C file; its findings are in :attr:`report`.

    Iterate once. :attr:`source_format` and :attr:`agency` are known after the first item.
    """

    def __init__(self, path: str | Path) -> None:
        self.path = Path(path)
        self._state = _State(path=str(path))

    @property
    def source_format(self) -> SourceFormat:
        """The DDI-C flavour the file is in."""
        return self._state.source_format

    @property
    def agency(self) -> str:
        """The agency used for minted URNs."""
        return self._state.agency

    def variable_name(self, ident: str) -> str | None:
        """The name of the variable with this document-local ID (after iteration: any)."""
        return self._state.var_names.get(ident)

    @property
    def forward_weight_references(self) -> frozenset[Urn]:
        """Variables whose ``wgt-var`` pointed forward (their weight_variable is still an ID)."""
        return frozenset(self._state.forward_weights)

    @property
    def report(self) -> Report:
        """The findings so far (complete once iteration has finished)."""
        return Report.of(self._state.issues, inputs=(str(self.path),))

    def __iter__(self) -> Iterator[StreamItem]:
        st = self._state
        info = sniff_root(self.path)
        if info.codebook is None:
            if local_name(info.root) == "OAI-PMH":
                raise InputError(
                    "this OAI-PMH response holds no codeBook (its metadata is empty)",
                    path=self.path,
                    hint="request the record again with a DDI-C metadataPrefix such as ddi_c",
                )
            raise UnsupportedFormatError(
                f"not a DDI-Codebook file: the root element is {local_name(info.root)!r} "
                f"in namespace {namespace_of(info.root) or '(none)'!r}",
                path=self.path,
                hint="DDI-C files start with <codeBook>; use `harmonise inspect` to detect "
                "the format",
            )
        st.set_namespace(namespace_of(info.codebook))
        if st.ns not in CODEBOOK_NAMESPACES:
            st.issue(
                "unknown-namespace",
                f"codeBook is in the unknown namespace {st.ns!r}; read as DDI-C 2.5",
                None,
                hint=f"DDI-C 2.5 uses the namespace {DDIC25_NS!r}",
            )
        elif st.ns not in ("", DDIC25_NS) and CODEBOOK_NAMESPACES[st.ns] is (
            SourceFormat.DDI_CODEBOOK_2_5
        ):
            st.issue(
                "unknown-namespace",
                f"codeBook is in namespace {st.ns!r}; read as DDI-C 2.5",
                None,
                severity=Severity.INFO,
            )
        st.source_format = CODEBOOK_NAMESPACES.get(st.ns, SourceFormat.DDI_CODEBOOK_2_5)
        tags = [st.q(name) for name in _ITEM_TAGS]
        for event, element in iterparse_safely(self.path, events=("start", "end"), tag=tags):
            name = local_name(element.tag)
            if event == "start":
                if name == "codeBook":
                    self._on_codebook(element)
                continue
            if name == "stdyDscr":
                if st.study is None:
                    st.study = self._study(element)
                else:
                    st.issue(
                        "multiple-studies",
                        "the codeBook has more than one stdyDscr; only the first is read",
                        _line(element),
                    )
            elif name == "fileDscr":
                data_file = self._data_file(element)
                (st.late_files if st.study_emitted else st.files).append(data_file)
            elif name == "varGrp":
                yield from self._emit_study()
                self._variable_group(element)
            elif name == "var":
                yield from self._emit_study()
                yield from self._variable(element)
            elif name == "codeBook":
                yield from self._emit_study()
                continue
            _release(element)
        yield from self._emit_study()
        yield from self._late_files()
        yield from self._groups()
        self._check_pending()

    # --- document and study ------------------------------------------------------------------

    def _on_codebook(self, element: etree._Element) -> None:
        st = self._state
        agency = element.get("codeBookAgency")
        st.codebook_agency = agency.strip() if agency else None
        st.codebook_id = element.get("ID")

    def _emit_study(self) -> Iterator[StreamItem]:
        st = self._state
        if st.study_emitted:
            return
        st.study_emitted = True
        if st.study is None:
            st.issue(
                "missing-study-description",
                "the codeBook has no stdyDscr before its variables",
                None,
                severity=Severity.ERROR,
                hint="DDI-C requires a stdyDscr with a citation; add one before dataDscr",
            )
            st.study = Study(
                urn=Urn(st.agency, safe_id(st.codebook_id or self.path.stem), st.version)
            )
        if st.files:
            st.study = st.study.model_copy(update={"files": tuple(st.files)})
        yield st.study

    def _study(self, sd: etree._Element) -> Study:
        st = self._state
        t = st.tags
        cit = _first(sd, t["citation"])
        titl = _find(cit, t["titlStmt"], t["IDNo"])
        identifiers: list[Identifier] = []
        for el in titl:
            value = normalize_text(el.text or "")
            if value and all(i.value != value or i.agency != el.get("agency") for i in identifiers):
                identifiers.append(Identifier(value=value, agency=el.get("agency")))
        if not identifiers:
            st.issue(
                "missing-study-identifier",
                "the study has no citation/titlStmt/IDNo; its URN is minted from the codeBook ID "
                "or the file name",
                _line(sd),
                severity=Severity.INFO,
            )
        version_el = _first_of(_find(cit, t["verStmt"], t["version"]))
        version_text = _text(version_el) if version_el is not None else None
        st.agency = _pick_agency(st.codebook_agency, identifiers)
        if version_text and _VERSION_RE.fullmatch(version_text):
            st.version = version_text
        study_id = safe_id(
            identifiers[0].value if identifiers else (st.codebook_id or self.path.stem)
        )
        urn = self._own_urn(sd) or Urn(st.agency, study_id, st.version)
        title = _texts(
            _find(cit, t["titlStmt"], t["titl"]) + _find(cit, t["titlStmt"], t["parTitl"])
        )
        if not title:
            st.issue(
                "missing-study-title",
                "the study has no title (citation/titlStmt/titl)",
                _line(sd),
                hint="every DDI-C study citation needs a title",
            )
        info = _find(sd, t["stdyInfo"])
        summary = _find(sd, t["stdyInfo"], t["sumDscr"])
        dcoll = _find(sd, t["method"], t["dataColl"])
        nations = _find_in(summary, t["nation"])
        start, end = _collection_dates(_find_in(summary, t["collDate"]))
        years = [el.get("date") or el.text or "" for el in _find_in(summary, t["timePrd"])] + [
            el.get("date") or el.text or "" for el in _find_in(summary, t["collDate"])
        ]
        years += [
            el.get("date") or el.text or "" for el in _find(cit, t["prodStmt"], t["prodDate"])
        ]
        study_languages = {lang_of(el) for el in sd.iter() if isinstance(el.tag, str)}
        return Study(
            urn=urn,
            title=title,
            alternative_title=_texts(_find(cit, t["titlStmt"], t["altTitl"])),
            identifiers=tuple(identifiers),
            country=_country(nations),
            nation=_texts(nations),
            year=_first_year(years),
            languages=tuple(sorted(lang for lang in study_languages if lang)),
            kind=_study_kind(_find_in(summary, t["dataKind"])),
            abstract=_texts(_find_in(info, t["abstract"])),
            producers=_organizations(
                (_find(cit, t["rspStmt"], t["AuthEnty"]), "author", ("affiliation",)),
                (_find(cit, t["prodStmt"], t["producer"]), "producer", ("abbr", "affiliation")),
            ),
            partners=_organizations(
                (_find(cit, t["rspStmt"], t["othId"]), "other", ("affiliation",)),
                (_find(cit, t["prodStmt"], t["fundAg"]), "funder", ("abbr",)),
                (_find(cit, t["distStmt"], t["distrbtr"]), "distributor", ("abbr", "affiliation")),
            ),
            series=_texts(_find(cit, t["serStmt"], t["serName"])),
            version=version_text or None,
            version_date=_iso_date(version_el.get("date") if version_el is not None else None),
            version_notes=_texts(_find(cit, t["verStmt"], t["notes"])),
            sample_design=_texts(_find_in(dcoll, t["sampProc"])),
            collection_mode=_texts(_find_in(dcoll, t["collMode"])),
            fieldwork_start=start,
            fieldwork_end=end,
            universe=_texts(_find_in(summary, t["universe"])),
            analysis_units=_unique_texts(_find_in(summary, t["anlyUnit"])),
            keywords=_unique_texts(_find_in(info, t["subject"], t["keyword"])),
        )

    def _own_urn(self, element: etree._Element) -> Urn | None:
        value = element.get("ddiLifecycleUrn")
        if value is None:
            return None
        try:
            return Urn.parse(value)
        except UrnError:
            self._state.issue(
                "invalid-urn",
                f"ddiLifecycleUrn {value!r} is not a versioned DDI URN; a URN is minted instead",
                _line(element),
                hint="use urn:ddi:<agency>:<id>:<version>",
            )
            return None

    def _register_id(self, element: etree._Element) -> str | None:
        st = self._state
        ident = element.get("ID")
        if ident is None:
            return None
        if ident in st.ids:
            st.issue(
                "duplicate-id",
                f"ID {ident!r} is used more than once",
                _line(element),
                severity=Severity.ERROR,
                hint="IDs must be unique within a DDI-C document; references to it are ambiguous",
            )
        else:
            st.ids[ident] = 0
        return ident

    def _data_file(self, fd: etree._Element) -> DataFile:
        st = self._state
        t = st.tags
        ident = self._register_id(fd)
        if not ident:
            ident = f"F{len(st.files) + len(st.late_files) + 1}"
            st.issue(
                "missing-file-id",
                f"a fileDscr has no ID; it is read as {ident!r}",
                _line(fd),
                severity=Severity.INFO,
                hint="give each fileDscr an ID such as F1 so variables can point to it",
            )
        st.file_ids.add(ident)
        txt = _find(fd, t["fileTxt"])
        name_el = _first_of(_find_in(txt, t["fileName"]))
        fmt = _first_of(_find_in(txt, t["fileType"]))
        return DataFile(
            id=ident,
            name=_text(name_el) if name_el is not None else "",
            uri=fd.get("URI"),
            description=_texts(_find_in(txt, t["fileCont"])),
            cases=self._int(_first_of(_find_in(txt, t["dimensns"], t["caseQnty"]))),
            variables=self._int(_first_of(_find_in(txt, t["dimensns"], t["varQnty"]))),
            format=(_text(fmt) or None) if fmt is not None else None,
        )

    # --- variables ---------------------------------------------------------------------------

    def _variable_group(self, vg: etree._Element) -> None:
        st = self._state
        t = st.tags
        ident = self._register_id(vg)
        if not ident:
            st.issue(
                "missing-group-id",
                "a varGrp has no ID; it is read under a generated one",
                _line(vg),
            )
            ident = f"VG-{len(st.raw_groups) + 1}"
        group = VariableGroup(
            id=ident,
            name=vg.get("name"),
            label=_texts(_children(vg, t["labl"])),
            type=(vg.get("otherType") if vg.get("type") == "other" else None)
            or vg.get("type")
            or "other",
            concepts=_unique_texts(_children(vg, t["concept"])),
        )
        refs = tuple((vg.get("var") or "").split())
        subgroups = tuple((vg.get("varGrp") or "").split())
        st.raw_groups.append((group, refs, subgroups, _line(vg)))

    def _variable(self, var: etree._Element) -> Iterator[StreamItem]:
        st = self._state
        t = st.tags
        study = st.study
        assert study is not None
        ident = self._register_id(var)
        name = (var.get("name") or "").strip()
        if not name:
            st.issue(
                "missing-variable-name",
                f"a var{f' (ID {ident})' if ident else ''} has no name attribute; it is skipped",
                _line(var),
                severity=Severity.ERROR,
                hint="var/@name is required in DDI-C: add the variable's short name",
            )
            return
        urn = self._own_urn(var)
        if urn is not None and urn in st.variable_urns:
            st.issue(
                "duplicate-urn",
                f"variable {name!r} repeats the URN {urn} of an earlier variable",
                _line(var),
                severity=Severity.ERROR,
                hint="every variable needs its own ddiLifecycleUrn",
            )
        files = tuple((var.get("files") or "").split())
        if urn is None:
            urn = study.urn.child(name, st.version)
            if name in st.names or urn in st.variable_urns:
                if set(files) & st.names[name] or not files:
                    st.issue(
                        "duplicate-variable-name",
                        f"variable name {name!r} occurs more than once in the same file; the "
                        "later one's URN carries its ID",
                        _line(var),
                        hint="variable names should be unique within a data file",
                    )
                urn = study.urn.child(f"{name}-{ident or len(st.names)}", st.version)
        st.variable_urns.add(urn)
        st.names.setdefault(name, set()).update(files)
        if ident:
            st.var_names[ident] = name

        kids = _bucket(var)
        invalid_values, invalid_ranges = _invalid_values(kids.get(t["invalrng"], []), t)
        codes, frequencies = self._codes(var, kids, invalid_values, invalid_ranges)
        code_list: CodeList | None = None
        if codes:
            code_list = trusted(
                CodeList, urn=Urn(urn.agency, urn.id + "-CL", urn.version), name=name, codes=codes
            )
            yield code_list

        question = self._question(kids.get(t["qstn"], []), name, urn, code_list)
        question_urn: Urn | None = None
        if question is not None:
            yield question
            question_urn = question.urn
        for ref in (var.get("qstn") or "").split():
            if ref in st.question_ids:
                question_urn = question_urn or st.question_ids[ref]
            else:
                st.pending.append(("qstn", ref, name, _line(var)))
        for ref in files:
            if ref not in st.file_ids:  # checked again at the end: fileDscr may come late
                st.pending.append(("files", ref, name, _line(var)))
        weight_refs = (var.get("wgt-var") or var.get("weight") or "").split()
        weight_ref = weight_refs[0] if weight_refs else None
        if weight_ref is not None and weight_ref not in st.var_names:
            st.pending.append(("wgt-var", weight_ref, name, _line(var)))
            st.forward_weights.add(urn)
        concept_labels: list[str] = []
        concepts: list[Urn] = []
        for el in kids.get(t["concept"], []):
            text = _text(el)
            if text:
                concept_labels.append(text)
            vocab_uri = el.get("vocabURI") or ""
            if Urn.is_urn(vocab_uri):
                concepts.append(Urn.parse(vocab_uri, require_version=False))
        valrng = _first_of(_find_in(kids.get(t["valrng"], []), t["range"]))
        representation = var.get("representationType")
        variable = trusted(
            Variable,
            urn=urn,
            name=name,
            label=_texts(kids.get(t["labl"], []), st.texts),
            question=question_urn,
            code_list=code_list.urn if code_list else None,
            representation=_representation(representation, kids.get(t["varFormat"]), bool(codes)),
            decimals=self._int_text(var.get("dcml"), var),
            interval=var.get("intrvl"),
            minimum=self._float(valrng.get("min") if valrng is not None else None, var),
            maximum=self._float(valrng.get("max") if valrng is not None else None, var),
            universe=_universe(kids.get(t["universe"], []), st.shared),
            concepts=tuple(concepts),
            concept_labels=tuple(concept_labels),
            files=self._shared_tuple(files),
            location=self._location(_first_of(kids.get(t["location"], [])), var.get("rectype")),
            statistics=self._statistics(kids.get(t["sumStat"], [])),
            frequencies=tuple(frequencies),
            is_weight=var.get("wgt") == "wgt",
            weight_variable=(
                st.var_names.get(weight_ref, weight_ref) if weight_ref is not None else None
            ),
            notes=_texts(kids.get(t["notes"], []), st.texts),
            derivation=_texts(_find_in(kids.get(t["derivation"], []), t["drvdesc"])),
            study=study.urn,
        )
        yield variable

    def _question(
        self,
        elements: list[etree._Element],
        name: str,
        var_urn: Urn,
        code_list: CodeList | None,
    ) -> Question | None:
        st = self._state
        t = st.tags
        if not elements:
            return None
        first = elements[0]
        for el in elements:
            self._register_id(el)
        literal = _texts(_find_in(elements, t["qstnLit"]), st.texts)
        if not literal:
            # qstn is mixed content: the wording may sit directly inside it.
            direct: dict[str, str] = {}
            for el in elements:
                own = normalize_text((el.text or "") + "".join(c.tail or "" for c in el))
                if own:
                    direct.setdefault(lang_of(el), own)
            literal = trusted_text(direct) if direct else _EMPTY_TEXT
        urn = self._own_urn(first) or Urn(var_urn.agency, var_urn.id + "-Q", var_urn.version)
        kind = _RESPONSE_DOMAIN.get(first.get("responseDomainType") or "", ResponseDomainKind.OTHER)
        question = trusted(
            Question,
            urn=urn,
            name=name,
            text=literal,
            pre_text=_texts(_find_in(elements, t["preQTxt"]), st.texts),
            post_text=_texts(_find_in(elements, t["postQTxt"]), st.texts),
            interviewer_instructions=_texts(_find_in(elements, t["ivuInstr"]), st.texts),
            response_domain=trusted(
                ResponseDomain, kind=kind, code_list=code_list.urn if code_list else None
            ),
            sequence=self._int_text(first.get("seqNo"), first),
        )
        for el in elements:
            ident = el.get("ID")
            if ident:
                st.question_ids.setdefault(ident, urn)
        return question

    def _codes(
        self,
        var: etree._Element,
        kids: dict[str, list[etree._Element]],
        invalid_values: list[str],
        invalid_ranges: list[tuple[float | None, float | None]],
    ) -> tuple[tuple[Code, ...], list[CategoryFrequency]]:
        st = self._state
        t = st.tags
        codes: list[Code] = []
        keys: list[tuple[str, tuple[tuple[str, str], ...], bool, str | None] | None] = []
        frequencies: list[CategoryFrequency] = []
        seen: set[str] = set()
        reported_empty = False
        tag_value, tag_label, tag_text, tag_stat = t["catValu"], t["labl"], t["txt"], t["catStat"]
        shared = st.shared
        for cat in kids.get(t["catgry"], []):
            if cat.get("ID") is not None:
                self._register_id(cat)
            # One pass over the children (the hot loop on large files).
            value = ""
            labels: dict[str, str] = {}
            descriptions: list[etree._Element] = []
            stats: list[etree._Element] = []
            for child in cat:
                tag = child.tag
                if tag == tag_label:
                    if len(child):
                        text = _text(child)
                    else:  # _text inlined for the usual leaf label
                        raw = child.text
                        text = (
                            (raw.strip() if "\n" not in raw else normalize_text(raw)) if raw else ""
                        )
                    if text:
                        lang = child.get(XML_LANG)
                        lang = lang.strip() if lang is not None else lang_of(child)
                        labels.setdefault(lang, text)
                elif tag == tag_value:
                    value = value or _text(child)
                elif tag == tag_stat:
                    stats.append(child)
                elif tag == tag_text:
                    descriptions.append(child)
            if not value and not reported_empty:
                reported_empty = True
                st.issue(
                    "missing-category-value",
                    f"categories of variable {var.get('name')!r} have no catValu; they are kept "
                    "with an empty code value",
                    _line(cat),
                    severity=Severity.INFO,
                    hint="give every catgry a catValu holding its code, or crosswalks cannot "
                    "refer to it",
                )
            if value and value in seen:
                st.issue(
                    "duplicate-category-value",
                    f"variable {var.get('name')!r} lists code {value!r} twice",
                    _line(cat),
                )
            seen.add(value)
            miss_text = cat.get("missType")
            missing = (
                cat.get("missing") == "Y"
                or value in invalid_values
                or (bool(invalid_ranges) and _in_ranges(value, invalid_ranges))
            )
            miss_text = miss_text if missing and miss_text else None
            # Most categories are plain (no URN, no description) and repeat across variables
            # (yes/no, don't know): those are shared, keyed by everything they hold.
            plain = not descriptions and not cat.get("ddiLifecycleUrn")
            key = (value, tuple(labels.items()), missing, miss_text) if plain else None
            code: Code | None = st.codes.lookup(key) if plain else None
            if code is None:
                code = trusted(
                    Code,
                    value=value,
                    category=trusted(
                        Category,
                        urn=None if plain else self._own_urn(cat),
                        label=trusted_text(labels) if labels else _EMPTY_TEXT,
                        description=_texts(descriptions),
                    ),
                    missing=missing,
                    missing_type=missing_type(miss_text) if missing else None,
                    missing_type_text=miss_text,
                )
                if plain:
                    st.codes.store(key, code)
            codes.append(code)
            keys.append(key)
            for stat in stats:
                if (stat.get("type") or "freq") != "freq":
                    continue
                # keyed by the text as written: equal floats may be written apart (-0 and 0)
                raw = stat.text
                key_freq = ("freq", code.value, raw, stat.get("wgtd") == "wgtd")
                frequency: CategoryFrequency | None = shared.lookup(key_freq)
                if frequency is None:
                    try:
                        number: float | None = float(raw or "")
                    except ValueError:
                        number = self._float(raw, stat)
                    if number is None:
                        continue
                    frequency = shared.store(
                        key_freq,
                        trusted(
                            CategoryFrequency,
                            value=code.value,
                            frequency=number,
                            weighted=key_freq[3],
                        ),
                    )
                frequencies.append(frequency)
        for value in invalid_values:
            if value not in seen:
                seen.add(value)
                codes.append(trusted(Code, value=value, missing=True))
                keys.append(None)
        return self._shared_codes(codes, keys), frequencies

    def _shared_codes(
        self,
        codes: list[Code],
        keys: list[tuple[str, tuple[tuple[str, str], ...], bool, str | None] | None],
    ) -> tuple[Code, ...]:
        """The codes as a tuple, shared with earlier variables that have the very same codes."""
        if not codes or None in keys:
            return tuple(codes)
        key = tuple(keys)
        found: tuple[Code, ...] | None = self._state.code_tuples.lookup(key)
        if found is None:
            found = self._state.code_tuples.store(key, tuple(codes))
        return found

    def _statistics(self, elements: list[etree._Element]) -> SummaryStatistics:
        values: dict[str, float] = {}
        for el in elements:
            if el.get("wgtd") == "wgtd":
                continue
            attr = _SUMSTAT_FIELDS.get(el.get("type") or "")
            if attr is None or attr in values:
                continue
            number = self._float(el.text, el)
            if number is not None:
                values[attr] = number
        # float.hex keeps -0.0 apart from 0.0 (equal as floats, written differently)
        key = ("stats", *((attr, number.hex()) for attr, number in values.items()))
        found: SummaryStatistics | None = self._state.shared.lookup(key)
        if found is None:
            found = self._state.shared.store(key, trusted(SummaryStatistics, **values))
        return found

    def _shared_tuple(self, values: tuple[str, ...]) -> tuple[str, ...]:
        key = ("tuple", *values)
        found: tuple[str, ...] | None = self._state.shared.lookup(key)
        if found is None:
            found = self._state.shared.store(key, values)
        return found

    def _location(self, el: etree._Element | None, record_type: str | None) -> DataLocation | None:
        if el is None and not record_type:
            return None
        if el is None:
            return trusted(DataLocation, record_type=record_type)
        return trusted(
            DataLocation,
            start=self._int_text(el.get("StartPos"), el),
            end=self._int_text(el.get("EndPos"), el),
            width=self._int_text(el.get("width"), el),
            record_type=record_type,
        )

    # --- numbers -----------------------------------------------------------------------------

    def _float(self, text: str | None, where: etree._Element | None) -> float | None:
        if text is None or not text.strip():
            return None
        try:
            return float(text.strip())
        except ValueError:
            self._state.issue(
                "invalid-number",
                f"{text.strip()[:40]!r} is not a number; it is ignored",
                _line(where),
            )
            return None

    def _int_text(self, text: str | None, where: etree._Element | None) -> int | None:
        if text is None or not text.strip():
            return None
        try:
            return int(text.strip())
        except ValueError:
            self._state.issue(
                "invalid-number",
                f"{text.strip()[:40]!r} is not a whole number; it is ignored",
                _line(where),
            )
            return None

    def _int(self, el: etree._Element | None) -> int | None:
        return None if el is None else self._int_text(el.text, el)

    # --- the end: groups, references ---------------------------------------------------------

    def _late_files(self) -> Iterator[StreamItem]:
        st = self._state
        if st.late_files:
            st.issue(
                "unexpected-element-order",
                f"{len(st.late_files)} fileDscr element(s) come after the variables",
                None,
                severity=Severity.INFO,
                hint="DDI-C 2.5 puts fileDscr before dataDscr",
            )
        yield from st.late_files

    def _groups(self) -> Iterator[StreamItem]:
        st = self._state
        group_ids = {g.id for g, _r, _s, _l in st.raw_groups}
        for group, refs, subgroups, line in st.raw_groups:
            names: list[str] = []
            for ref in refs:
                if ref in st.var_names:
                    names.append(st.var_names[ref])
                else:
                    st.issue(
                        "dangling-variable-reference",
                        f"varGrp {group.id!r} lists variable ID {ref!r}, which no var has",
                        line,
                        severity=Severity.ERROR,
                        hint="fix varGrp/@var or add the missing var",
                    )
            kept: list[str] = []
            for ref in subgroups:
                if ref in group_ids:
                    kept.append(ref)
                else:
                    st.issue(
                        "dangling-group-reference",
                        f"varGrp {group.id!r} lists group ID {ref!r}, which no varGrp has",
                        line,
                        severity=Severity.ERROR,
                        hint="fix varGrp/@varGrp or add the missing group",
                    )
            yield group.model_copy(update={"variables": tuple(names), "groups": tuple(kept)})

    def _check_pending(self) -> None:
        st = self._state
        for kind, ref, name, line in st.pending:
            if kind == "files" and ref not in st.file_ids:
                st.issue(
                    "dangling-file-reference",
                    f"variable {name!r} points to file ID {ref!r}, which no fileDscr has",
                    line,
                    severity=Severity.ERROR,
                    hint="fix var/@files or add a fileDscr with that ID",
                )
            elif kind == "qstn" and ref not in st.question_ids:
                st.issue(
                    "dangling-question-reference",
                    f"variable {name!r} points to question ID {ref!r}, which no qstn has",
                    line,
                    severity=Severity.ERROR,
                    hint="fix var/@qstn or add the qstn element",
                )
            elif kind == "wgt-var" and ref not in st.var_names:
                st.issue(
                    "dangling-weight-reference",
                    f"variable {name!r} names weight variable ID {ref!r}, which no var has",
                    line,
                    severity=Severity.ERROR,
                    hint="fix var/@wgt-var or add the weight variable",
                )


def iter_ddi_codebook(path: str | Path) -> CodebookStream:
    """Stream the items of a DDI-C file without holding the whole file in memory.

    Args:
        path: A DDI-C 2.5, 1.2.2 or no-namespace codebook, or an OAI-PMH response wrapping one.

    Returns:
        An iterable yielding the Study first, then CodeList/Question/Variable per ``var``, then
        VariableGroup items (and any late DataFile); its ``report`` holds the findings once
        iteration has finished.

    Raises:
        InputError: (during iteration) when the file cannot be read as XML or holds no codeBook.
    """
    return CodebookStream(path)


def read_ddi_codebook(path: str | Path) -> tuple[MetadataPackage, Report]:
    """Read a DDI-Codebook file into a package and a report of findings.

    Args:
        path: The file.

    Returns:
        The package (study, questions, code lists, variables) and the findings.

    Raises:
        InputError: When the file cannot be read as XML, is not DDI-C, or holds no codeBook.
    """
    stream = iter_ddi_codebook(path)
    study: Study | None = None
    questions: list[Question] = []
    code_lists: list[CodeList] = []
    variables: list[Variable] = []
    groups: list[VariableGroup] = []
    late_files: list[DataFile] = []
    for item in stream:
        if isinstance(item, Study):
            study = item
        elif isinstance(item, Variable):
            variables.append(item)
        elif isinstance(item, CodeList):
            code_lists.append(item)
        elif isinstance(item, Question):
            questions.append(item)
        elif isinstance(item, VariableGroup):
            groups.append(item)
        else:
            late_files.append(item)
    forward = stream.forward_weight_references
    if forward:
        variables = [
            v.model_copy(update={"weight_variable": stream.variable_name(v.weight_variable)})
            if v.urn in forward and v.weight_variable and stream.variable_name(v.weight_variable)
            else v
            for v in variables
        ]
    if study is not None and (groups or late_files):
        study = study.model_copy(
            update={"groups": tuple(groups), "files": study.files + tuple(late_files)}
        )
    package = MetadataPackage(
        source_format=stream.source_format,
        agency=stream.agency,
        study=study,
        questions=tuple(questions),
        code_lists=tuple(code_lists),
        variables=tuple(variables),
    )
    return package, stream.report


# --- element helpers (namespace-aware, never crash on a missing element) ---------------------


def _line(element: etree._Element | None) -> int | None:
    """The element's line; computed only for issues (libxml2 may walk the tree for it)."""
    if element is None:
        return None
    line: object = element.sourceline
    return line if isinstance(line, int) else None


def _release(element: etree._Element) -> None:
    """Free a consumed element and the siblings before it (bounded memory while streaming)."""
    element.clear()
    parent = element.getparent()
    if parent is None:
        return
    while element.getprevious() is not None:
        del parent[0]


def _children(element: etree._Element | None, tag: str) -> list[etree._Element]:
    if element is None:
        return []
    return list(element.iterchildren(tag))


def _first(element: etree._Element | None, tag: str) -> etree._Element | None:
    if element is None:
        return None
    return next(element.iterchildren(tag), None)


def _find(element: etree._Element | None, *tags: str) -> list[etree._Element]:
    """All elements at the end of a child path (``citation``, ``titlStmt``, ``IDNo``)."""
    current = [] if element is None else [element]
    return _find_in(current, *tags)


def _find_in(elements: list[etree._Element], *tags: str) -> list[etree._Element]:
    current = elements
    for tag in tags:
        current = [child for el in current for child in el.iterchildren(tag)]
    return current


def _first_of(items: list[etree._Element]) -> etree._Element | None:
    return items[0] if items else None


def _bucket(element: etree._Element) -> dict[str, list[etree._Element]]:
    """The children of an element grouped by tag, in one pass."""
    result: dict[str, list[etree._Element]] = {}
    for child in element:
        result.setdefault(child.tag, []).append(child)
    return result


def _text(element: etree._Element) -> str:
    if len(element) == 0:
        raw = element.text or ""
        if "\n" not in raw:
            return raw.strip()
        return normalize_text(raw)
    return normalize_text(
        etree.tostring(element, method="text", encoding="unicode", with_tail=False)
    )


_EMPTY_TEXT = LocalizedText()
#: Texts up to this length (in every language) are shared between variables when equal; longer
#: ones (question wording) rarely repeat, so looking them up would cost more than it saves.
_SHARED_TEXT_LIMIT = 160


def _texts(elements: list[etree._Element], shared: Interner | None = None) -> LocalizedText:
    """Group the texts of repeated elements by language (the first text per language wins).

    The hot path of the reader: ``_text`` and ``lang_of`` are inlined for leaf elements that
    carry their own ``xml:lang``. With ``shared``, short texts (labels, instructions,
    universes: what questionnaires repeat) are shared with equal earlier ones.
    """
    if not elements:
        return _EMPTY_TEXT  # frozen, so one shared empty text is safe (and saves validation)
    result: dict[str, str] = {}
    for el in elements:
        if len(el):
            text = _text(el)
        else:
            raw = el.text
            if not raw:
                continue
            text = raw.strip() if "\n" not in raw else normalize_text(raw)
        if not text:
            continue
        lang = el.get(XML_LANG)
        lang = lang.strip() if lang is not None else lang_of(el)
        if lang not in result:
            result[lang] = text
    if not result:
        return _EMPTY_TEXT
    if shared is None or max(map(len, result.values())) > _SHARED_TEXT_LIMIT:
        return trusted_text(result)
    key = tuple(result.items())
    found: LocalizedText | None = shared.lookup(key)
    if found is None:
        found = shared.store(key, trusted_text(result))
    return found


def _unique_texts(elements: list[etree._Element]) -> tuple[str, ...]:
    seen: dict[str, None] = {}
    for el in elements:
        text = _text(el)
        if text:
            seen.setdefault(text, None)
    return tuple(seen)


def _pick_agency(codebook_agency: str | None, identifiers: list[Identifier]) -> str:
    if codebook_agency and _AGENCY_RE.fullmatch(codebook_agency):
        return codebook_agency
    for ident in identifiers:
        if ident.agency and _AGENCY_RE.fullmatch(ident.agency.strip()):
            return ident.agency.strip()
    return DEFAULT_AGENCY


def _iso_date(text: str | None) -> dt.date | None:
    if not text:
        return None
    match = _ISO_DATE.match(text.strip())
    if match is None:
        return None
    try:
        return dt.date.fromisoformat(match.group(0))
    except ValueError:
        return None


def _collection_dates(elements: list[etree._Element]) -> tuple[dt.date | None, dt.date | None]:
    start: dt.date | None = None
    end: dt.date | None = None
    for el in elements:
        day = _iso_date(el.get("date") or el.text)
        event = el.get("event") or "single"
        if event in ("start", "single") and start is None:
            start = day
        if event in ("end", "single") and end is None:
            end = day
    return start, end


def _first_year(texts: list[str]) -> int | None:
    for text in texts:
        match = _YEAR.search(text)
        if match is not None:
            return int(match.group(1))
    return None


def _country(nations: list[etree._Element]) -> str | None:
    import pycountry

    for el in nations:
        abbr = (el.get("abbr") or "").strip().upper()
        if len(abbr) == 3 and abbr.isalpha():
            return abbr
        if len(abbr) == 2 and abbr.isalpha():
            found = pycountry.countries.get(alpha_2=abbr)
            if found is not None:
                return str(found.alpha_3)
    return None


def _study_kind(elements: list[etree._Element]) -> StudyKind:
    text = " ".join(_text(el).lower() for el in elements)
    if "census" in text:
        return StudyKind.CENSUS
    if "qualitative" in text:
        return StudyKind.QUALITATIVE
    if text.strip() == "other":
        return StudyKind.OTHER
    return StudyKind.SURVEY


def _organizations(
    *groups: tuple[list[etree._Element], str, tuple[str, ...]],
) -> tuple[Organization, ...]:
    result: list[Organization] = []
    for elements, default_role, attributes in groups:
        for el in elements:
            name = _text(el)
            if not name:
                continue
            role = (el.get("role") or default_role) if default_role != "author" else "author"
            org = Organization(
                name=name,
                abbreviation=el.get("abbr") if "abbr" in attributes else None,
                role=role,
                affiliation=el.get("affiliation") if "affiliation" in attributes else None,
            )
            if org not in result:
                result.append(org)
    return tuple(result)


def _universe(elements: list[etree._Element], shared: Interner) -> Universe | None:
    if not elements:
        return None
    text = _texts(elements, shared)
    if not text:
        return None
    included = elements[0].get("clusion") != "E"
    if max(map(len, text.root.values())) > _SHARED_TEXT_LIMIT:
        return trusted(Universe, text=text, included=included)
    key = ("universe", tuple(text.root.items()), included)
    found: Universe | None = shared.lookup(key)
    if found is None:
        found = shared.store(key, trusted(Universe, text=text, included=included))
    return found


def _representation(
    attribute: str | None, formats: list[etree._Element] | None, coded: bool
) -> RepresentationKind:
    if attribute in _REPRESENTATION:
        return _REPRESENTATION[attribute]
    fmt = formats[0] if formats else None
    if fmt is not None and fmt.get("type") == "character":
        return RepresentationKind.TEXT
    if coded:
        return RepresentationKind.CODE
    if fmt is not None:
        return RepresentationKind.NUMERIC
    return RepresentationKind.OTHER


def _invalid_values(
    elements: list[etree._Element], t: dict[str, str]
) -> tuple[list[str], list[tuple[float | None, float | None]]]:
    values: list[str] = []
    ranges: list[tuple[float | None, float | None]] = []
    for inv in elements:
        for item in inv.iterchildren(t["item"]):
            value = (item.get("VALUE") or "").strip()
            if value and value not in values:
                values.append(value)
        for rng in inv.iterchildren(t["range"]):
            ranges.append((_number(rng.get("min")), _number(rng.get("max"))))
    return values, ranges


def _number(text: str | None) -> float | None:
    try:
        return float(text) if text is not None and text.strip() else None
    except ValueError:
        return None


def _in_ranges(value: str, ranges: list[tuple[float | None, float | None]]) -> bool:
    if not ranges:
        return False
    number = _number(value)
    if number is None:
        return False
    for low, high in ranges:
        if low is None and high is None:
            continue
        if (low is None or number >= low) and (high is None or number <= high):
            return True
    return False

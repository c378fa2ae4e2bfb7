"""DDI-Codebook 2.5 writer: a :class:`MetadataPackage` as a schema-valid ``codeBook``.

Every content model in the DDI-C 2.5 XSD is an ``xs:sequence``, so children are emitted in
schema order (STANDARDS.md §1.1, §1.3, §1.4). ``ddiLifecycleUrn`` is written on ``stdyDscr``,
``var``, ``qstn`` and ``catgry`` (when the category has a URN) so that reading the output again
keeps every URN. Text keyed ``""`` in a :class:`LocalizedText` is written without ``xml:lang``.

Study-level metadata the programme needs: sample design (``method/dataColl/sampProc``), mode
(``collMode``), fieldwork dates (``sumDscr/collDate`` events ``start``/``end``), nation, the
version statement, and partners and producers: authors as ``rspStmt/AuthEnty``, producers as
``prodStmt/producer``, funders as ``prodStmt/fundAg``, distributors as ``distStmt/distrbtr``
and every other partner as ``rspStmt/othId`` with its role (so partners read back in that
schema order: other partners, funders, distributors).

Deviations: the first title language goes to ``titl`` (the schema allows one), the others to
``parTitl``; document-local IDs are regenerated (a variable's ID is its name when that is a valid
``xs:ID``); a code list shared by several variables is repeated inside each ``var``.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from lxml import etree

from harmonise import __version__
from harmonise.formats.ddi_codebook.namespaces import DDIC25_NS, MISSING_TYPE_TEXT, XML_LANG
from harmonise.model import (
    CodeList,
    DataFile,
    MetadataPackage,
    Organization,
    Question,
    RepresentationKind,
    Study,
    StudyKind,
    Urn,
    Variable,
)
from harmonise.model.text import LocalizedText

_NCNAME = re.compile(r"[A-Za-z_][A-Za-z0-9._\-]*")
_VARGRP_TYPES = frozenset(
    [
        "section",
        "multipleResp",
        "grid",
        "display",
        "repetition",
        "subject",
        "version",
        "iteration",
        "analysis",
        "pragmatic",
        "record",
        "file",
        "randomized",
        "other",
    ]
)
_SUMSTAT_TYPES = (
    ("valid", "vald"),
    ("invalid", "invd"),
    ("minimum", "min"),
    ("maximum", "max"),
    ("mean", "mean"),
    ("median", "medn"),
    ("mode", "mode"),
    ("stdev", "stdev"),
)
_KIND_TEXT = {
    StudyKind.SURVEY: "survey",
    StudyKind.CENSUS: "census",
    StudyKind.QUALITATIVE: "qualitative",
    StudyKind.OTHER: "other",
}


def _tag(name: str) -> str:
    return f"{{{DDIC25_NS}}}{name}"


def _sub(
    parent: etree._Element, local: str, text: str | None = None, /, **attrs: str | None
) -> etree._Element:
    element = etree.SubElement(parent, _tag(local))
    for key, value in attrs.items():
        if value is not None:
            element.set(key, value)
    if text:
        element.text = text
    return element


def _localized(
    parent: etree._Element, local: str, text: LocalizedText, /, **attrs: str | None
) -> None:
    for lang, value in text.items():
        if not value:
            continue
        element = _sub(parent, local, value, **attrs)
        if lang:
            element.set(XML_LANG, lang)


def _number(value: float) -> str:
    return str(int(value)) if value.is_integer() else repr(value)


class _Ids:
    """Document-local IDs: readable where possible, always valid ``xs:ID`` and unique."""

    def __init__(self) -> None:
        self.used: set[str] = set()

    def make(self, wanted: str, prefix: str) -> str:
        base = wanted if _NCNAME.fullmatch(wanted) else f"{prefix}_{_safe(wanted)}"
        candidate = base
        n = 1
        while candidate in self.used:
            n += 1
            candidate = f"{base}_{n}"
        self.used.add(candidate)
        return candidate


def _safe(text: str) -> str:
    return re.sub(r"[^A-Za-z0-9._\-]+", "-", text).strip("-") or "x"


def ddi_codebook_bytes(package: MetadataPackage) -> bytes:
    """Serialise a package as a DDI-C 2.5 ``codeBook`` (UTF-8, with XML declaration).

    Args:
        package: The package; its study is required by the schema and minted when absent.

    Returns:
        The document bytes, valid against the DDI-C 2.5 XSD.
    """
    study = package.study or Study(urn=Urn(package.agency or "org.example.migreg", "study"))
    agency = package.agency or study.urn.agency
    root = etree.Element(_tag("codeBook"), nsmap={None: DDIC25_NS})  # type: ignore[dict-item]
    root.set("version", "2.5")
    if _NCNAME.fullmatch(agency):
        root.set("codeBookAgency", agency)
    ids = _Ids()
    _doc_description(root, study)
    _study_description(root, study)
    file_ids: dict[str, str] = {}
    for data_file in study.files:
        file_ids[data_file.id] = ids.make(data_file.id, "F")
        _file_description(root, data_file, file_ids[data_file.id])
    variables = (*package.variables, *package.core_variables)
    if variables or study.groups:
        _data_description(root, package, variables, file_ids, ids)
    return bytes(etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True))


def write_ddi_codebook(package: MetadataPackage, path: str | Path) -> None:
    """Write a package as a DDI-C 2.5 file.

    Args:
        package: The package.
        path: Where to write; the parent folder must exist.
    """
    Path(path).write_bytes(ddi_codebook_bytes(package))


# --- docDscr and stdyDscr --------------------------------------------------------------------


def _doc_description(root: etree._Element, study: Study) -> None:
    citation = _sub(_sub(root, "docDscr"), "citation")
    _sub(_sub(citation, "titlStmt"), "titl", study.title.best() or None)
    _sub(_sub(citation, "prodStmt"), "software", "harmonise", version=__version__)


def _study_description(root: etree._Element, study: Study) -> None:
    sd = _sub(root, "stdyDscr", ddiLifecycleUrn=str(study.urn))
    citation = _sub(sd, "citation")
    titles = list(study.title.items())
    first = _sub(_sub_titl_stmt := _sub(citation, "titlStmt"), "titl")
    if titles:
        lang, text = titles[0]
        first.text = text
        if lang:
            first.set(XML_LANG, lang)
        _localized(_sub_titl_stmt, "parTitl", LocalizedText(dict(titles[1:])))
    _localized(_sub_titl_stmt, "altTitl", study.alternative_title)
    for ident in study.identifiers:
        _sub(_sub_titl_stmt, "IDNo", ident.value, agency=ident.agency)

    authors = [o for o in study.producers if o.role == "author"]
    producers = [o for o in study.producers if o.role != "author"]
    funders = [o for o in study.partners if o.role == "funder"]
    distributors = [o for o in study.partners if o.role == "distributor"]
    others = [o for o in study.partners if o.role not in ("funder", "distributor")]
    if authors or others:
        rsp = _sub(citation, "rspStmt")
        for org in authors:
            _sub(rsp, "AuthEnty", org.name, affiliation=org.affiliation)
        for org in others:
            _sub(rsp, "othId", org.name, role=_role(org, "other"), affiliation=org.affiliation)
    if producers or funders:
        prod = _sub(citation, "prodStmt")
        for org in producers:
            _sub(
                prod,
                "producer",
                org.name,
                abbr=org.abbreviation,
                affiliation=org.affiliation,
                role=_role(org, "producer"),
            )
        for org in funders:
            _sub(prod, "fundAg", org.name, abbr=org.abbreviation)
    if distributors:
        dist = _sub(citation, "distStmt")
        for org in distributors:
            _sub(dist, "distrbtr", org.name, abbr=org.abbreviation, affiliation=org.affiliation)
    if study.series:
        _localized(_sub(citation, "serStmt"), "serName", study.series)
    if study.version or study.version_date or study.version_notes:
        ver = _sub(citation, "verStmt")
        _sub(
            ver,
            "version",
            study.version,
            date=study.version_date.isoformat() if study.version_date else None,
        )
        _localized(ver, "notes", study.version_notes)

    info = _sub(sd, "stdyInfo")
    if study.keywords:
        subject = _sub(info, "subject")
        for keyword in study.keywords:
            _sub(subject, "keyword", keyword)
    _localized(info, "abstract", study.abstract)
    summary = _sub(info, "sumDscr")
    if study.year is not None:
        _sub(summary, "timePrd", str(study.year), date=f"{study.year:04d}", event="single")
    if study.fieldwork_start is not None:
        day = study.fieldwork_start.isoformat()
        _sub(summary, "collDate", day, date=day, event="start")
    if study.fieldwork_end is not None:
        day = study.fieldwork_end.isoformat()
        _sub(summary, "collDate", day, date=day, event="end")
    if study.nation:
        _localized(summary, "nation", study.nation, abbr=study.country)
    elif study.country:
        _sub(summary, "nation", abbr=study.country)
    for unit in study.analysis_units:
        _sub(summary, "anlyUnit", unit)
    _localized(summary, "universe", study.universe)
    _sub(summary, "dataKind", _KIND_TEXT[study.kind])

    if study.sample_design or study.collection_mode:
        collection = _sub(_sub(sd, "method"), "dataColl")
        _localized(collection, "sampProc", study.sample_design)
        _localized(collection, "collMode", study.collection_mode)


def _role(org: Organization, default: str) -> str | None:
    return org.role if org.role and org.role != default else None


def _file_description(root: etree._Element, data_file: DataFile, ident: str) -> None:
    fd = _sub(root, "fileDscr", ID=ident, URI=data_file.uri)
    txt = _sub(fd, "fileTxt")
    if data_file.name:
        _sub(txt, "fileName", data_file.name)
    if data_file.description:
        _localized(txt, "fileCont", data_file.description)
    if data_file.cases is not None or data_file.variables is not None:
        dims = _sub(txt, "dimensns")
        if data_file.cases is not None:
            _sub(dims, "caseQnty", str(data_file.cases))
        if data_file.variables is not None:
            _sub(dims, "varQnty", str(data_file.variables))
    if data_file.format:
        _sub(txt, "fileType", data_file.format)


# --- dataDscr ---------------------------------------------------------------------------------


def _data_description(
    root: etree._Element,
    package: MetadataPackage,
    variables: Iterable[Variable],
    file_ids: dict[str, str],
    ids: _Ids,
) -> None:
    study = package.study
    variables = list(variables)
    dd = _sub(root, "dataDscr")
    group_ids = {g.id: ids.make(g.id, "VG") for g in (study.groups if study else ())}
    var_ids: dict[str, str] = {}  # name -> ID of the first variable with that name
    own_ids: dict[Urn, str] = {}
    for v in variables:
        own_ids[v.urn] = ids.make(v.name, "V")
        var_ids.setdefault(v.name, own_ids[v.urn])
    for group in study.groups if study else ():
        members = " ".join(var_ids[n] for n in group.variables if n in var_ids) or None
        nested = " ".join(group_ids[g] for g in group.groups if g in group_ids) or None
        vg = _sub(
            dd,
            "varGrp",
            ID=group_ids[group.id],
            type=group.type if group.type in _VARGRP_TYPES else "other",
            otherType=group.type if group.type not in _VARGRP_TYPES else None,
            var=members,
            varGrp=nested,
            name=group.name,
        )
        _localized(vg, "labl", group.label)
        for concept in group.concepts:
            _sub(vg, "concept", concept)

    questions = {q.urn: q for q in package.questions}
    code_lists = {cl.urn: cl for cl in package.code_lists}
    question_users: dict[Urn, int] = {}
    for v in variables:
        if v.question is not None:
            question_users[v.question] = question_users.get(v.question, 0) + 1
    question_ids: dict[Urn, str] = {}
    written: set[Urn] = set()
    for v in variables:
        own_question: Question | None = None
        shared_ref: str | None = None
        if v.question is not None and v.question in questions:
            if v.question in written:
                shared_ref = question_ids.get(v.question)
            else:
                own_question = questions[v.question]
                written.add(v.question)
                if question_users[v.question] > 1:
                    question_ids[v.question] = ids.make(f"Q_{own_ids[v.urn]}", "Q")
        _variable(
            dd,
            v,
            _VarContext(
                own_id=own_ids[v.urn],
                var_ids=var_ids,
                file_ids=file_ids,
                question=own_question,
                question_id=(question_ids.get(v.question) if own_question and v.question else None),
                shared_question_ref=shared_ref,
                code_list=code_lists.get(v.code_list) if v.code_list is not None else None,
            ),
        )


@dataclass(frozen=True)
class _VarContext:
    """What writing one ``var`` needs to know about the rest of the document."""

    own_id: str
    var_ids: dict[str, str]
    file_ids: dict[str, str]
    question: Question | None
    question_id: str | None
    shared_question_ref: str | None
    code_list: CodeList | None


def _variable(dd: etree._Element, v: Variable, ctx: _VarContext) -> None:
    var_ids, file_ids, question = ctx.var_ids, ctx.file_ids, ctx.question
    code_list, shared_question_ref = ctx.code_list, ctx.shared_question_ref
    files = " ".join(file_ids.get(f, f) for f in v.files if f in file_ids) or None
    weight = var_ids.get(v.weight_variable) if v.weight_variable else None
    el = _sub(
        dd,
        "var",
        ID=ctx.own_id,
        name=v.name,
        files=files,
        qstn=shared_question_ref,
        intrvl=v.interval if v.interval in ("contin", "discrete") else None,
        dcml=str(v.decimals) if v.decimals is not None else None,
        wgt="wgt" if v.is_weight else None,
        rectype=v.location.record_type if v.location else None,
        representationType=v.representation.value,
        ddiLifecycleUrn=str(v.urn),
    )
    if weight:
        el.set("wgt-var", weight)
    loc = v.location
    if loc is not None and (loc.start is not None or loc.end is not None or loc.width):
        _sub(
            el,
            "location",
            StartPos=str(loc.start) if loc.start is not None else None,
            EndPos=str(loc.end) if loc.end is not None else None,
            width=str(loc.width) if loc.width is not None else None,
        )
    _localized(el, "labl", v.label)
    if question is not None:
        _question(el, question, ctx.question_id)
    if v.minimum is not None or v.maximum is not None:
        _sub(
            _sub(el, "valrng"),
            "range",
            min=_number(v.minimum) if v.minimum is not None else None,
            max=_number(v.maximum) if v.maximum is not None else None,
        )
    codes = code_list.codes if code_list is not None else ()
    missing = [c.value for c in codes if c.missing and c.value]
    if missing:
        invalid = _sub(el, "invalrng")
        for value in dict.fromkeys(missing):
            _sub(invalid, "item", VALUE=value)
    if v.universe is not None and v.universe.text:
        _localized(el, "universe", v.universe.text, clusion=None if v.universe.included else "E")
    stats = v.statistics
    for attr, kind in _SUMSTAT_TYPES:
        value = getattr(stats, attr)
        if value is not None:
            _sub(el, "sumStat", _number(value), type=kind)
    freqs: dict[str, list[tuple[float, bool]]] = {}
    for f in v.frequencies:
        freqs.setdefault(f.value, []).append((f.frequency, f.weighted))
    for code in codes:
        cat = _sub(
            el,
            "catgry",
            missing="Y" if code.missing else None,
            missType=(
                code.missing_type_text
                or (MISSING_TYPE_TEXT[code.missing_type] if code.missing_type else None)
            )
            if code.missing
            else None,
            ddiLifecycleUrn=str(code.category.urn) if code.category.urn else None,
        )
        if code.value:
            _sub(cat, "catValu", code.value)
        _localized(cat, "labl", code.category.label)
        _localized(cat, "txt", code.category.description)
        for number, weighted in freqs.pop(code.value, []):
            _sub(cat, "catStat", _number(number), type="freq", wgtd="wgtd" if weighted else None)
    for i, label in enumerate(v.concept_labels):
        uri = str(v.concepts[i]) if i < len(v.concepts) else None
        _sub(el, "concept", label, vocabURI=uri)
    for urn in v.concepts[len(v.concept_labels) :]:
        _sub(el, "concept", vocabURI=str(urn))
    if v.derivation:
        _localized(_sub(el, "derivation"), "drvdesc", v.derivation)
    text = v.representation is RepresentationKind.TEXT
    _sub(el, "varFormat", type="character" if text else "numeric")
    _localized(el, "notes", v.notes)


def _question(parent: etree._Element, question: Question, ident: str | None) -> None:
    el = _sub(
        parent,
        "qstn",
        ID=ident,
        seqNo=str(question.sequence) if question.sequence is not None else None,
        responseDomainType=question.response_domain.kind.value,
        ddiLifecycleUrn=str(question.urn),
    )
    _localized(el, "preQTxt", question.pre_text)
    _localized(el, "qstnLit", question.text)
    _localized(el, "postQTxt", question.post_text)
    _localized(el, "ivuInstr", question.interviewer_instructions)

"""The DDI-C 2.5 writer: programme study metadata, schema order, URNs kept, missing codes."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from lxml import etree

from harmonise.formats.ddi_codebook import (
    ddi_codebook_bytes,
    read_ddi_codebook,
    write_ddi_codebook,
)
from harmonise.formats.ddi_codebook.namespaces import missing_type
from harmonise.formats.xsd import schema_errors
from harmonise.model import (
    Category,
    CategoryFrequency,
    Code,
    CodeList,
    DataFile,
    Identifier,
    MetadataPackage,
    MissingType,
    Organization,
    Question,
    RepresentationKind,
    ResponseDomain,
    ResponseDomainKind,
    SourceFormat,
    Study,
    SummaryStatistics,
    Universe,
    Urn,
    Variable,
    VariableGroup,
)
from harmonise.model.text import LocalizedText

AGENCY = "org.example.migreg"
NS = {"c": "ddi:codebook:2_5"}


def t(**texts: str) -> LocalizedText:
    return LocalizedText(texts)


def ecuador_package() -> MetadataPackage:
    study_urn = Urn(AGENCY, "ECU-2025", "2.0.0")
    var_urn = Urn(AGENCY, "ECU-2025.p03", "2.0.0")
    cl_urn = Urn(AGENCY, "ECU-2025.p03-CL", "2.0.0")
    q_urn = Urn(AGENCY, "Q-ECU-P03", "2.0.0")
    study = Study(
        urn=study_urn,
        title=t(es="Encuesta de Migración y Niñez 2025", en="Migration and Childhood Survey 2025"),
        identifiers=(Identifier(value="ECU_2025_MIGCH_v02", agency=AGENCY),),
        country="ECU",
        nation=t(es="Ecuador", en="Ecuador"),
        year=2025,
        languages=("en", "es"),
        abstract=t(en="Children and households left behind by international migration."),
        producers=(
            Organization(name="Instituto Nacional de Estadística y Censos", role="author"),
            Organization(name="INEC fieldwork unit", abbreviation="INEC", role="producer"),
        ),
        partners=(
            # In schema order (othId, fundAg, distrbtr): the order a DDI-C file reads back in.
            Organization(name="University of Cuenca", role="research partner"),
            Organization(name="UNICEF Ecuador", role="funder", abbreviation="UNICEF"),
            Organization(name="National archive", role="distributor"),
        ),
        series=t(en="Migration and children"),
        version="2.0.0",
        version_date=dt.date(2025, 11, 3),
        version_notes=t(en="Final fieldwork version."),
        sample_design=t(en="Two-stage stratified cluster sample of 6,000 households."),
        collection_mode=t(en="Computer-assisted personal interview (CAPI)", es="CAPI"),
        fieldwork_start=dt.date(2025, 6, 2),
        fieldwork_end=dt.date(2025, 8, 29),
        universe=t(en="Households in Ecuador"),
        analysis_units=("household", "individual"),
        keywords=("migration", "remittances"),
        files=(DataFile(id="F1", name="hl.sav", cases=24_000, variables=120, format="SPSS"),),
        groups=(VariableGroup(id="VG_HL", name="HL", type="section", variables=("p03",)),),
    )
    codes = (
        Code(value="01", category=Category(label=t(es="Jefe/a del hogar", en="Head"))),
        Code(value="07", category=Category(label=t(es="Padre/madre", en="Parent"))),
        Code(
            value="98",
            category=Category(label=t(es="No sabe", en="Don't know")),
            missing=True,
            missing_type=MissingType.DONT_KNOW,
            missing_type_text="dontknow",
        ),
    )
    question = Question(
        urn=q_urn,
        name="p03",
        text=t(es="¿Qué parentesco tiene (NOMBRE) con el jefe o jefa del hogar?"),
        pre_text=t(es="Para cada miembro del hogar"),
        interviewer_instructions=t(es="Anote el código."),
        response_domain=ResponseDomain(kind=ResponseDomainKind.CODE, code_list=cl_urn),
        sequence=3,
    )
    variable = Variable(
        urn=var_urn,
        name="p03",
        label=t(es="Parentesco con el jefe/a del hogar", en="Relationship to head"),
        question=q_urn,
        code_list=cl_urn,
        representation=RepresentationKind.CODE,
        decimals=0,
        interval="discrete",
        universe=Universe(text=t(es="Todos los miembros del hogar")),
        concept_labels=("Parentesco",),
        concepts=(Urn(AGENCY, "CONCEPT-REL", "1.0.0"),),
        files=("F1",),
        statistics=SummaryStatistics(valid=10432, invalid=12),
        frequencies=(CategoryFrequency(value="01", frequency=2871),),
        study=study_urn,
    )
    return MetadataPackage(
        source_format=SourceFormat.DDI_CODEBOOK_2_5,
        agency=AGENCY,
        study=study,
        questions=(question,),
        code_lists=(CodeList(urn=cl_urn, name="p03", codes=codes),),
        variables=(variable,),
    )


def test_programme_package_is_schema_valid(schemas: Path) -> None:
    data = ddi_codebook_bytes(ecuador_package())
    assert schema_errors(data, schemas / "ddi-codebook-2.5/codebook.xsd") == []


def test_programme_package_round_trips(tmp_path: Path) -> None:
    package = ecuador_package()
    path = tmp_path / "codebook.xml"
    write_ddi_codebook(package, path)
    again, report = read_ddi_codebook(path)
    assert report.issues == ()
    assert again == package


@pytest.mark.parametrize(
    ("xpath", "expected"),
    [
        ("//c:sumDscr/c:collDate[@event='start']/@date", ["2025-06-02"]),
        ("//c:sumDscr/c:collDate[@event='end']/@date", ["2025-08-29"]),
        ("//c:sumDscr/c:nation/@abbr", ["ECU", "ECU"]),
        (
            "//c:method/c:dataColl/c:sampProc/text()",
            ["Two-stage stratified cluster sample of 6,000 households."],
        ),
        ("//c:dataColl/c:collMode[@xml:lang='es']/text()", ["CAPI"]),
        ("//c:rspStmt/c:AuthEnty/text()", ["Instituto Nacional de Estadística y Censos"]),
        ("//c:rspStmt/c:othId/@role", ["research partner"]),
        ("//c:prodStmt/c:producer/@abbr", ["INEC"]),
        ("//c:prodStmt/c:fundAg/text()", ["UNICEF Ecuador"]),
        ("//c:distStmt/c:distrbtr/text()", ["National archive"]),
        ("//c:verStmt/c:version/@date", ["2025-11-03"]),
        ("//c:var/@ddiLifecycleUrn", ["urn:ddi:org.example.migreg:ECU-2025.p03:2.0.0"]),
        ("//c:qstn/@ddiLifecycleUrn", ["urn:ddi:org.example.migreg:Q-ECU-P03:2.0.0"]),
        ("//c:var/c:invalrng/c:item/@VALUE", ["98"]),
        ("//c:catgry[@missing='Y']/@missType", ["dontknow"]),
        ("//c:catgry[c:catValu='01']/c:catStat[@type='freq']/text()", ["2871"]),
        ("//c:varGrp/@var", ["p03"]),
    ],
)
def test_study_and_variable_metadata_are_written(xpath: str, expected: list[str]) -> None:
    root = etree.fromstring(ddi_codebook_bytes(ecuador_package()))
    assert [str(v) for v in root.xpath(xpath, namespaces=NS)] == expected


def test_children_follow_schema_order() -> None:
    root = etree.fromstring(ddi_codebook_bytes(ecuador_package()))
    var = root.find(".//c:var", NS)
    assert var is not None
    order = [etree.QName(child).localname for child in var]
    assert order == [
        "labl", "labl", "qstn", "invalrng", "universe", "sumStat", "sumStat",
        "catgry", "catgry", "catgry", "concept", "varFormat",
    ]  # fmt: skip


def test_shared_question_is_written_once_and_referenced(tmp_path: Path) -> None:
    package = ecuador_package()
    first = package.variables[0]
    second = first.model_copy(update={"urn": Urn(AGENCY, "ECU-2025.p03b", "2.0.0"), "name": "p03b"})
    package = package.model_copy(update={"variables": (first, second)})
    path = tmp_path / "shared.xml"
    write_ddi_codebook(package, path)
    root = etree.parse(str(path)).getroot()
    assert len(root.findall(".//c:qstn", NS)) == 1
    again, report = read_ddi_codebook(path)
    assert report.issues == ()
    assert again.variables[1].question == first.question


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("dontknow", MissingType.DONT_KNOW),
        ("Don't know", MissingType.DONT_KNOW),
        ("DK", MissingType.DONT_KNOW),
        ("refused", MissingType.REFUSED),
        ("Inap.", MissingType.NOT_APPLICABLE),
        ("not applicable", MissingType.NOT_APPLICABLE),
        ("No response", MissingType.NO_RESPONSE),
        ("SYSMISS", MissingType.SYSTEM_MISSING),
        ("coder error", MissingType.OTHER),
        ("", None),
        (None, None),
    ],
)
def test_miss_type_vocabulary(text: str | None, expected: MissingType | None) -> None:
    assert missing_type(text) is expected

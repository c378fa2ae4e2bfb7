"""The DDI-L reader on the writer's own output and on small hand-made documents."""

from __future__ import annotations

from pathlib import Path

import pytest

from harmonise.formats.ddi_lifecycle import (
    comparison_bytes,
    ddi_lifecycle_bytes,
    read_ddi_lifecycle,
)
from harmonise.formats.xsd import schema_errors
from harmonise.model import (
    CodeList,
    Crosswalk,
    Instrument,
    InstrumentKind,
    LocalizedText,
    MetadataPackage,
    Module,
    Question,
    ResponseDomain,
    ResponseDomainKind,
    SourceFormat,
    Urn,
)

R = 'xmlns:r="ddi:reusable:3_3"'
_NO_LIST = (ResponseDomainKind.NUMERIC, ResponseDomainKind.TEXT, ResponseDomainKind.DATETIME)


def _write(tmp_path: Path, name: str, data: bytes | str) -> Path:
    path = tmp_path / name
    path.write_bytes(data.encode("utf-8") if isinstance(data, str) else data)
    return path


def test_package_round_trip_is_exact(package: MetadataPackage, tmp_path: Path) -> None:
    path = _write(tmp_path, "pkg.xml", ddi_lifecycle_bytes(package))
    read, report = read_ddi_lifecycle(path)
    assert report.flatten(["code"]) == []
    assert read == package


def test_comparison_round_trip_with_and_without_code_lists(
    crosswalk: Crosswalk, core_list: CodeList, country_list: CodeList, tmp_path: Path
) -> None:
    for name, data in (
        ("with.xml", comparison_bytes([crosswalk], [core_list, country_list])),
        ("without.xml", comparison_bytes([crosswalk])),
    ):
        read, report = read_ddi_lifecycle(_write(tmp_path, name, data))
        assert report.flatten(["code"]) == []
        assert read.crosswalks == (crosswalk,)


def test_declared_values_that_contradict_the_computation_are_reported(
    crosswalk: Crosswalk, tmp_path: Path
) -> None:
    data = comparison_bytes([crosswalk]).decode("utf-8")
    # the first association is one-to-one/complete; declare it otherwise
    data = data.replace(
        "<r:AttributeValue>one-to-one</r:AttributeValue>",
        "<r:AttributeValue>one-to-many</r:AttributeValue>",
        1,
    )
    data = data.replace(
        "<r:AttributeValue>partial</r:AttributeValue>",
        "<r:AttributeValue>complete</r:AttributeValue>",
        1,
    )
    read, report = read_ddi_lifecycle(_write(tmp_path, "tampered.xml", data))
    assert report.flatten(["code", "severity"]) == [
        ["declared-cardinality-mismatch", "error"],
        ["declared-status-mismatch", "error"],
    ]
    assert read.crosswalks == (crosswalk,)


def test_reads_the_standards_example_comparison(tmp_path: Path) -> None:
    """STANDARDS.md §2.11 style: Category references resolved through the file's code lists."""
    doc = f"""<FragmentInstance xmlns="ddi:instance:3_3" {R} xmlns:l="ddi:logicalproduct:3_3"
      xmlns:cm="ddi:comparative:3_3">
     <Fragment><l:CodeList><r:URN>urn:ddi:a.b:CL-EC:1</r:URN>
       <l:Code><r:URN>urn:ddi:a.b:CL-EC.C1:1</r:URN><r:CategoryReference>
         <r:URN>urn:ddi:a.b:CAT-EC-1:1</r:URN><r:TypeOfObject>Category</r:TypeOfObject>
       </r:CategoryReference><r:Value>07</r:Value></l:Code>
     </l:CodeList></Fragment>
     <Fragment><l:CodeList><r:URN>urn:ddi:a.b:CL-CORE:2</r:URN>
       <l:Code><r:URN>urn:ddi:a.b:CL-CORE.C1:2</r:URN><r:CategoryReference>
         <r:URN>urn:ddi:a.b:CAT-CORE-6:2</r:URN><r:TypeOfObject>Category</r:TypeOfObject>
       </r:CategoryReference><r:Value>6</r:Value></l:Code>
       <l:Code><r:URN>urn:ddi:a.b:CL-CORE.C2:2</r:URN><r:CategoryReference>
         <r:URN>urn:ddi:a.b:CAT-CORE-7:2</r:URN><r:TypeOfObject>Category</r:TypeOfObject>
       </r:CategoryReference><r:Value>7</r:Value></l:Code>
     </l:CodeList></Fragment>
     <Fragment><cm:Comparison><r:Agency>a.b</r:Agency><r:ID>CMP</r:ID><r:Version>1</r:Version>
       <cm:VariableMap><r:URN>urn:ddi:a.b:VM:1</r:URN><cm:ItemMap><r:URN>urn:ddi:a.b:VM.I1:1</r:URN>
         <cm:SourceItemReference><r:URN>urn:ddi:a.b:V-EC:1</r:URN>
           <r:TypeOfObject>Variable</r:TypeOfObject></cm:SourceItemReference>
         <cm:TargetItemReference><r:URN>urn:ddi:a.b:V-CORE:2</r:URN>
           <r:TypeOfObject>Variable</r:TypeOfObject></cm:TargetItemReference>
       </cm:ItemMap></cm:VariableMap>
       <cm:CategoryMap><r:URN>urn:ddi:a.b:MAP:1</r:URN>
         <cm:ItemMap alias="EC07"><r:URN>urn:ddi:a.b:MAP.IM07:1</r:URN>
           <cm:SourceItemReference><r:URN>urn:ddi:a.b:CAT-EC-1:1</r:URN>
             <r:TypeOfObject>Category</r:TypeOfObject></cm:SourceItemReference>
           <cm:TargetItemReference><r:URN>urn:ddi:a.b:CAT-CORE-6:2</r:URN>
             <r:TypeOfObject>Category</r:TypeOfObject></cm:TargetItemReference>
           <cm:TargetItemReference><r:URN>urn:ddi:a.b:CAT-CORE-7:2</r:URN>
             <r:TypeOfObject>Category</r:TypeOfObject></cm:TargetItemReference>
           <cm:Correspondence><cm:CommonalityTypeCoded>Medium</cm:CommonalityTypeCoded>
             <cm:CommonalityWeight>0.5</cm:CommonalityWeight>
             <r:UserDefinedCorrespondenceProperty><r:AttributeKey>mappingCardinality</r:AttributeKey>
               <r:AttributeValue>one-to-many</r:AttributeValue></r:UserDefinedCorrespondenceProperty>
             <r:UserDefinedCorrespondenceProperty><r:AttributeKey>harmonisationStatus</r:AttributeKey>
               <r:AttributeValue>partial</r:AttributeValue></r:UserDefinedCorrespondenceProperty>
           </cm:Correspondence>
         </cm:ItemMap>
       </cm:CategoryMap>
     </cm:Comparison></Fragment>
    </FragmentInstance>"""
    package, report = read_ddi_lifecycle(_write(tmp_path, "example.xml", doc))
    # the three Category objects themselves are not in the file
    assert report.flatten(["code", "location.line"]) == [
        ["ddil-dangling-reference", 4],
        ["ddil-dangling-reference", 9],
        ["ddil-dangling-reference", 12],
    ]
    (cw,) = package.crosswalks
    assert cw.urn == Urn("a.b", "CMP", "1")
    assert [(a.sources, a.targets) for a in cw.associations] == [(("07",), ("6", "7"))]
    assert cw.associations[0].comparability.commonality_weight == 0.5


def test_unversioned_reference_resolves_to_latest_and_is_reported(tmp_path: Path) -> None:
    doc = f"""<FragmentInstance xmlns="ddi:instance:3_3" {R} xmlns:d="ddi:datacollection:3_3"
      xmlns:l="ddi:logicalproduct:3_3">
     <Fragment><l:CodeList><r:URN>urn:ddi:a.b:CL:1.0.0</r:URN></l:CodeList></Fragment>
     <Fragment><l:CodeList><r:URN>urn:ddi:a.b:CL:1.10.0</r:URN></l:CodeList></Fragment>
     <Fragment><l:CodeList><r:URN>urn:ddi:a.b:CL:1.9.0</r:URN></l:CodeList></Fragment>
     <Fragment><d:QuestionItem><r:URN>urn:ddi:a.b:Q:1</r:URN>
       <d:CodeDomain><r:CodeListReference lateBound="true"><r:Agency>a.b</r:Agency><r:ID>CL</r:ID>
         <r:Version>1.0.0</r:Version><r:TypeOfObject>CodeList</r:TypeOfObject>
       </r:CodeListReference></d:CodeDomain></d:QuestionItem></Fragment>
    </FragmentInstance>"""
    package, report = read_ddi_lifecycle(_write(tmp_path, "late.xml", doc))
    assert report.flatten(["code", "location.line"]) == [["ddil-late-bound-reference", 7]]
    (question,) = package.questions
    assert question.response_domain.kind is ResponseDomainKind.CODE
    assert question.response_domain.code_list == Urn("a.b", "CL", "1.10.0")


def test_reads_ddi_lifecycle_3_2_namespaces(package: MetadataPackage, tmp_path: Path) -> None:
    data = ddi_lifecycle_bytes(package).decode("utf-8").replace(":3_3", ":3_2")
    read, report = read_ddi_lifecycle(_write(tmp_path, "v32.xml", data))
    assert report.flatten(["code"]) == []
    assert read.source_format is SourceFormat.DDI_LIFECYCLE_3_2
    assert read.model_copy(update={"source_format": package.source_format}) == package


def test_instrument_modules_and_instructions_from_constructs(tmp_path: Path) -> None:
    """Questions get module/position from the flow, and instructions placed on constructs."""
    doc = f"""<FragmentInstance xmlns="ddi:instance:3_3" {R} xmlns:d="ddi:datacollection:3_3">
     <Fragment><d:InterviewerInstructionScheme><r:URN>urn:ddi:a.b:IIS:1</r:URN>
       <d:Instruction><r:URN>urn:ddi:a.b:I1:1</r:URN><d:InstructionText><d:LiteralText>
         <d:Text xml:lang="fr">Lire</d:Text></d:LiteralText></d:InstructionText></d:Instruction>
     </d:InterviewerInstructionScheme></Fragment>
     <Fragment><d:QuestionScheme><r:URN>urn:ddi:a.b:QS:1</r:URN>
       <d:QuestionItem><r:URN>urn:ddi:a.b:Q1:1</r:URN><d:QuestionText><d:LiteralText>
         <d:Text xml:lang="fr">Âge ?</d:Text></d:LiteralText></d:QuestionText></d:QuestionItem>
       <d:QuestionItem><r:URN>urn:ddi:a.b:Q2:1</r:URN></d:QuestionItem>
     </d:QuestionScheme></Fragment>
     <Fragment><d:ControlConstructScheme><r:URN>urn:ddi:a.b:CCS:1</r:URN>
       <d:Sequence><r:URN>urn:ddi:a.b:TOP:1</r:URN>
         <d:ControlConstructReference><r:URN>urn:ddi:a.b:S1:1</r:URN>
           <r:TypeOfObject>Sequence</r:TypeOfObject></d:ControlConstructReference></d:Sequence>
       <d:Sequence><r:URN>urn:ddi:a.b:S1:1</r:URN>
         <d:ConstructName><r:String>M1</r:String></d:ConstructName>
         <d:ControlConstructReference><r:URN>urn:ddi:a.b:IF:1</r:URN>
           <r:TypeOfObject>IfThenElse</r:TypeOfObject></d:ControlConstructReference>
         <d:ControlConstructReference><r:URN>urn:ddi:a.b:QC1:1</r:URN>
           <r:TypeOfObject>QuestionConstruct</r:TypeOfObject></d:ControlConstructReference>
       </d:Sequence>
       <d:IfThenElse><r:URN>urn:ddi:a.b:IF:1</r:URN>
         <d:ThenConstructReference><r:URN>urn:ddi:a.b:QC2:1</r:URN>
           <r:TypeOfObject>QuestionConstruct</r:TypeOfObject></d:ThenConstructReference>
       </d:IfThenElse>
       <d:QuestionConstruct><r:URN>urn:ddi:a.b:QC1:1</r:URN>
         <d:InterviewerInstructionReference><r:URN>urn:ddi:a.b:I1:1</r:URN>
           <r:TypeOfObject>Instruction</r:TypeOfObject></d:InterviewerInstructionReference>
         <r:QuestionReference><r:URN>urn:ddi:a.b:Q1:1</r:URN>
           <r:TypeOfObject>QuestionItem</r:TypeOfObject></r:QuestionReference>
       </d:QuestionConstruct>
       <d:QuestionConstruct><r:URN>urn:ddi:a.b:QC2:1</r:URN>
         <r:QuestionReference><r:URN>urn:ddi:a.b:Q2:1</r:URN>
           <r:TypeOfObject>QuestionItem</r:TypeOfObject></r:QuestionReference>
       </d:QuestionConstruct>
     </d:ControlConstructScheme></Fragment>
     <Fragment><d:InstrumentScheme><r:URN>urn:ddi:a.b:INS:1</r:URN>
       <d:Instrument><r:URN>urn:ddi:a.b:IN:1</r:URN>
         <d:ControlConstructReference><r:URN>urn:ddi:a.b:TOP:1</r:URN>
           <r:TypeOfObject>Sequence</r:TypeOfObject></d:ControlConstructReference>
       </d:Instrument></d:InstrumentScheme></Fragment>
    </FragmentInstance>"""
    package, report = read_ddi_lifecycle(_write(tmp_path, "flow.xml", doc))
    assert report.flatten(["code"]) == []
    (instrument,) = package.instruments
    assert [(m.name, [q.id for q in m.questions]) for m in instrument.modules] == [
        ("M1", ["Q2", "Q1"])
    ]
    q1, q2 = package.questions
    assert (q1.module, q1.sequence, q2.sequence) == ("M1", 2, 1)
    assert q1.interviewer_instructions.root == {"fr": "Lire"}
    assert q1.text.root == {"fr": "Âge ?"}


@pytest.mark.parametrize("kind", list(ResponseDomainKind))
def test_every_response_domain_kind_round_trips(
    kind: ResponseDomainKind, package: MetadataPackage, tmp_path: Path
) -> None:
    q = package.questions[0]
    # numeric, text and date-time domains have no code list in DDI-L (STANDARDS.md §2.6)
    keeps_list = kind not in _NO_LIST
    domain = q.response_domain.model_copy(
        update={"kind": kind, "code_list": q.response_domain.code_list if keeps_list else None}
    )
    changed = package.model_copy(
        update={"questions": (q.model_copy(update={"response_domain": domain}),)}
    )
    read, _ = read_ddi_lifecycle(_write(tmp_path, "kind.xml", ddi_lifecycle_bytes(changed)))
    assert read.questions[0].response_domain == domain


def test_study_without_title_takes_the_instance_citation(tmp_path: Path) -> None:
    doc = f"""<DDIInstance xmlns="ddi:instance:3_3" {R} xmlns:s="ddi:studyunit:3_3">
      <r:URN>urn:ddi:a.b:INST:1</r:URN>
      <r:Citation><r:Title><r:String xml:lang="fr">Enquête</r:String></r:Title></r:Citation>
      <s:StudyUnit><r:URN>urn:ddi:a.b:SU:1</r:URN>
        <r:Abstract><r:Content xml:lang="fr">Résumé</r:Content></r:Abstract></s:StudyUnit>
    </DDIInstance>"""
    package, report = read_ddi_lifecycle(_write(tmp_path, "instance-title.xml", doc))
    assert report.flatten(["code"]) == []
    assert package.study is not None
    assert (package.study.title.root, package.study.abstract.root) == (
        {"fr": "Enquête"},
        {"fr": "Résumé"},
    )


@pytest.mark.parametrize("kind", [InstrumentKind.FOCUS_GROUP_GUIDE, InstrumentKind.INTERVIEW_GUIDE])
def test_qualitative_guide_round_trips(kind: InstrumentKind, schemas: Path, tmp_path: Path) -> None:
    """An Instrument of a qualitative kind with open TextDomain questions (no code lists)."""
    questions = tuple(
        Question(
            urn=Urn("org.example.migreg", f"QG-{i}", "1.0.0"),
            name=f"G{i}",
            text=LocalizedText({"en": f"Tell us about {i}", "sq": f"Na tregoni për {i}"}),
            response_domain=ResponseDomain(kind=ResponseDomainKind.TEXT),
            module="OPEN",
            sequence=i,
        )
        for i in (1, 2)
    )
    guide = Instrument(
        urn=Urn("org.example.migreg", "GUIDE-ALB", "1.0.0"),
        name="guide",
        kind=kind,
        modules=(Module(name="OPEN", questions=tuple(q.urn for q in questions)),),
        languages=("sq",),
    )
    package = MetadataPackage(
        source_format=SourceFormat.DDI_LIFECYCLE_3_3,
        agency="org.example.migreg",
        instruments=(guide,),
        questions=questions,
    )
    data = ddi_lifecycle_bytes(package)
    assert schema_errors(data, schemas / "ddi-lifecycle-3.3" / "instance.xsd") == []
    read, report = read_ddi_lifecycle(_write(tmp_path, "guide.xml", data))
    assert report.flatten(["code"]) == []
    assert read == package


def test_missing_value_attribute_marks_codes_missing(tmp_path: Path) -> None:
    doc = f"""<FragmentInstance xmlns="ddi:instance:3_3" {R} xmlns:d="ddi:datacollection:3_3"
      xmlns:l="ddi:logicalproduct:3_3">
     <Fragment><l:CodeList><r:URN>urn:ddi:a.b:CL:1</r:URN>
       <l:Code><r:URN>urn:ddi:a.b:CL.C1:1</r:URN><r:CategoryReference><r:URN>urn:ddi:a.b:C1:1</r:URN>
         <r:TypeOfObject>Category</r:TypeOfObject></r:CategoryReference><r:Value>1</r:Value></l:Code>
       <l:Code><r:URN>urn:ddi:a.b:CL.C2:1</r:URN><r:CategoryReference><r:URN>urn:ddi:a.b:C9:1</r:URN>
         <r:TypeOfObject>Category</r:TypeOfObject></r:CategoryReference><r:Value>99</r:Value></l:Code>
     </l:CodeList></Fragment>
     <Fragment><l:CategoryScheme><r:URN>urn:ddi:a.b:CS:1</r:URN>
       <l:Category><r:URN>urn:ddi:a.b:C1:1</r:URN></l:Category>
       <l:Category><r:URN>urn:ddi:a.b:C9:1</r:URN></l:Category></l:CategoryScheme></Fragment>
     <Fragment><d:QuestionItem><r:URN>urn:ddi:a.b:Q:1</r:URN>
       <d:CodeDomain missingValue="99"><r:CodeListReference><r:URN>urn:ddi:a.b:CL:1</r:URN>
         <r:TypeOfObject>CodeList</r:TypeOfObject></r:CodeListReference></d:CodeDomain>
     </d:QuestionItem></Fragment>
    </FragmentInstance>"""
    package, report = read_ddi_lifecycle(_write(tmp_path, "missing-value.xml", doc))
    assert report.flatten(["code"]) == []
    assert [(c.value, c.missing) for c in package.code_lists[0].codes] == [
        ("1", False),
        ("99", True),
    ]


def test_deprecated_urn_is_read_as_canonical(tmp_path: Path) -> None:
    doc = f"""<FragmentInstance xmlns="ddi:instance:3_3" {R} xmlns:l="ddi:logicalproduct:3_3">
     <Fragment><l:CodeList><r:URN typeOfIdentifier="Deprecated"
       >urn:ddi:us.mpc:CodeList:IPUMS_CL_EDU:1</r:URN></l:CodeList></Fragment>
     <Fragment><l:Category><r:URN>urn:ddi:us.mpc:CategoryScheme:CS:Category:C4:2</r:URN>
     </l:Category></Fragment>
    </FragmentInstance>"""
    package, report = read_ddi_lifecycle(_write(tmp_path, "deprecated-urn.xml", doc))
    assert report.flatten(["code"]) == []
    assert [str(cl.urn) for cl in package.code_lists] == ["urn:ddi:us.mpc:IPUMS_CL_EDU:1"]

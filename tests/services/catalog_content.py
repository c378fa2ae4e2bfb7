"""A small two-country registry built in memory, shared by the catalog and search tests.

Ecuador (Spanish) and Albania (Albanian) each ask about remittances and a parent abroad; both map
onto core variables through crosswalks, and the concepts carry labels in en, es and sq.
"""

from __future__ import annotations

import datetime as dt

from harmonise.model import (
    Category,
    Code,
    CodeAssociation,
    CodeList,
    Concept,
    ConceptScheme,
    CoreVariable,
    Crosswalk,
    CrosswalkVersionInfo,
    LocalizedText,
    MetadataPackage,
    Question,
    RuleType,
    Study,
    Urn,
    Variable,
)
from harmonise.services.catalog_items import CatalogContent, StudyContent

AG = "org.example.migreg"


def urn(item_id: str, version: str = "1.0.0") -> Urn:
    return Urn(AG, item_id, version)


def t(**texts: str) -> LocalizedText:
    return LocalizedText(dict(texts))


def yes_no(item_id: str, yes: LocalizedText, no: LocalizedText, version: str = "1.0.0") -> CodeList:
    return CodeList(
        urn=urn(item_id, version),
        name=item_id,
        codes=(
            Code(value="1", category=Category(label=yes)),
            Code(value="2", category=Category(label=no)),
            Code(value="98", category=Category(label=t(en="Don't know")), missing=True),
        ),
    )


SCHEME = ConceptScheme(
    urn=urn("CS-MIG"),
    label=t(en="Migration concepts", es="Conceptos de migración", sq="Konceptet e migracionit"),
    concepts=(
        Concept(
            urn=urn("C-REMIT"),
            label=t(en="Remittances", es="Remesas", sq="Remitancat"),
            scheme=urn("CS-MIG"),
        ),
        Concept(
            urn=urn("C-PARENT-ABROAD"),
            label=t(
                en="Parent living abroad",
                es="Padre o madre en el exterior",
                sq="Prind jashtë vendit",
            ),
            scheme=urn("CS-MIG"),
        ),
    ),
)


def core_package() -> MetadataPackage:
    cl = yes_no("CL-YESNO", t(en="Yes", es="Sí", sq="Po"), t(en="No", es="No", sq="Jo"))
    q_remit = Question(
        urn=urn("Q-REMIT"),
        name="MG10",
        text=t(en="Did this household receive money from abroad?"),
        concepts=(urn("C-REMIT"),),
        module="MG",
    )
    q_mother = Question(
        urn=urn("Q-MOTHER"),
        name="MG3",
        text=t(en="Does the child's mother live abroad?"),
        concepts=(urn("C-PARENT-ABROAD"),),
        module="MG",
    )
    return MetadataPackage(
        agency=AG,
        questions=(q_remit, q_mother),
        code_lists=(cl,),
        core_variables=(
            CoreVariable(
                urn=urn("CV-REMIT"),
                name="remit_received",
                label=t(en="Household received remittances", es="Hogar recibió remesas"),
                question=q_remit.urn,
                code_list=cl.urn,
                concepts=(urn("C-REMIT"),),
                module="MG",
            ),
            CoreVariable(
                urn=urn("CV-MOTHER"),
                name="mother_abroad",
                label=t(en="Mother lives abroad"),
                question=q_mother.urn,
                code_list=cl.urn,
                concepts=(urn("C-PARENT-ABROAD"),),
                module="MG",
            ),
        ),
    )


def study_package(
    country: str,
    study_id: str,
    version: str,
    lang: str,
    names: dict[str, str],
    labels: dict[str, str],
) -> MetadataPackage:
    yes = {"es": "Sí", "sq": "Po"}[lang]
    no = {"es": "No", "sq": "Jo"}[lang]
    cl = yes_no(f"{study_id}-CL-YN", t(**{lang: yes}), t(**{lang: no}), version)
    questions = tuple(
        Question(
            urn=urn(f"{study_id}-{key}-Q", version), name=names[key], text=t(**{lang: labels[key]})
        )
        for key in names
    )
    variables = tuple(
        Variable(
            urn=urn(f"{study_id}-{key}", version),
            name=names[key],
            label=t(**{lang: labels[key]}),
            question=urn(f"{study_id}-{key}-Q", version),
            code_list=cl.urn,
            study=urn(study_id, version),
        )
        for key in names
    )
    return MetadataPackage(
        agency=AG,
        study=Study(
            urn=urn(study_id, version),
            title=t(**{lang: f"Encuesta {study_id}" if lang == "es" else f"Anketa {study_id}"}),
            country=country,
            languages=(lang,),
        ),
        questions=questions,
        code_lists=(cl,),
        variables=variables,
    )


def crosswalk(
    study_id: str, key: str, core: str, version: str = "1.0.0", impossible: bool = False
) -> Crosswalk:
    rows = (
        (CodeAssociation(sources=("1",), targets=(), rule=RuleType.IMPOSSIBLE),)
        if impossible
        else (
            CodeAssociation(sources=("1",), targets=("1",), rule=RuleType.DIRECT),
            CodeAssociation(sources=("2",), targets=("2",), rule=RuleType.DIRECT),
        )
    )
    return Crosswalk(
        urn=urn(f"CW-{study_id}-{key}", "1.0.0"),
        label=t(en=f"{study_id} {key} to core"),
        source_variable=urn(f"{study_id}-{key}", version),
        target_variable=urn(core),
        study=urn(study_id, version),
        associations=rows,
        version_info=CrosswalkVersionInfo(author="test", date=dt.date(2025, 1, 1)),
    )


def sample_content(*, dangling: bool = False) -> CatalogContent:
    ecu = study_package(
        "ECU",
        "ECU-2025",
        "2.0.0",
        "es",
        {"REMIT": "p12", "MOTHER": "hl3"},
        {
            "REMIT": "¿El hogar recibió remesas del exterior?",
            "MOTHER": "¿La madre del niño vive en el extranjero?",
        },
    )
    alb = study_package(
        "ALB",
        "ALB-2025",
        "1.0.0",
        "sq",
        {"REMIT": "q7", "MOTHER": "hl30"},
        {
            "REMIT": "A ka marrë familja para nga jashtë?",
            "MOTHER": "A jeton nëna e fëmijës jashtë vendit?",
        },
    )
    alb_cws = (
        crosswalk("ALB-2025", "REMIT", "CV-REMIT"),
        crosswalk("ALB-2025", "MOTHER", "CV-MOTHER"),
    )
    if dangling:
        alb_cws = (*alb_cws, crosswalk("ALB-2025", "GHOST", "CV-NOWHERE"))
    return CatalogContent(
        core=core_package(),
        studies=(
            StudyContent(
                study_id="ECU-2025",
                version="2.0.0",
                package=ecu,
                crosswalks=(
                    crosswalk("ECU-2025", "REMIT", "CV-REMIT", "2.0.0"),
                    crosswalk("ECU-2025", "MOTHER", "CV-MOTHER", "2.0.0", impossible=True),
                ),
            ),
            StudyContent(study_id="ALB-2025", version="1.0.0", package=alb, crosswalks=alb_cws),
        ),
        concept_schemes=(SCHEME,),
    )

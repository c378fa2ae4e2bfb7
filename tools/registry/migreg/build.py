"""Build the registry's model objects from the content definitions.

Turns :mod:`migreg.core`, :mod:`migreg.countries` and :mod:`migreg.qualitative` into
``harmonise.model`` objects: the core package (DDI-L), each study version's codebook package
(DDI-C) with category frequencies computed from the synthetic microdata, the crosswalks, the
qualitative packages and the figure definitions. Writing them is :mod:`migreg.write`'s job.

URN conventions (all under agency ``org.example.migreg``, STANDARDS.md Appendix A):
core question ``CQ-<name>``, core variable ``CV-<var>``, core code list ``CL-...``, concept
``C-<slug>``, concept scheme ``CS-MIGREG``; a national variable ``<STUDY>-V-<name>`` at the study
version, its question ``<id>-Q`` and code list ``<id>-CL`` (the DDI-C contract); a crosswalk
``XW-<ISO3>-<core var>`` at the study version.
"""

from __future__ import annotations

import datetime as dt

import pandas as pd

from harmonise.model import (
    Category,
    CategoryFrequency,
    ChangeReason,
    Code,
    CodeAssociation,
    CodeList,
    CommonalityType,
    Comparability,
    Concept,
    ConceptScheme,
    CoreVariable,
    Crosswalk,
    CrosswalkVersionInfo,
    DataFile,
    Identifier,
    Instrument,
    InstrumentKind,
    LocalizedText,
    MatchSemantic,
    MetadataPackage,
    Module,
    Organization,
    Question,
    RepresentationKind,
    ResponseDomain,
    ResponseDomainKind,
    RuleType,
    SourceFormat,
    Study,
    StudyKind,
    SummaryStatistics,
    Universe,
    Urn,
    Variable,
    VariableGroup,
)
from harmonise.model.figure import FigureDefinition, Indicator, IndicatorType
from migreg import codelists as cl
from migreg.concepts import CONCEPTS
from migreg.core import DESIGN_VARIABLES, MODULES, QUESTIONS, UNIVERSES
from migreg.countries import ALBANIA, ECUADOR, CountryDef
from migreg.national import NationalVar, national_variables
from migreg.qualitative import GUIDES
from migreg.text import en, t

AGENCY = cl.AGENCY
CORE_VERSION = cl.CORE_VERSION
IRI_BASE = "https://id.example.org/migreg/"
SCHEME_URN = Urn(AGENCY, "CS-MIGREG", CORE_VERSION)
CORE_INSTRUMENT = Urn(AGENCY, "CORE-QUESTIONNAIRE", CORE_VERSION)

#: Study versions: (country, version, pre-test?).
STUDY_VERSIONS: tuple[tuple[CountryDef, str, bool], ...] = (
    (ECUADOR, "1.0.0", True),
    (ECUADOR, "2.0.0", False),
    (ALBANIA, "1.0.0", False),
)

DATA_FILE = "persons.sav"


def concept_urn(slug: str) -> Urn:
    """The URN of a programme concept."""
    return Urn(AGENCY, f"C-{slug}", CORE_VERSION)


def core_question_urn(name: str) -> Urn:
    """The URN of a core question."""
    return Urn(AGENCY, f"CQ-{name}", CORE_VERSION)


def core_variable_urn(var: str) -> Urn:
    """The URN of a core variable."""
    return Urn(AGENCY, f"CV-{var}", CORE_VERSION)


def universe_urn(key: str) -> Urn:
    """The URN of a managed core universe."""
    return Urn(AGENCY, f"U-{key}", CORE_VERSION)


# --- concepts and the core ------------------------------------------------------------------


def concept_scheme() -> ConceptScheme:
    """The programme's concept scheme (SKOS and DDI-L ``c:ConceptScheme``)."""
    concepts = tuple(
        Concept(
            urn=concept_urn(k.slug),
            label=k.label,
            definition=en(k.definition),
            broader=(concept_urn(k.broader),) if k.broader else (),
            scheme=SCHEME_URN,
        )
        for k in CONCEPTS
    )
    return ConceptScheme(
        urn=SCHEME_URN,
        label=t(
            "Migration and children left behind: programme concepts (illustrative)",
            "Migración y niñez que se queda: conceptos del programa (ilustrativo)",
            "Migrimi dhe fëmijët e lënë pas: konceptet e programit (ilustrues)",
        ),
        concepts=concepts,
    )


def _universe(key: str) -> Universe:
    u = UNIVERSES[key]
    return Universe(urn=universe_urn(key), text=u.text, condition=u.condition)


def core_package() -> MetadataPackage:
    """The common core: instrument, questions, code lists, core variables, concepts."""
    questions: list[Question] = []
    variables: list[CoreVariable] = []
    for seq, q in enumerate(QUESTIONS, start=1):
        code_list = q.code_list.urn() if q.code_list else None
        questions.append(
            Question(
                urn=core_question_urn(q.name),
                name=q.name,
                text=q.text,
                interviewer_instructions=q.instruction or LocalizedText(),
                response_domain=_domain(code_list, q.minimum, q.maximum, q.decimals, q.unit),
                universe=_universe(q.universe),
                concepts=(concept_urn(q.concept),),
                module=q.module,
                sequence=seq,
                reference_period=q.reference_period,
            )
        )
        variables.append(
            CoreVariable(
                urn=core_variable_urn(q.var),
                name=q.var,
                label=q.label,
                question=core_question_urn(q.name),
                code_list=code_list,
                representation=RepresentationKind.CODE if code_list else RepresentationKind.NUMERIC,
                decimals=q.decimals,
                interval="discrete",
                minimum=q.minimum,
                maximum=q.maximum,
                universe=_universe(q.universe),
                concepts=(concept_urn(q.concept),),
                module=q.module,
            )
        )
    for design in DESIGN_VARIABLES:
        variables.append(
            CoreVariable(
                urn=core_variable_urn(design.var),
                name=design.var,
                label=design.label,
                representation=RepresentationKind.NUMERIC,
                decimals=design.decimals,
                interval="contin" if design.is_weight else "discrete",
                concepts=(concept_urn(design.concept),),
                is_weight=design.is_weight,
                module="HH",
            )
        )
    modules = tuple(
        Module(
            name=code,
            label=label,
            questions=tuple(core_question_urn(q.name) for q in QUESTIONS if q.module == code),
        )
        for code, label in MODULES.items()
    )
    instrument = Instrument(
        urn=CORE_INSTRUMENT,
        name="CORE",
        label=t(
            "Common core questionnaire: migration and children left behind (illustrative, "
            "scaffolded on MICS)",
            "Cuestionario del núcleo común: migración y niñez que se queda (ilustrativo, basado "
            "en MICS)",
            "Pyetësori i bërthamës së përbashkët: migrimi dhe fëmijët e lënë pas (ilustrues, "
            "bazuar në MICS)",
        ),
        kind=InstrumentKind.QUESTIONNAIRE,
        modules=modules,
        languages=("en", "es", "sq"),
    )
    return MetadataPackage(
        source_format=SourceFormat.DDI_LIFECYCLE_3_3,
        agency=AGENCY,
        instruments=(instrument,),
        questions=tuple(questions),
        code_lists=tuple(d.to_model() for d in cl.CORE_CODE_LISTS),
        core_variables=tuple(variables),
        concept_schemes=(concept_scheme(),),
        universes=tuple(_universe(k) for k in UNIVERSES),
    )


def _domain(
    code_list: Urn | None,
    minimum: float | None,
    maximum: float | None,
    decimals: int,
    unit: str | None,
) -> ResponseDomain:
    if code_list is not None:
        return ResponseDomain(kind=ResponseDomainKind.CODE, code_list=code_list)
    return ResponseDomain(
        kind=ResponseDomainKind.NUMERIC,
        minimum=minimum,
        maximum=maximum,
        decimals=decimals,
        unit=unit,
    )


# --- studies ---------------------------------------------------------------------------------


def variable_urn(country: CountryDef, version: str, name: str) -> Urn:
    """The URN of a national variable in one study version."""
    return Urn(AGENCY, f"{country.study}-V-{name}", version)


def study_urn(country: CountryDef, version: str) -> Urn:
    """The URN of a study version."""
    return Urn(AGENCY, country.study, version)


_ORGS: dict[str, tuple[tuple[Organization, ...], tuple[Organization, ...]]] = {
    "ECU-2025": (
        (
            Organization(
                name="Oficina Nacional de Estadística y Censos (fictitious census office)",
                abbreviation="ONEC",
                role="producer",
            ),
        ),
        (
            Organization(
                name="Universidad Andina del Austro, Departamento de Población (fictitious)",
                abbreviation="UAA",
                role="partner: questionnaire adaptation and qualitative fieldwork",
            ),
            Organization(
                name="Fundación Niñez y Familia Sin Fronteras (fictitious NGO)",
                abbreviation="FNF",
                role="partner: focus groups with caregivers",
            ),
            Organization(
                name="Programme secretariat (illustrative)",
                abbreviation="MIGREG",
                role="funder",
            ),
        ),
    ),
    "ALB-2025": (
        (
            Organization(
                name="Instituti Kombëtar i Statistikave dhe Censusit (fictitious census office)",
                abbreviation="IKSC",
                role="producer",
            ),
        ),
        (
            Organization(
                name="Universiteti i Shkencave Sociale, Qendra për Studimet e Migracionit "
                "(fictitious)",
                abbreviation="USS",
                role="partner: questionnaire adaptation and qualitative fieldwork",
            ),
            Organization(
                name="Shoqata Fëmijët e Lidhur (fictitious NGO)",
                abbreviation="SHFL",
                role="partner: in-depth interviews with children and caregivers",
            ),
            Organization(
                name="Programme secretariat (illustrative)",
                abbreviation="MIGREG",
                role="funder",
            ),
        ),
    ),
}


def _study(country: CountryDef, version: str, pretest: bool, data: pd.DataFrame | None) -> Study:
    producers, partners = _ORGS[country.study]
    variables = national_variables(country, pretest)
    groups = tuple(
        VariableGroup(
            id=f"VG-{module}",
            name=module,
            label=MODULES[module],
            type="section",
            variables=tuple(v.name for v in variables if v.module == module),
        )
        for module in MODULES
        if any(v.module == module for v in variables)
    )
    files: tuple[DataFile, ...] = ()
    if data is not None:
        files = (
            DataFile(
                id="F1",
                name=DATA_FILE,
                uri=f"data/{DATA_FILE}",
                description=en(
                    "SYNTHETIC person-level microdata (household variables repeated on each "
                    "person row), generated by tools/registry; not real survey data."
                ),
                cases=len(data),
                variables=len(variables),
                format="SPSS",
            ),
        )
    if country is ECUADOR:
        title = LocalizedText(
            {
                "es": "Encuesta de Migración, Niñez y Hogares 2025"
                + (" - prueba piloto" if pretest else ""),
                "en": "Migration, Children and Households Survey 2025"
                + (" - pre-test" if pretest else "")
                + " (Ecuador; illustrative, synthetic)",
            }
        )
        sample = (
            "Pre-test: purposive sample of 120 households in Azuay and Pichincha, not "
            "representative; no data released."
            if pretest
            else "Two-stage stratified cluster sample: 250 census sectors selected with "
            "probability proportional to size in 6 provinces (strata: province x urban/rural), "
            "12 households per sector; provinces of high emigration (Azuay, Cañar, Loja, Morona "
            "Santiago) oversampled. Weights are expansion factors adjusted for non-response. "
            "ILLUSTRATIVE design of a synthetic data set."
        )
        start, end = (
            (dt.date(2024, 11, 4), dt.date(2024, 11, 15))
            if pretest
            else (dt.date(2025, 3, 3), dt.date(2025, 5, 30))
        )
        version_notes = (
            en("Pre-test questionnaire (1.0.0).")
            if pretest
            else en(
                "Final questionnaire (2.0.0) after the pre-test: reference period of remittance "
                "receipt shortened to 6 months; relationship code 10 split into domestic worker "
                "and other non-relative; question on the overland route (s4p07) added; Spanish "
                "wording revised."
            )
        )
    else:
        title = LocalizedText(
            {
                "sq": "Anketa e Migracionit, Fëmijëve dhe Ekonomive Familjare 2025",
                "en": "Migration, Children and Households Survey 2025 (Albania; illustrative, "
                "synthetic)",
            }
        )
        sample = (
            "Two-stage stratified cluster sample: 250 enumeration areas selected with "
            "probability proportional to size in the 12 prefectures (strata: prefecture x "
            "urban/rural), 12 dwellings per area. Weights are expansion factors adjusted for "
            "non-response. ILLUSTRATIVE design of a synthetic data set."
        )
        start, end = dt.date(2025, 4, 7), dt.date(2025, 6, 20)
        version_notes = en("First release.")
    return Study(
        urn=study_urn(country, version),
        title=title,
        identifiers=(
            Identifier(
                value=f"{country.iso3}_2025_MCH_v{version.split('.', maxsplit=1)[0].zfill(2)}",
                agency=AGENCY,
            ),
        ),
        country=country.iso3,
        nation=LocalizedText(
            {k: v for k, v in country.name.root.items() if k in ("en", country.lang)}
        ),
        year=2025,
        languages=(country.lang, "en"),
        kind=StudyKind.SURVEY,
        abstract=en(
            "ILLUSTRATIVE, SYNTHETIC study of the harmonise demonstration registry: a household "
            "survey on the impact of international migration on children and households left "
            "behind, adapting the programme's common core questionnaire (scaffolded on UNICEF "
            "MICS). No statistics office published it; all data are generated."
        ),
        producers=producers,
        partners=partners,
        series=en("Migration and children left behind programme (illustrative)"),
        version=version,
        version_date=end,
        version_notes=version_notes,
        sample_design=en(sample),
        collection_mode=en(
            "Face-to-face interview, computer-assisted (CAPI)"
            + ("; paper questionnaire in the pre-test" if pretest else "")
        ),
        fieldwork_start=start,
        fieldwork_end=end,
        universe=en("Private households and their usual members"),
        analysis_units=("household", "individual"),
        keywords=("migration", "remittances", "children left behind", "education", "care"),
        files=files,
        groups=groups,
    )


def _frequencies(var: NationalVar, column: pd.Series) -> tuple[CategoryFrequency, ...]:
    if var.code_list is None:
        return ()
    counts = column.value_counts(dropna=True)
    result = []
    for code in var.code_list.codes:
        result.append(
            CategoryFrequency(value=code.value, frequency=float(counts.get(float(code.value), 0)))
        )
    return tuple(result)


def _statistics(var: NationalVar, column: pd.Series) -> SummaryStatistics:
    missing_values = (
        {float(c.value) for c in var.code_list.codes if c.missing is not None}
        if var.code_list
        else set()
    )
    valid = column[column.notna() & ~column.isin(missing_values)]
    counts = SummaryStatistics(valid=float(len(valid)), invalid=float(len(column) - len(valid)))
    if var.code_list is not None or not len(valid):
        return counts
    return counts.model_copy(
        update={
            "minimum": float(valid.min()),
            "maximum": float(valid.max()),
            "mean": round(float(valid.mean()), 4),
        }
    )


def national_code_list(country: CountryDef, version: str, var: NationalVar) -> CodeList | None:
    """The code list of a national variable, with the URN the DDI-C contract gives it."""
    if var.code_list is None:
        return None
    urn = variable_urn(country, version, var.name)
    return CodeList(
        urn=Urn(AGENCY, urn.id + "-CL", version),
        name=var.code_list.name,
        label=var.code_list.label,
        codes=tuple(
            Code(
                value=c.value,
                category=Category(label=c.label),
                missing=c.missing is not None,
                missing_type=c.missing,
            )
            for c in var.code_list.codes
        ),
    )


def study_package(
    country: CountryDef, version: str, pretest: bool, data: pd.DataFrame | None
) -> MetadataPackage:
    """A study version as a codebook package (frequencies from ``data`` when given)."""
    study = _study(country, version, pretest, data)
    weight = country.design_names["weight_person"]
    questions: list[Question] = []
    variables: list[Variable] = []
    code_lists: list[CodeList] = []
    for seq, var in enumerate(national_variables(country, pretest), start=1):
        urn = variable_urn(country, version, var.name)
        code_list = national_code_list(country, version, var)
        if code_list is not None:
            code_lists.append(code_list)
        universe = (
            Universe(text=var.universe_text, condition=var.universe_condition)
            if var.universe_text
            else None
        )
        concepts = (concept_urn(var.concept),)
        question_urn = None
        if var.text is not None:
            question_urn = Urn(AGENCY, urn.id + "-Q", version)
            questions.append(
                Question(
                    urn=question_urn,
                    name=var.name.upper(),
                    text=var.text,
                    interviewer_instructions=var.instruction or LocalizedText(),
                    response_domain=_domain(
                        code_list.urn if code_list else None,
                        var.minimum,
                        var.maximum,
                        var.decimals,
                        None,
                    ),
                    universe=universe,
                    concepts=concepts,
                    module=var.module,
                    sequence=seq,
                    reference_period=var.reference_period,
                )
            )
        column = data[var.name] if data is not None else None
        core = var.core_var
        variables.append(
            Variable(
                urn=urn,
                name=var.name,
                label=var.label,
                question=question_urn,
                code_list=code_list.urn if code_list else None,
                representation=RepresentationKind.CODE if code_list else RepresentationKind.NUMERIC,
                decimals=var.decimals,
                interval="contin" if var.is_weight else "discrete",
                minimum=var.minimum,
                maximum=var.maximum,
                universe=universe,
                concepts=concepts,
                files=("F1",) if data is not None else (),
                statistics=_statistics(var, column) if column is not None else SummaryStatistics(),
                frequencies=_frequencies(var, column) if column is not None else (),
                is_weight=var.is_weight,
                weight_variable=None if var.is_weight else weight,
                represented_variable=core_variable_urn(core) if core else None,
                study=study.urn,
                notes=en("Country-specific question (no core counterpart).")
                if core is None
                else LocalizedText(),
            )
        )
    return MetadataPackage(
        source_format=SourceFormat.DDI_CODEBOOK_2_5,
        agency=AGENCY,
        study=study,
        questions=tuple(questions),
        code_lists=tuple(code_lists),
        variables=tuple(variables),
    )


# --- crosswalks ------------------------------------------------------------------------------

_COMMONALITY_WEIGHT = {"Identical": 1.0, "High": 0.8, "Medium": 0.6, "Low": 0.3, "None": 0.0}


def crosswalks(country: CountryDef, version: str, pretest: bool) -> list[Crosswalk]:
    """Every crosswalk of a study version: one per national variable with a core counterpart."""
    study = study_urn(country, version)
    previous_version = "1.0.0" if country is ECUADOR and not pretest else None
    issued = dt.date(2024, 12, 2) if pretest else dt.date(2025, 7, 15)
    result: list[Crosswalk] = []
    for var in national_variables(country, pretest):
        core = var.core_var
        if core is None:
            continue
        adaptation = var.adaptation
        core_list = var.core.code_list if var.core else None
        source_cl = national_code_list(country, version, var)
        if var.code_list is None:
            associations: tuple[CodeAssociation, ...] = (
                CodeAssociation(
                    rule=RuleType.DIRECT,
                    semantic=MatchSemantic.EXACT,
                    note=en("Numeric value copied unchanged."),
                ),
            )
        else:
            associations = tuple(
                CodeAssociation(
                    sources=a.sources,
                    targets=a.targets,
                    rule=a.rule,
                    semantic=a.semantic,
                    condition=a.condition,
                    note=en(a.note) if a.note else LocalizedText(),
                )
                for a in var.associations
            )
        kind = adaptation.commonality_type if adaptation else "Identical"
        commonality = (adaptation.commonality if adaptation else None) or (
            "Same question, same categories; wording translated."
            if var.code_list is not None
            else "Same question and unit; values copied."
        )
        difference = (adaptation.difference if adaptation else None) or (
            "Missing codes renumbered (98/99 in Ecuador for 8/9 in the core)."
            if country is ECUADOR and var.code_list is not None and core_list is not None
            else "None beyond translation."
        )
        change = adaptation.change if adaptation and not pretest else None
        if previous_version:
            reason, note = change or (
                ChangeReason.CORRECTION,
                "Re-pinned to the final questionnaire's variables (2.0.0); mapping unchanged.",
            )
            if var.name in ("s4p07",):
                reason, note = ChangeReason.INITIAL, "New question in the final questionnaire."
        else:
            reason, note = ChangeReason.INITIAL, "First version."
        cw_id = f"XW-{country.iso3}-{core}"
        previous = (
            Urn(AGENCY, cw_id, previous_version)
            if previous_version and reason is not ChangeReason.INITIAL
            else None
        )
        src_urn = variable_urn(country, version, var.name)
        missing_treatment = None
        if source_cl is not None and source_cl.missing_codes:
            missing_treatment = (
                "Don't know and no response map to the core's don't know and no response; "
                "system-missing (not in universe) stays missing."
            )
        result.append(
            Crosswalk(
                urn=Urn(AGENCY, cw_id, version),
                label=en(f"{country.name.best()} {var.name} to core {core}"),
                source_variable=src_urn,
                source_code_list=source_cl.urn if source_cl else None,
                target_variable=core_variable_urn(core),
                target_code_list=core_list.urn() if core_list else None,
                study=study,
                associations=associations,
                unmatched_targets=var.unmatched_targets,
                comparability=Comparability(
                    commonality=en(commonality),
                    difference=en(difference),
                    commonality_type=CommonalityType(kind),
                    commonality_weight=_COMMONALITY_WEIGHT[kind],
                ),
                missing_treatment=missing_treatment,
                version_info=CrosswalkVersionInfo(
                    author=f"{country.iso3} national team with the programme secretariat "
                    "(illustrative)",
                    date=issued,
                    reason=reason,
                    note=note,
                    previous=previous,
                ),
                issued=issued,
            )
        )
    return result


# --- qualitative instruments -----------------------------------------------------------------


def qualitative_package(country: CountryDef, version: str) -> MetadataPackage:
    """The focus-group and in-depth-interview guides of a country (DDI-L)."""
    lang = country.lang
    instruments: list[Instrument] = []
    questions: list[Question] = []
    for guide in GUIDES:
        inst_urn = Urn(AGENCY, f"{country.study}-{guide.id}", version)
        q_urns: list[Urn] = []
        for seq, (name, text) in enumerate(guide.questions, start=1):
            urn = Urn(AGENCY, f"{country.study}-{guide.id}-{name}", version)
            q_urns.append(urn)
            questions.append(
                Question(
                    urn=urn,
                    name=name,
                    text=LocalizedText({k: v for k, v in text.root.items() if k in ("en", lang)}),
                    response_domain=ResponseDomain(kind=ResponseDomainKind.TEXT),
                    universe=Universe(
                        text=LocalizedText(
                            {k: v for k, v in guide.participants.root.items() if k in ("en", lang)}
                        )
                    ),
                    concepts=tuple(concept_urn(s) for s in guide.concepts.get(name, ())),
                    module=guide.id,
                    sequence=seq,
                )
            )
        instruments.append(
            Instrument(
                urn=inst_urn,
                name=guide.id,
                label=LocalizedText(
                    {k: v for k, v in guide.title.root.items() if k in ("en", lang)}
                ),
                kind=guide.kind,
                modules=(Module(name=guide.id, label=guide.title, questions=tuple(q_urns)),),
                languages=(lang,),
            )
        )
    study = Study(
        urn=Urn(AGENCY, f"{country.study}-QUAL", version),
        title=en(
            f"Migration, Children and Households 2025 ({country.name.best()}): qualitative "
            "component (illustrative)"
        ),
        country=country.iso3,
        year=2025,
        languages=(lang,),
        kind=StudyKind.QUALITATIVE,
        abstract=en(
            "Focus groups with caregivers of children left behind and in-depth interviews with "
            "adolescents whose parents live abroad. ILLUSTRATIVE guides; no transcripts."
        ),
    )
    return MetadataPackage(
        source_format=SourceFormat.DDI_LIFECYCLE_3_3,
        agency=AGENCY,
        study=study,
        instruments=tuple(instruments),
        questions=tuple(questions),
    )


# --- figures ---------------------------------------------------------------------------------

_STUDIES = ("ECU-2025", "ALB-2025")
_CHILD_ABROAD = "mother_abroad == 1 or father_abroad == 1"


def figures() -> list[FigureDefinition]:
    """The published figures (definitions over core variables)."""
    return [
        FigureDefinition(
            id="FIG-CHILD-PARENT-ABROAD",
            title=t(
                "Children aged 0-17 with at least one parent abroad (%)",
                "Niños y niñas de 0 a 17 años con al menos un progenitor en el exterior (%)",
                "Fëmijët 0-17 vjeç me të paktën një prind jashtë vendit (%)",
            ),
            description=en(
                "Share of children under 18 whose biological mother or father lives in another "
                "country, by country. Weighted. Illustrative figure computed from synthetic data."
            ),
            universe="age < 18",
            indicator=Indicator(type=IndicatorType.PROPORTION, expression=_CHILD_ABROAD),
            weight="weight_person",
            studies=_STUDIES,
        ),
        FigureDefinition(
            id="FIG-CHILD-BOTH-PARENTS-ABROAD",
            title=t(
                "Children aged 0-17 with both parents abroad (%)",
                "Niños y niñas de 0 a 17 años con ambos progenitores en el exterior (%)",
                "Fëmijët 0-17 vjeç me të dy prindërit jashtë vendit (%)",
            ),
            description=en(
                "Share of children under 18 whose biological mother and father both live in "
                "another country, by country. Weighted. Illustrative (synthetic data)."
            ),
            universe="age < 18",
            indicator=Indicator(
                type=IndicatorType.PROPORTION,
                expression="mother_abroad == 1 and father_abroad == 1",
            ),
            weight="weight_person",
            studies=_STUDIES,
        ),
        FigureDefinition(
            id="FIG-SCHOOL-ATTEND-PARENT-ABROAD",
            title=t(
                "School attendance of children aged 5-17 with a parent abroad (%)",
                "Asistencia escolar de niños y niñas de 5 a 17 años con un progenitor en el "
                "exterior (%)",
                "Ndjekja e shkollës nga fëmijët 5-17 vjeç me një prind jashtë vendit (%)",
            ),
            description=en(
                "Share attending school in the current school year among children aged 5-17 "
                "with at least one parent abroad. Compare FIG-SCHOOL-ATTEND-NO-PARENT-ABROAD. "
                "Illustrative (synthetic data)."
            ),
            universe=f"age >= 5 and age < 18 and ({_CHILD_ABROAD})",
            indicator=Indicator(type=IndicatorType.PROPORTION, expression="school_attend == 1"),
            weight="weight_person",
            studies=_STUDIES,
        ),
        FigureDefinition(
            id="FIG-SCHOOL-ATTEND-NO-PARENT-ABROAD",
            title=t(
                "School attendance of children aged 5-17 without a parent abroad (%)",
                "Asistencia escolar de niños y niñas de 5 a 17 años sin progenitores en el "
                "exterior (%)",
                "Ndjekja e shkollës nga fëmijët 5-17 vjeç pa prind jashtë vendit (%)",
            ),
            description=en(
                "Share attending school in the current school year among children aged 5-17 "
                "with neither parent abroad. Illustrative (synthetic data)."
            ),
            universe="age >= 5 and age < 18 and mother_abroad == 2 and father_abroad == 2",
            indicator=Indicator(type=IndicatorType.PROPORTION, expression="school_attend == 1"),
            weight="weight_person",
            studies=_STUDIES,
        ),
        FigureDefinition(
            id="FIG-REMIT-HH-EDUCATION",
            title=t(
                "Remittance-receiving households spending remittances on education (%)",
                "Hogares receptores de remesas que las usan en educación (%)",
                "Ekonomi familjare që marrin remitanca dhe i përdorin për arsim (%)",
            ),
            description=en(
                "Share of households receiving remittances that spent part of them on "
                "education; one row per household (line 1). Albania asked about education or "
                "health together (partial mapping: an upper bound); Ecuador's receipt refers "
                "to 6 months. Illustrative (synthetic data)."
            ),
            universe="remit_receive == 1 and line_no == 1",
            indicator=Indicator(type=IndicatorType.PROPORTION, expression="remit_use_educ == 1"),
            weight="weight_hh",
            studies=_STUDIES,
        ),
        FigureDefinition(
            id="FIG-CHILDREN-PARENT-ABROAD-TOTAL",
            title=t(
                "Number of children aged 0-17 with at least one parent abroad",
                "Número de niños y niñas de 0 a 17 años con al menos un progenitor en el exterior",
                "Numri i fëmijëve 0-17 vjeç me të paktën një prind jashtë vendit",
            ),
            description=en(
                "Weighted population estimate (sum of person weights) of children under 18 "
                "with a parent abroad, by country. Illustrative (synthetic data and weights)."
            ),
            universe=f"age < 18 and ({_CHILD_ABROAD})",
            indicator=Indicator(type=IndicatorType.COUNT),
            weight="weight_person",
            studies=_STUDIES,
            decimals=0,
        ),
    ]

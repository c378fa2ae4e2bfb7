"""National adaptations of the core: Ecuador 2025 (es) and Albania 2025 (sq). ILLUSTRATIVE.

Each core question is adapted: translated wording, a national variable name, and the national
code list. By default a national list equals the core list with the country's own missing codes
(Ecuador writes 98/99 where the core writes 8/9) and the crosswalk is code-by-code exact.
:data:`ECUADOR` and :data:`ALBANIA` override that default where the countries really differ
(relationship lists, national education levels, remittance channels, a 6-month reference period,
an item that cannot be harmonised) and add country-specific questions.

Ecuador has two questionnaire versions: the pre-test (1.0.0) and the final one (2.0.0).
"""

# Content data: shorthand constructors take their fields positionally, like a table row.

from __future__ import annotations

from dataclasses import dataclass, field

from harmonise.model import ChangeReason, LocalizedText, MatchSemantic, RuleType
from migreg import codelists as cl
from migreg.codelists import CodeDef, CodeListDef
from migreg.core import QUESTIONS, QuestionDef
from migreg.text import t


def nt(en: str, national: str, lang: str) -> LocalizedText:
    """Text in English and the national language."""
    return LocalizedText({"en": en, lang: national})


@dataclass(frozen=True)
class AssocDef:
    """One crosswalk row: national code(s) to core code(s)."""

    sources: tuple[str, ...]
    targets: tuple[str, ...]
    rule: RuleType = RuleType.RECODE
    semantic: MatchSemantic | None = MatchSemantic.EXACT
    condition: str | None = None
    note: str | None = None


def a(
    sources: str | tuple[str, ...],
    targets: str | tuple[str, ...],
    semantic: MatchSemantic | None = MatchSemantic.EXACT,
    rule: RuleType = RuleType.RECODE,
    condition: str | None = None,
    note: str | None = None,
) -> AssocDef:
    """Shorthand for an :class:`AssocDef` (a single code may be given as a string)."""
    src = (sources,) if isinstance(sources, str) else sources
    tgt = (targets,) if isinstance(targets, str) else targets
    return AssocDef(src, tgt, rule, semantic, condition, note)


@dataclass(frozen=True)
class Adaptation:
    """How one country adapted one core question (fields left None follow the default)."""

    code_list: CodeListDef | None = None
    associations: tuple[AssocDef, ...] | None = None
    unmatched_targets: tuple[str, ...] = ()
    text: LocalizedText | None = None
    label: LocalizedText | None = None
    reference_period: str | None = None
    universe: str | None = None
    level: str | None = None
    commonality: str | None = None
    difference: str | None = None
    commonality_type: str = "Identical"
    #: Why the final version of this crosswalk differs from the pre-test one (Ecuador only).
    change: tuple[ChangeReason, str] | None = None


@dataclass(frozen=True)
class SpecificDef:
    """A country-specific question that has no core counterpart."""

    name: str
    after: str
    level: str
    concept: str
    label: LocalizedText
    text: LocalizedText
    code_list: CodeListDef | None = None
    minimum: float | None = None
    maximum: float | None = None
    universe: LocalizedText | None = None
    universe_condition: str | None = None


@dataclass(frozen=True)
class CountryDef:
    """A country's study: identity, naming, adaptations and country-specific questions."""

    study: str
    iso3: str
    lang: str
    name: LocalizedText
    names: dict[str, str]
    design_names: dict[str, str]
    one_digit_missing: tuple[str, str]
    adaptations: dict[str, Adaptation] = field(default_factory=dict)
    specific: tuple[SpecificDef, ...] = ()


# --- Ecuador --------------------------------------------------------------------------------

ES = "es"


def _cl(id_: str, name: str, label: LocalizedText, codes: tuple[CodeDef, ...]) -> CodeListDef:
    return CodeListDef(id_, name, label, codes)


def _nc(
    value: str, en: str, national: str, lang: str, missing: cl.MissingType | None = None
) -> CodeDef:
    return CodeDef(value, nt(en, national, lang), missing)


def _ecu_missing() -> tuple[CodeDef, CodeDef]:
    return (
        _nc("98", "Don't know", "No sabe", ES, cl.DK),
        _nc("99", "No response", "Sin respuesta", ES, cl.NR),
    )


ECU_REL = _cl(
    "ECU-REL",
    "parentesco",
    nt("Relationship to head", "Parentesco con el jefe/a del hogar", ES),
    (
        _nc("1", "Head", "Jefe/a del hogar", ES),
        _nc("2", "Spouse or partner", "Cónyuge o conviviente", ES),
        _nc("3", "Son or daughter", "Hijo/a", ES),
        _nc("4", "Stepchild", "Hijastro/a", ES),
        _nc("5", "Son- or daughter-in-law", "Yerno o nuera", ES),
        _nc("6", "Grandchild", "Nieto/a", ES),
        _nc("7", "Parent or parent-in-law", "Padre/madre o suegro/a", ES),
        _nc("8", "Brother or sister", "Hermano/a", ES),
        _nc("9", "Other relative", "Otro pariente", ES),
        _nc("10", "Domestic worker", "Empleado/a doméstico/a", ES),
        _nc("11", "Other non-relative", "Otro no pariente", ES),
        *_ecu_missing(),
    ),
)

ECU_REL_PRETEST = _cl(
    "ECU-REL-PRE",
    "parentesco",
    nt("Relationship to head", "Parentesco con el jefe/a del hogar", ES),
    (*ECU_REL.codes[:9], _nc("10", "Non-relative", "No pariente", ES), *_ecu_missing()),
)

ECU_REL_MAP = (
    a("1", "01"),
    a("2", "02"),
    a("3", "03"),
    a("4", "10", MatchSemantic.BROADER, note="Stepchild falls inside adopted/foster/stepchild."),
    a("5", "04"),
    a("6", "05"),
    a(
        "7",
        ("06", "07"),
        MatchSemantic.NARROWER,
        note="Ecuador does not distinguish a parent from a parent-in-law.",
    ),
    a("8", "08"),
    a("9", "09"),
    a(
        ("10", "11"),
        "11",
        MatchSemantic.BROADER,
        note="Domestic workers and other non-relatives are both not related.",
    ),
    a("98", "98"),
    a("99", "99"),
)

ECU_EDU = _cl(
    "ECU-NIVEL",
    "nivel_instruccion",
    nt("Highest level attended (national)", "Nivel de instrucción más alto al que asistió", ES),
    (
        _nc("1", "Literacy centre", "Centro de alfabetización", ES),
        _nc("2", "Initial education", "Educación inicial", ES),
        _nc(
            "3",
            "General basic education (EGB, grades 1-10)",
            "Educación General Básica (EGB, 1.º a 10.º)",
            ES,
        ),
        _nc("4", "Baccalaureate (bachillerato)", "Bachillerato", ES),
        _nc("5", "Higher technical or technological", "Superior técnico o tecnológico", ES),
        _nc("6", "Higher university (third level)", "Superior universitario (tercer nivel)", ES),
        _nc("7", "Postgraduate (fourth level)", "Posgrado (cuarto nivel)", ES),
        *_ecu_missing(),
    ),
)

ECU_EDU_MAP = (
    a(
        "1",
        "1",
        MatchSemantic.CLOSE,
        note="Adult literacy programmes are classified with primary education.",
    ),
    a("2", "0"),
    a(
        "3",
        "1",
        MatchSemantic.NARROWER,
        rule=RuleType.CASE_WHEN,
        condition="s3p03 <= 6",
        note="EGB grades 1-6 are ISCED 1; the grade completed (s3p03) decides.",
    ),
    a(
        "3",
        "2",
        MatchSemantic.NARROWER,
        rule=RuleType.CASE_WHEN,
        condition="s3p03 > 6",
        note="EGB grades 7-10 are ISCED 2; the grade completed (s3p03) decides.",
    ),
    a("4", "3"),
    a("5", "5"),
    a("6", "6"),
    a(
        "7",
        ("7", "8"),
        MatchSemantic.NARROWER,
        note="Fourth level covers master's and doctoral degrees.",
    ),
    a("98", "98"),
    a("99", "99"),
)

ECU_CHANNEL = _cl(
    "ECU-CANAL",
    "canal_remesas",
    nt("Remittance channel", "Medio por el que recibió las remesas", ES),
    (
        _nc("1", "Bank or credit cooperative", "Banco o cooperativa de ahorro y crédito", ES),
        _nc("2", "Remittance company or courier", "Empresa remesadora o courier", ES),
        _nc("3", "Brought by a relative or acquaintance", "Traído por un familiar o conocido", ES),
        _nc("4", "Other", "Otro", ES),
        *_ecu_missing(),
    ),
)

ECU_CHANNEL_MAP = (
    a("1", "1", MatchSemantic.BROADER, note="Credit cooperatives count as bank transfers."),
    a(
        "2",
        ("2", "4"),
        MatchSemantic.NARROWER,
        note="Couriers deliver both money-transfer-operator and postal remittances.",
    ),
    a("3", "5"),
    a("4", "6"),
    a("98", "8"),
    a("99", "9"),
)

ECUADOR = CountryDef(
    study="ECU-2025",
    iso3="ECU",
    lang=ES,
    name=t("Ecuador", "Ecuador", "Ekuadori"),
    names={
        "area": "area",
        "hh_size": "totper",
        "line_no": "s1p01",
        "rel_head": "s1p03",
        "sex": "s1p04",
        "age": "s1p05",
        "mother_alive": "s2p01",
        "mother_abroad": "s2p02",
        "father_alive": "s2p03",
        "father_abroad": "s2p04",
        "caregiver": "s2p05",
        "ever_school": "s3p01",
        "isced_level": "s3p02",
        "school_attend": "s3p04",
        "grade_repeat": "s3p05",
        "days_absent": "s3p06",
        "hh_member_abroad": "s4p01",
        "n_abroad": "s4p02",
        "dest_country": "s4p03",
        "migr_reason": "s4p04",
        "migr_year": "s4p05",
        "migr_sex": "s4p06",
        "return_migrant": "s4p08",
        "intend_migrate": "s4p09",
        "remit_receive": "s5p01",
        "remit_freq": "s5p02",
        "remit_amount": "s5p03",
        "remit_channel": "s5p04",
        "remit_use_food": "s5p05a",
        "remit_use_educ": "s5p05b",
        "remit_use_health": "s5p05c",
        "remit_use_house": "s5p05d",
        "remit_use_debt": "s5p05e",
        "remit_use_business": "s5p05f",
        "remit_main_use": "s5p06",
        "remit_inkind": "s5p07",
        "ill_2w": "s6p01",
        "care_sought": "s6p02",
        "health_insurance": "s6p03",
        "func_difficulty": "s6p04",
        "child_work_econ": "s7p01",
        "child_work_hours": "s7p02",
        "child_chores": "s7p03",
        "contact_freq": "s8p01",
        "parent_visit": "s8p02",
        "caregiver_change": "s8p03",
    },
    design_names={"hh_id": "id_hogar", "weight_hh": "fexp_hog", "weight_person": "fexp_per"},
    one_digit_missing=("98", "99"),
    adaptations={
        "rel_head": Adaptation(
            code_list=ECU_REL,
            associations=ECU_REL_MAP,
            commonality="Same question on the relationship to the household head.",
            difference="Ecuador merges parents with parents-in-law, adds domestic workers and "
            "numbers its codes without leading zeros.",
            commonality_type="High",
            change=(
                ChangeReason.CODE_LIST_CHANGE,
                "Code 10 split after the pre-test: domestic worker (10) and other "
                "non-relative (11).",
            ),
        ),
        "isced_level": Adaptation(
            code_list=ECU_EDU,
            associations=ECU_EDU_MAP,
            unmatched_targets=("4",),
            commonality="Highest level of education attended.",
            difference="National levels (LOEI 2011); General Basic Education spans ISCED 1 and 2 "
            "and is split by the grade completed; postgraduate covers ISCED 7 and 8; Ecuador has "
            "no post-secondary non-tertiary level (ISCED 4).",
            commonality_type="Medium",
        ),
        "remit_channel": Adaptation(
            code_list=ECU_CHANNEL,
            associations=ECU_CHANNEL_MAP,
            unmatched_targets=("3",),
            commonality="Channel through which remittances reached the household.",
            difference="Couriers deliver both transfer-operator and postal remittances; no "
            "mobile money category was offered.",
            commonality_type="Medium",
        ),
        "remit_receive": Adaptation(
            text=nt(
                "In the last 6 months, did this household receive money from anyone living in "
                "another country?",
                "En los últimos 6 meses, ¿este hogar recibió dinero de alguna persona que vive "
                "en otro país?",
                ES,
            ),
            label=nt(
                "Received remittances in the last 6 months",
                "Recibió remesas en los últimos 6 meses",
                ES,
            ),
            reference_period="P6M",
            associations=(
                a(
                    "1",
                    "1",
                    MatchSemantic.BROADER,
                    note="Money received in the last 6 months was received in the last 12.",
                ),
                a(
                    "2",
                    "2",
                    MatchSemantic.CLOSE,
                    note="A household without remittances in 6 months may have had some in 12.",
                ),
                a("98", "8"),
                a("99", "9"),
            ),
            commonality="Receipt of money from abroad by the household.",
            difference="Reference period is 6 months in Ecuador, 12 months in the core: the "
            "Ecuadorian share of receiving households is a lower bound.",
            commonality_type="Medium",
            change=(
                ChangeReason.CONCEPTUAL_CHANGE,
                "Reference period shortened from 12 to 6 months after the pre-test showed "
                "poor recall of irregular transfers.",
            ),
        ),
        "school_attend": Adaptation(
            change=(
                ChangeReason.TRANSLATION,
                "Spanish wording revised after the pre-test ('año lectivo' instead of "
                "'año escolar').",
            ),
        ),
        "caregiver": Adaptation(
            change=(ChangeReason.TYPO, "Typo in the Spanish label of code 6 corrected."),
        ),
    },
    specific=(
        SpecificDef(
            "provincia",
            "area",
            "hh",
            "region",
            nt("Province", "Provincia", ES),
            nt("Province of residence", "Provincia de residencia", ES),
            _cl(
                "ECU-PROV",
                "provincia",
                nt("Province", "Provincia", ES),
                (
                    _nc("1", "Azuay", "Azuay", ES),
                    _nc("3", "Cañar", "Cañar", ES),
                    _nc("9", "Guayas", "Guayas", ES),
                    _nc("11", "Loja", "Loja", ES),
                    _nc("14", "Morona Santiago", "Morona Santiago", ES),
                    _nc("17", "Pichincha", "Pichincha", ES),
                ),
            ),
        ),
        SpecificDef(
            "s1p06",
            "age",
            "person",
            "ethnicity",
            nt("Ethnic self-identification", "Autoidentificación étnica", ES),
            nt(
                "According to your culture and customs, how do you identify yourself?",
                "Según su cultura y costumbres, ¿cómo se identifica (nombre)?",
                ES,
            ),
            _cl(
                "ECU-ETNIA",
                "etnia",
                nt("Ethnicity", "Etnia", ES),
                (
                    _nc("1", "Indigenous", "Indígena", ES),
                    _nc("2", "Afro-Ecuadorian", "Afroecuatoriano/a", ES),
                    _nc("3", "Montubio", "Montubio/a", ES),
                    _nc("4", "Mestizo", "Mestizo/a", ES),
                    _nc("5", "White", "Blanco/a", ES),
                    _nc("6", "Other", "Otro/a", ES),
                    *_ecu_missing(),
                ),
            ),
        ),
        SpecificDef(
            "s3p03",
            "isced_level",
            "person",
            "grade-completed",
            nt("Grade completed in General Basic Education", "Año de EGB aprobado", ES),
            nt(
                "What is the last grade of General Basic Education (name) completed?",
                "¿Cuál es el último año de Educación General Básica que aprobó (nombre)?",
                ES,
            ),
            None,
            0,
            10,
            nt(
                "Children attending or having attended EGB",
                "Niños y niñas que asisten o asistieron a EGB",
                ES,
            ),
            "s3p02 == 3",
        ),
        SpecificDef(
            "s4p07",
            "migr_sex",
            "hh",
            "irregular-route",
            nt(
                "Migrant travelled overland without a visa",
                "El migrante viajó por tierra sin visa",
                ES,
            ),
            nt(
                "Did (migrant) travel overland through other countries without a visa?",
                "¿(Migrante) viajó por tierra a través de otros países sin visa?",
                ES,
            ),
            _cl(
                "ECU-SINO",
                "si_no",
                nt("Yes / no", "Sí / no", ES),
                (
                    _nc("1", "Yes", "Sí", ES),
                    _nc("2", "No", "No", ES),
                    *_ecu_missing(),
                ),
            ),
        ),
        SpecificDef(
            "s5p08",
            "remit_inkind",
            "hh",
            "social-transfers",
            nt("Receives the Human Development Bond", "Recibe el Bono de Desarrollo Humano", ES),
            nt(
                "Does anyone in this household receive the Human Development Bond (BDH)?",
                "¿Alguien en este hogar recibe el Bono de Desarrollo Humano (BDH)?",
                ES,
            ),
            _cl(
                "ECU-SINO-BDH",
                "si_no",
                nt("Yes / no", "Sí / no", ES),
                (
                    _nc("1", "Yes", "Sí", ES),
                    _nc("2", "No", "No", ES),
                    *_ecu_missing(),
                ),
            ),
        ),
    ),
)

#: Variables the Ecuadorian pre-test (1.0.0) did not have.
ECU_PRETEST_DROPPED = ("s4p07",)

# --- Albania --------------------------------------------------------------------------------

SQ = "sq"

ALB_REL = _cl(
    "ALB-REL",
    "lidhja",
    nt("Relationship to head", "Lidhja me kryefamiljarin", SQ),
    (
        _nc("1", "Head", "Kryefamiljari", SQ),
        _nc("2", "Spouse", "Bashkëshorti/bashkëshortja", SQ),
        _nc(
            "3",
            "Son or daughter (incl. adopted and stepchildren)",
            "Djali/vajza (përfshirë të birësuar dhe të thjeshtër)",
            SQ,
        ),
        _nc("4", "Daughter- or son-in-law", "Nusja/dhëndri", SQ),
        _nc("5", "Grandchild", "Nipi/mbesa", SQ),
        _nc("6", "Father or mother", "Babai/nëna", SQ),
        _nc("7", "Father- or mother-in-law", "Vjehrri/vjehrra", SQ),
        _nc("8", "Brother or sister", "Vëllai/motra", SQ),
        _nc("9", "Other relative", "I afërm tjetër", SQ),
        _nc("10", "Not related", "Jo i afërm", SQ),
        _nc("98", "Don't know", "Nuk e di", SQ, cl.DK),
        _nc("99", "No response", "Pa përgjigje", SQ, cl.NR),
    ),
)

ALB_REL_MAP = (
    a("1", "01"),
    a("2", "02"),
    a(
        "3",
        ("03", "10"),
        MatchSemantic.NARROWER,
        note="Albania counts adopted and stepchildren as sons and daughters.",
    ),
    a("4", "04"),
    a("5", "05"),
    a("6", "06"),
    a("7", "07"),
    a("8", "08"),
    a("9", "09"),
    a("10", "11"),
    a("98", "98"),
    a("99", "99"),
)

ALB_EDU = _cl(
    "ALB-ARSIMI",
    "niveli_arsimor",
    nt("Highest level attended (national)", "Niveli më i lartë arsimor i ndjekur", SQ),
    (
        _nc("1", "Pre-school", "Arsim parashkollor", SQ),
        _nc("2", "Primary (grades 1-5)", "Arsim fillor (klasat 1-5)", SQ),
        _nc("3", "Lower secondary (grades 6-9)", "Arsim i mesëm i ulët (klasat 6-9)", SQ),
        _nc(
            "4",
            "Upper secondary (general or vocational)",
            "Arsim i mesëm i lartë (i përgjithshëm ose profesional)",
            SQ,
        ),
        _nc("5", "Post-secondary vocational", "Arsim profesional pas të mesmit", SQ),
        _nc("6", "Bachelor", "Bachelor", SQ),
        _nc("7", "Master", "Master", SQ),
        _nc("8", "Doctorate", "Doktoraturë", SQ),
        _nc("98", "Don't know", "Nuk e di", SQ, cl.DK),
        _nc("99", "No response", "Pa përgjigje", SQ, cl.NR),
    ),
)

ALB_EDU_MAP = (
    a("1", "0"),
    a("2", "1"),
    a("3", "2"),
    a("4", "3"),
    a("5", "4"),
    a("6", "6"),
    a("7", "7"),
    a("8", "8"),
    a("98", "98"),
    a("99", "99"),
)

ALB_CHANNEL = _cl(
    "ALB-KANALI",
    "kanali",
    nt("Remittance channel", "Kanali i dërgimit të parave", SQ),
    (
        _nc("1", "Bank", "Bankë", SQ),
        _nc("2", "Money transfer agency", "Agjenci transferimi parash", SQ),
        _nc("3", "Albanian Post", "Posta Shqiptare", SQ),
        _nc("4", "Brought by the migrant", "Sjellë nga vetë emigranti", SQ),
        _nc(
            "5",
            "Brought by a bus or minibus driver",
            "Sjellë nga shoferi i autobusit ose furgonit",
            SQ,
        ),
        _nc("6", "Other", "Tjetër", SQ),
        _nc("8", "Don't know", "Nuk e di", SQ, cl.DK),
        _nc("9", "No response", "Pa përgjigje", SQ, cl.NR),
    ),
)

ALB_CHANNEL_MAP = (
    a("1", "1"),
    a("2", "2"),
    a("3", "4"),
    a(
        ("4", "5"),
        "5",
        MatchSemantic.BROADER,
        note="Money carried by the migrant or by a driver are both hand-carried.",
    ),
    a("6", "6"),
    a("8", "8"),
    a("9", "9"),
)

ALB_CONTACT_UNIVERSE = "hh_member_abroad == 1"

ALBANIA = CountryDef(
    study="ALB-2025",
    iso3="ALB",
    lang=SQ,
    name=t("Albania", "Albania", "Shqipëria"),
    names={
        "area": "zona",
        "hh_size": "nr_anetaresh",
        "line_no": "q101",
        "rel_head": "q103",
        "sex": "q104",
        "age": "q105",
        "mother_alive": "q201",
        "mother_abroad": "q202",
        "father_alive": "q203",
        "father_abroad": "q204",
        "caregiver": "q205",
        "hh_member_abroad": "q401",
        "n_abroad": "q402",
        "dest_country": "q403",
        "migr_reason": "q404",
        "migr_year": "q405",
        "migr_sex": "q406",
        "return_migrant": "q408",
        "intend_migrate": "q409",
        "remit_receive": "q501",
        "remit_freq": "q502",
        "remit_amount": "q503",
        "remit_channel": "q504",
        "remit_use_food": "q505",
        "remit_use_educ": "q506",
        "remit_use_house": "q507",
        "remit_use_debt": "q508",
        "remit_use_business": "q509",
        "remit_main_use": "q510",
        "remit_inkind": "q511",
        "remit_use_health": "q506b",
        "ever_school": "q301",
        "isced_level": "q302",
        "school_attend": "q303",
        "grade_repeat": "q304",
        "days_absent": "q305",
        "ill_2w": "q601",
        "care_sought": "q602",
        "health_insurance": "q603",
        "func_difficulty": "q604",
        "child_work_econ": "q701",
        "child_work_hours": "q702",
        "child_chores": "q703",
        "contact_freq": "q410",
        "parent_visit": "q206",
        "caregiver_change": "q207",
    },
    design_names={"hh_id": "hhid", "weight_hh": "pesha_ef", "weight_person": "pesha_ind"},
    one_digit_missing=("8", "9"),
    adaptations={
        "rel_head": Adaptation(
            code_list=ALB_REL,
            associations=ALB_REL_MAP,
            commonality="Same question on the relationship to the household head.",
            difference="Adopted and stepchildren are counted as sons and daughters.",
            commonality_type="High",
        ),
        "isced_level": Adaptation(
            code_list=ALB_EDU,
            associations=ALB_EDU_MAP,
            unmatched_targets=("5",),
            commonality="Highest level of education attended.",
            difference="National levels map one to one onto ISCED 2011; Albania has no "
            "short-cycle tertiary level (ISCED 5).",
            commonality_type="High",
        ),
        "remit_channel": Adaptation(
            code_list=ALB_CHANNEL,
            associations=ALB_CHANNEL_MAP,
            unmatched_targets=("3",),
            commonality="Channel through which remittances reached the household.",
            difference="Albania separates money carried by the migrant from money carried by "
            "bus drivers (common on the Greece route); no mobile money category.",
            commonality_type="High",
        ),
        "remit_use_educ": Adaptation(
            text=nt(
                "Was any of this money spent on education or health?",
                "A u shpenzua ndonjë pjesë e këtyre parave për arsim ose shëndetësi?",
                SQ,
            ),
            label=nt(
                "Remittances spent on education or health", "Remitanca për arsim ose shëndetësi", SQ
            ),
            associations=(
                a(
                    "1",
                    "1",
                    MatchSemantic.NARROWER,
                    note="'Education or health': a Yes may concern health only.",
                ),
                a(
                    "2",
                    "2",
                    MatchSemantic.EXACT,
                    note="Neither education nor health implies not education.",
                ),
                a("8", "8"),
                a("9", "9"),
            ),
            commonality="Use of remittances for education.",
            difference="Albania asks about education and health together: a Yes cannot be "
            "attributed to education alone, so the Albanian share is an upper bound.",
            commonality_type="Low",
        ),
        "remit_use_health": Adaptation(
            text=nt(
                "Was any of this money spent on education or health? (same item as q506)",
                "A u shpenzua ndonjë pjesë e këtyre parave për arsim ose shëndetësi? "
                "(e njëjta pyetje si q506)",
                SQ,
            ),
            label=nt(
                "Remittances spent on education or health (copy of q506)",
                "Remitanca për arsim ose shëndetësi (kopje e q506)",
                SQ,
            ),
            associations=(
                a(
                    "1",
                    "1",
                    MatchSemantic.NARROWER,
                    note="'Education or health': a Yes may concern education only.",
                ),
                a("2", "2"),
                a("8", "8"),
                a("9", "9"),
            ),
            commonality="Use of remittances for health.",
            difference="Albania asks about education and health together (q506 copied into "
            "q506b for processing); the Albanian share is an upper bound.",
            commonality_type="Low",
        ),
        "contact_freq": Adaptation(
            text=nt(
                "How often does someone in this household talk with (migrant)?",
                "Sa shpesh flet dikush nga kjo ekonomi familjare me (emigrantin)?",
                SQ,
            ),
            label=nt(
                "Household contact with the main migrant",
                "Kontakti i ekonomisë familjare me emigrantin kryesor",
                SQ,
            ),
            universe="mig_hh",
            level="hh",
            associations=tuple(
                a(
                    v,
                    (),
                    None,
                    RuleType.IMPOSSIBLE,
                    note="Household contact with the migrant says nothing about the child's "
                    "contact with the parent abroad.",
                )
                for v in ("1", "2", "3", "4", "5", "8", "9")
            ),
            unmatched_targets=("1", "2", "3", "4", "5", "8", "9"),
            commonality="Both ask about contact with a migrant.",
            difference="Albania asked the household about contact with the main migrant (who "
            "is not necessarily a parent), not each child about contact with the parent "
            "abroad: the core variable cannot be produced.",
            commonality_type="None",
        ),
    },
    specific=(
        SpecificDef(
            "qarku",
            "zona",
            "hh",
            "region",
            nt("Prefecture (qark)", "Qarku", SQ),
            nt("Prefecture of residence", "Qarku i banimit", SQ),
            _cl(
                "ALB-QARK",
                "qarku",
                nt("Prefecture", "Qarku", SQ),
                tuple(
                    _nc(code, name, name, SQ)
                    for code, name in (
                        ("1", "Berat"),
                        ("2", "Dibër"),
                        ("3", "Durrës"),
                        ("4", "Elbasan"),
                        ("5", "Fier"),
                        ("6", "Gjirokastër"),
                        ("7", "Korçë"),
                        ("8", "Kukës"),
                        ("9", "Lezhë"),
                        ("10", "Shkodër"),
                        ("11", "Tiranë"),
                        ("12", "Vlorë"),
                    )
                ),
            ),
        ),
        SpecificDef(
            "q407",
            "migr_sex",
            "hh",
            "seasonal-migration",
            nt("Migrant works abroad seasonally", "Emigranti punon jashtë sezonalisht", SQ),
            nt(
                "Does (migrant) work abroad only part of the year and come back?",
                "A punon (emigranti) jashtë vendit vetëm një pjesë të vitit dhe kthehet?",
                SQ,
            ),
            _cl(
                "ALB-PO-JO",
                "po_jo",
                nt("Yes / no", "Po / jo", SQ),
                (
                    _nc("1", "Yes", "Po", SQ),
                    _nc("2", "No", "Jo", SQ),
                    _nc("8", "Don't know", "Nuk e di", SQ, cl.DK),
                    _nc("9", "No response", "Pa përgjigje", SQ, cl.NR),
                ),
            ),
        ),
        SpecificDef(
            "q512",
            "remit_inkind",
            "hh",
            "social-transfers",
            nt("Receives economic assistance (Ndihma Ekonomike)", "Merr ndihmë ekonomike", SQ),
            nt(
                "Does this household receive economic assistance (Ndihma Ekonomike)?",
                "A merr kjo ekonomi familjare ndihmë ekonomike?",
                SQ,
            ),
            _cl(
                "ALB-PO-JO-NE",
                "po_jo",
                nt("Yes / no", "Po / jo", SQ),
                (
                    _nc("1", "Yes", "Po", SQ),
                    _nc("2", "No", "Jo", SQ),
                    _nc("8", "Don't know", "Nuk e di", SQ, cl.DK),
                    _nc("9", "No response", "Pa përgjigje", SQ, cl.NR),
                ),
            ),
        ),
        SpecificDef(
            "q513",
            "q512",
            "hh",
            "land-ownership",
            nt("Household owns agricultural land", "Ekonomia familjare zotëron tokë bujqësore", SQ),
            nt(
                "Does this household own or use agricultural land?",
                "A zotëron ose përdor kjo ekonomi familjare tokë bujqësore?",
                SQ,
            ),
            _cl(
                "ALB-PO-JO-TOKE",
                "po_jo",
                nt("Yes / no", "Po / jo", SQ),
                (
                    _nc("1", "Yes", "Po", SQ),
                    _nc("2", "No", "Jo", SQ),
                    _nc("8", "Don't know", "Nuk e di", SQ, cl.DK),
                    _nc("9", "No response", "Pa përgjigje", SQ, cl.NR),
                ),
            ),
        ),
        SpecificDef(
            "q306",
            "q305",
            "person",
            "foreign-language",
            nt("Child speaks Greek or Italian", "Fëmija flet greqisht ose italisht", SQ),
            nt(
                "Can (name) hold a conversation in Greek or Italian?",
                "A mund të bëjë (emri) një bisedë në greqisht ose italisht?",
                SQ,
            ),
            _cl(
                "ALB-PO-JO-GJUHE",
                "po_jo",
                nt("Yes / no", "Po / jo", SQ),
                (
                    _nc("1", "Yes", "Po", SQ),
                    _nc("2", "No", "Jo", SQ),
                    _nc("8", "Don't know", "Nuk e di", SQ, cl.DK),
                    _nc("9", "No response", "Pa përgjigje", SQ, cl.NR),
                ),
            ),
            universe=nt("Children aged 5-17", "Fëmijët 5-17 vjeç", SQ),
            universe_condition="q105 >= 5 and q105 < 18",
        ),
    ),
)

COUNTRIES: tuple[CountryDef, ...] = (ECUADOR, ALBANIA)


def core_question(var: str) -> QuestionDef:
    """The core question producing a core variable."""
    for question in QUESTIONS:
        if question.var == var:
            return question
    raise KeyError(var)

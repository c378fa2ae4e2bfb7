"""The common core questionnaire: modules, questions and core variables (ILLUSTRATIVE).

Scaffolded on UNICEF MICS naming (module prefix + number, STANDARDS.md §5.1) but NOT an official
MICS instrument: the migration (MG), remittance (RM) and care-and-contact (CC) modules are
invented for the programme (no MICS migration module exists, §5.2). Universes are written in the
project's safe expression form over core variable names, so figures and the engine can use them.
Wording in es and sq is an illustrative translation.
"""

# Content data: long trilingual strings stay on one line so each text reads as a unit.
# ruff: noqa: E501

from __future__ import annotations

from dataclasses import dataclass

from harmonise.model import LocalizedText
from migreg import codelists as cl
from migreg.text import t

#: Module code -> title.
MODULES: dict[str, LocalizedText] = {
    "HH": t(
        "Household information panel",
        "Panel de información del hogar",
        "Paneli i informacionit të ekonomisë familjare",
    ),
    "HL": t(
        "List of household members",
        "Lista de miembros del hogar",
        "Lista e anëtarëve të ekonomisë familjare",
    ),
    "PA": t(
        "Parents of children under 18",
        "Padres de los niños y niñas menores de 18 años",
        "Prindërit e fëmijëve nën 18 vjeç",
    ),
    "MG": t("International migration", "Migración internacional", "Migrimi ndërkombëtar"),
    "RM": t("Remittances", "Remesas", "Remitancat"),
    "ED": t("Education", "Educación", "Arsimi"),
    "HE": t("Child health", "Salud infantil", "Shëndeti i fëmijëve"),
    "CL": t("Child work", "Trabajo infantil", "Puna e fëmijëve"),
    "CC": t("Care and contact", "Cuidado y contacto", "Kujdesi dhe kontakti"),
}


@dataclass(frozen=True)
class UniverseDef:
    """Who is asked: a safe-expression condition (None = everyone) and a description."""

    key: str
    condition: str | None
    text: LocalizedText


UNIVERSES: dict[str, UniverseDef] = {
    u.key: u
    for u in (
        UniverseDef(
            "all",
            None,
            t(
                "All household members",
                "Todos los miembros del hogar",
                "Të gjithë anëtarët e ekonomisë familjare",
            ),
        ),
        UniverseDef(
            "hh",
            None,
            t(
                "All households (answered by the household head or another knowledgeable adult)",
                "Todos los hogares (responde el jefe/a u otro adulto informado)",
                "Të gjitha ekonomitë familjare (përgjigjet kryefamiljari ose një i rritur i informuar)",
            ),
        ),
        UniverseDef(
            "child",
            "age < 18",
            t("Children aged 0-17", "Niños y niñas de 0 a 17 años", "Fëmijët 0-17 vjeç"),
        ),
        UniverseDef(
            "child5",
            "age >= 5 and age < 18",
            t("Children aged 5-17", "Niños y niñas de 5 a 17 años", "Fëmijët 5-17 vjeç"),
        ),
        UniverseDef(
            "attended",
            "age >= 5 and age < 18 and ever_school == 1",
            t(
                "Children aged 5-17 who ever attended school",
                "Niños y niñas de 5 a 17 años que alguna vez asistieron a la escuela",
                "Fëmijët 5-17 vjeç që kanë ndjekur ndonjëherë shkollën",
            ),
        ),
        UniverseDef(
            "ill",
            "age < 18 and ill_2w == 1",
            t(
                "Children aged 0-17 ill in the last two weeks",
                "Niños y niñas de 0 a 17 años enfermos en las últimas dos semanas",
                "Fëmijët 0-17 vjeç të sëmurë në dy javët e fundit",
            ),
        ),
        UniverseDef(
            "worker",
            "age >= 5 and age < 18 and child_work_econ == 1",
            t(
                "Children aged 5-17 who worked in the last 7 days",
                "Niños y niñas de 5 a 17 años que trabajaron en los últimos 7 días",
                "Fëmijët 5-17 vjeç që kanë punuar në 7 ditët e fundit",
            ),
        ),
        UniverseDef(
            "parent_abroad",
            "age < 18 and (mother_abroad == 1 or father_abroad == 1)",
            t(
                "Children aged 0-17 with at least one parent abroad",
                "Niños y niñas de 0 a 17 años con al menos un progenitor en el exterior",
                "Fëmijët 0-17 vjeç me të paktën një prind jashtë vendit",
            ),
        ),
        UniverseDef(
            "mig_hh",
            "hh_member_abroad == 1",
            t(
                "Households with a former member living abroad",
                "Hogares con un ex miembro que vive en el exterior",
                "Ekonomi familjare me një ish-anëtar që jeton jashtë vendit",
            ),
        ),
        UniverseDef(
            "remit",
            "remit_receive == 1",
            t(
                "Households that received remittances",
                "Hogares que recibieron remesas",
                "Ekonomi familjare që kanë marrë remitanca",
            ),
        ),
    )
}


@dataclass(frozen=True)
class QuestionDef:
    """One core question and the core variable it produces.

    ``level`` is ``hh`` (asked once per household, repeated on person rows) or ``person``.
    ``kind`` is ``code`` (with ``code_list``) or ``numeric`` (with ``minimum``/``maximum``).
    """

    module: str
    name: str
    var: str
    level: str
    code_list: cl.CodeListDef | None
    universe: str
    concept: str
    label: LocalizedText
    text: LocalizedText
    instruction: LocalizedText | None = None
    minimum: float | None = None
    maximum: float | None = None
    decimals: int = 0
    reference_period: str | None = None
    unit: str | None = None

    @property
    def kind(self) -> str:
        """``code`` or ``numeric``."""
        return "code" if self.code_list is not None else "numeric"


YN = cl.YES_NO


def q(
    module: str,
    name: str,
    var: str,
    level: str,
    code_list: cl.CodeListDef | None,
    universe: str,
    concept: str,
    label: LocalizedText,
    text: LocalizedText,
    instruction: LocalizedText | None = None,
    **extra: object,
) -> QuestionDef:
    """Shorthand for a :class:`QuestionDef`."""
    return QuestionDef(
        module, name, var, level, code_list, universe, concept, label, text, instruction, **extra
    )


QUESTIONS: tuple[QuestionDef, ...] = (
    # HH -----------------------------------------------------------------------------------
    q(
        "HH",
        "HH6",
        "area",
        "hh",
        cl.AREA,
        "hh",
        "area-of-residence",
        t("Area of residence", "Área de residencia", "Zona e banimit"),
        t("Area (urban or rural)", "Área (urbana o rural)", "Zona (urbane apo rurale)"),
        t(
            "Copy from the sample listing; do not ask.",
            "Copie del listado de la muestra; no pregunte.",
            "Kopjojeni nga lista e kampionit; mos e pyetni.",
        ),
    ),
    q(
        "HH",
        "HH48",
        "hh_size",
        "hh",
        None,
        "hh",
        "household-size",
        t(
            "Number of household members",
            "Número de miembros del hogar",
            "Numri i anëtarëve të ekonomisë familjare",
        ),
        t(
            "Total number of household members",
            "Número total de miembros del hogar",
            "Numri gjithsej i anëtarëve të ekonomisë familjare",
        ),
        t(
            "Count the lines filled in the household list.",
            "Cuente las líneas llenas de la lista de miembros.",
            "Numëroni rreshtat e plotësuara në listën e anëtarëve.",
        ),
        minimum=1,
        maximum=30,
    ),
    # HL -----------------------------------------------------------------------------------
    q(
        "HL",
        "HL1",
        "line_no",
        "person",
        None,
        "all",
        "household-member",
        t("Line number", "Número de línea", "Numri i rreshtit"),
        t(
            "Line number of the household member",
            "Número de línea del miembro del hogar",
            "Numri i rreshtit të anëtarit",
        ),
        t(
            "The head of household is always line 01.",
            "El jefe/a del hogar es siempre la línea 01.",
            "Kryefamiljari është gjithmonë rreshti 01.",
        ),
        minimum=1,
        maximum=30,
    ),
    q(
        "HL",
        "HL3",
        "rel_head",
        "person",
        cl.RELATIONSHIP,
        "all",
        "relationship-to-head",
        t(
            "Relationship to household head",
            "Parentesco con el jefe/a del hogar",
            "Lidhja me kryefamiljarin",
        ),
        t(
            "What is the relationship of (name) to the head of household?",
            "¿Qué parentesco tiene (nombre) con el jefe/a del hogar?",
            "Çfarë lidhje ka (emri) me kryefamiljarin?",
        ),
    ),
    q(
        "HL",
        "HL4",
        "sex",
        "person",
        cl.SEX,
        "all",
        "sex",
        t("Sex", "Sexo", "Gjinia"),
        t(
            "Is (name) male or female?",
            "¿(Nombre) es hombre o mujer?",
            "(Emri) është mashkull apo femër?",
        ),
    ),
    q(
        "HL",
        "HL6",
        "age",
        "person",
        None,
        "all",
        "age",
        t("Age in completed years", "Edad en años cumplidos", "Mosha në vite të mbushura"),
        t("How old is (name)?", "¿Cuántos años cumplidos tiene (nombre)?", "Sa vjeç është (emri)?"),
        t(
            "Record 95 for 95 years or older. Probe with events when the age is not known.",
            "Anote 95 si 95 años o más. Indague con eventos si no se conoce la edad.",
            "Shënoni 95 për 95 vjeç e lart. Pyesni për ngjarje kur mosha nuk dihet.",
        ),
        minimum=0,
        maximum=95,
        unit="years",
    ),
    # PA -----------------------------------------------------------------------------------
    q(
        "PA",
        "PA1",
        "mother_alive",
        "person",
        YN,
        "child",
        "parental-survival",
        t("Biological mother alive", "Madre biológica viva", "Nëna biologjike gjallë"),
        t(
            "Is (name)'s natural mother alive?",
            "¿Está viva la madre biológica de (nombre)?",
            "A është gjallë nëna biologjike e (emrit)?",
        ),
    ),
    q(
        "PA",
        "PA2",
        "mother_abroad",
        "person",
        YN,
        "child",
        "mother-abroad",
        t(
            "Biological mother lives abroad",
            "Madre biológica vive en el exterior",
            "Nëna biologjike jeton jashtë vendit",
        ),
        t(
            "Does (name)'s natural mother live in another country?",
            "¿La madre biológica de (nombre) vive en otro país?",
            "A jeton nëna biologjike e (emrit) në një shtet tjetër?",
        ),
        t(
            "Record 2 (No) if the mother has died or lives in this country.",
            "Anote 2 (No) si la madre falleció o vive en el país.",
            "Shënoni 2 (Jo) nëse nëna ka vdekur ose jeton në vend.",
        ),
    ),
    q(
        "PA",
        "PA3",
        "father_alive",
        "person",
        YN,
        "child",
        "parental-survival",
        t("Biological father alive", "Padre biológico vivo", "Babai biologjik gjallë"),
        t(
            "Is (name)'s natural father alive?",
            "¿Está vivo el padre biológico de (nombre)?",
            "A është gjallë babai biologjik i (emrit)?",
        ),
    ),
    q(
        "PA",
        "PA4",
        "father_abroad",
        "person",
        YN,
        "child",
        "father-abroad",
        t(
            "Biological father lives abroad",
            "Padre biológico vive en el exterior",
            "Babai biologjik jeton jashtë vendit",
        ),
        t(
            "Does (name)'s natural father live in another country?",
            "¿El padre biológico de (nombre) vive en otro país?",
            "A jeton babai biologjik i (emrit) në një shtet tjetër?",
        ),
        t(
            "Record 2 (No) if the father has died or lives in this country.",
            "Anote 2 (No) si el padre falleció o vive en el país.",
            "Shënoni 2 (Jo) nëse babai ka vdekur ose jeton në vend.",
        ),
    ),
    q(
        "PA",
        "PA5",
        "caregiver",
        "person",
        cl.CAREGIVER,
        "child",
        "caregiver",
        t("Main caregiver", "Cuidador/a principal", "Kujdestari kryesor"),
        t(
            "Who mainly takes care of (name) in everyday life?",
            "¿Quién cuida principalmente a (nombre) en la vida diaria?",
            "Kush kujdeset kryesisht për (emrin) në jetën e përditshme?",
        ),
    ),
    # MG -----------------------------------------------------------------------------------
    q(
        "MG",
        "MG1",
        "hh_member_abroad",
        "hh",
        YN,
        "hh",
        "household-member-abroad",
        t(
            "Former household member lives abroad",
            "Ex miembro del hogar vive en el exterior",
            "Ish-anëtar i familjes jeton jashtë vendit",
        ),
        t(
            "Is there anyone who used to live in this household and now lives in another country?",
            "¿Hay alguna persona que vivía en este hogar y que ahora vive en otro país?",
            "A ka ndonjë person që jetonte në këtë ekonomi familjare dhe tani jeton në një shtet tjetër?",
        ),
        t(
            "Include persons who left at any time and are still abroad.",
            "Incluya a las personas que salieron en cualquier momento y siguen en el exterior.",
            "Përfshini personat që janë larguar në çdo kohë dhe janë ende jashtë vendit.",
        ),
    ),
    q(
        "MG",
        "MG2",
        "n_abroad",
        "hh",
        None,
        "mig_hh",
        "number-of-migrants",
        t(
            "Number of former members abroad",
            "Número de ex miembros en el exterior",
            "Numri i ish-anëtarëve jashtë vendit",
        ),
        t(
            "How many former members of this household live in another country now?",
            "¿Cuántos ex miembros de este hogar viven ahora en otro país?",
            "Sa ish-anëtarë të kësaj ekonomie familjare jetojnë tani në një shtet tjetër?",
        ),
        minimum=1,
        maximum=20,
    ),
    q(
        "MG",
        "MG3",
        "dest_country",
        "hh",
        cl.COUNTRY,
        "mig_hh",
        "destination-country",
        t(
            "Destination country of the main migrant",
            "País de destino del migrante principal",
            "Vendi i destinacionit të emigrantit kryesor",
        ),
        t(
            "In which country does (migrant) live now?",
            "¿En qué país vive ahora (migrante)?",
            "Në cilin shtet jeton tani (emigranti)?",
        ),
        t(
            "The main migrant is the one who left most recently.",
            "El migrante principal es quien salió más recientemente.",
            "Emigranti kryesor është ai që është larguar më së fundi.",
        ),
    ),
    q(
        "MG",
        "MG4",
        "migr_reason",
        "hh",
        cl.REASON,
        "mig_hh",
        "reason-for-migration",
        t(
            "Main reason for migration",
            "Motivo principal de la migración",
            "Arsyeja kryesore e migrimit",
        ),
        t(
            "What was the main reason (migrant) left?",
            "¿Cuál fue el motivo principal por el que (migrante) se fue?",
            "Cila ishte arsyeja kryesore që (emigranti) u largua?",
        ),
    ),
    q(
        "MG",
        "MG5",
        "migr_year",
        "hh",
        None,
        "mig_hh",
        "year-of-departure",
        t("Year of departure", "Año de salida", "Viti i largimit"),
        t(
            "In which year did (migrant) leave?",
            "¿En qué año salió (migrante)?",
            "Në cilin vit u largua (emigranti)?",
        ),
        minimum=1990,
        maximum=2025,
        unit="year",
    ),
    q(
        "MG",
        "MG6",
        "migr_sex",
        "hh",
        cl.SEX,
        "mig_hh",
        "migrant-sex",
        t("Sex of the main migrant", "Sexo del migrante principal", "Gjinia e emigrantit kryesor"),
        t(
            "Is (migrant) male or female?",
            "¿(Migrante) es hombre o mujer?",
            "(Emigranti) është mashkull apo femër?",
        ),
    ),
    q(
        "MG",
        "MG7",
        "return_migrant",
        "hh",
        YN,
        "hh",
        "return-migration",
        t(
            "Household has a return migrant",
            "Hogar con migrante retornado",
            "Ekonomi familjare me emigrant të kthyer",
        ),
        t(
            "Does any member of this household live here again after living abroad for 6 months or more?",
            "¿Algún miembro de este hogar vive aquí de nuevo después de haber vivido 6 meses o más en el exterior?",
            "A jeton përsëri këtu ndonjë anëtar i kësaj ekonomie familjare pasi ka jetuar 6 muaj ose më shumë jashtë vendit?",
        ),
    ),
    q(
        "MG",
        "MG8",
        "intend_migrate",
        "hh",
        YN,
        "hh",
        "migration-intention",
        t(
            "Member intends to migrate",
            "Miembro tiene intención de migrar",
            "Anëtar synon të emigrojë",
        ),
        t(
            "Does any member of this household plan to go to live abroad in the next 12 months?",
            "¿Algún miembro de este hogar planea irse a vivir al exterior en los próximos 12 meses?",
            "A planifikon ndonjë anëtar i kësaj ekonomie familjare të shkojë të jetojë jashtë vendit në 12 muajt e ardhshëm?",
        ),
        reference_period="P12M",
    ),
    # RM -----------------------------------------------------------------------------------
    q(
        "RM",
        "RM1",
        "remit_receive",
        "hh",
        YN,
        "hh",
        "remittance-receipt",
        t(
            "Received remittances in the last 12 months",
            "Recibió remesas en los últimos 12 meses",
            "Ka marrë remitanca në 12 muajt e fundit",
        ),
        t(
            "In the last 12 months, did this household receive money from anyone living in another country?",
            "En los últimos 12 meses, ¿este hogar recibió dinero de alguna persona que vive en otro país?",
            "Në 12 muajt e fundit, a ka marrë kjo ekonomi familjare para nga dikush që jeton në një shtet tjetër?",
        ),
        t(
            "Include money from former members and from other relatives or friends.",
            "Incluya el dinero de ex miembros y de otros parientes o amigos.",
            "Përfshini paratë nga ish-anëtarët dhe nga të afërm ose miq të tjerë.",
        ),
        reference_period="P12M",
    ),
    q(
        "RM",
        "RM2",
        "remit_freq",
        "hh",
        cl.FREQUENCY,
        "remit",
        "remittance-frequency",
        t("Frequency of remittances", "Frecuencia de las remesas", "Shpeshtësia e remitancave"),
        t(
            "How often does the household usually receive this money?",
            "¿Con qué frecuencia recibe el hogar este dinero?",
            "Sa shpesh e merr zakonisht ekonomia familjare këto para?",
        ),
    ),
    q(
        "RM",
        "RM3",
        "remit_amount",
        "hh",
        None,
        "remit",
        "remittance-amount",
        t(
            "Amount received in the last 12 months (USD)",
            "Monto recibido en los últimos 12 meses (USD)",
            "Shuma e marrë në 12 muajt e fundit (USD)",
        ),
        t(
            "In total, how much money did the household receive from abroad in the last 12 months?",
            "En total, ¿cuánto dinero recibió el hogar del exterior en los últimos 12 meses?",
            "Gjithsej, sa para ka marrë ekonomia familjare nga jashtë në 12 muajt e fundit?",
        ),
        t(
            "Convert to US dollars with the conversion card.",
            "Convierta a dólares con la tarjeta de conversión.",
            "Konvertojeni në dollarë me kartën e konvertimit.",
        ),
        minimum=0,
        maximum=100000,
        unit="USD",
        reference_period="P12M",
    ),
    q(
        "RM",
        "RM4",
        "remit_channel",
        "hh",
        cl.CHANNEL,
        "remit",
        "remittance-channel",
        t(
            "Main remittance channel",
            "Canal principal de las remesas",
            "Kanali kryesor i remitancave",
        ),
        t(
            "How did the money usually reach the household?",
            "¿Cómo llegó habitualmente el dinero al hogar?",
            "Si arrinin zakonisht paratë në ekonominë familjare?",
        ),
    ),
    q(
        "RM",
        "RM5A",
        "remit_use_food",
        "hh",
        YN,
        "remit",
        "remittance-use-consumption",
        t("Remittances spent on food", "Remesas usadas en alimentación", "Remitanca për ushqim"),
        t(
            "Was any of this money spent on food and daily needs?",
            "¿Se usó parte de este dinero en alimentación y necesidades diarias?",
            "A u shpenzua ndonjë pjesë e këtyre parave për ushqim dhe nevoja ditore?",
        ),
    ),
    q(
        "RM",
        "RM5B",
        "remit_use_educ",
        "hh",
        YN,
        "remit",
        "remittance-use-education",
        t("Remittances spent on education", "Remesas usadas en educación", "Remitanca për arsim"),
        t(
            "Was any of this money spent on education (fees, books, uniforms, transport to school)?",
            "¿Se usó parte de este dinero en educación (pensiones, libros, uniformes, transporte escolar)?",
            "A u shpenzua ndonjë pjesë e këtyre parave për arsim (tarifa, libra, uniforma, transport për në shkollë)?",
        ),
    ),
    q(
        "RM",
        "RM5C",
        "remit_use_health",
        "hh",
        YN,
        "remit",
        "remittance-use-health",
        t("Remittances spent on health", "Remesas usadas en salud", "Remitanca për shëndetësi"),
        t(
            "Was any of this money spent on health care or medicines?",
            "¿Se usó parte de este dinero en atención de salud o medicinas?",
            "A u shpenzua ndonjë pjesë e këtyre parave për kujdes shëndetësor ose ilaçe?",
        ),
    ),
    q(
        "RM",
        "RM5D",
        "remit_use_house",
        "hh",
        YN,
        "remit",
        "remittance-use-housing",
        t("Remittances spent on housing", "Remesas usadas en vivienda", "Remitanca për banesë"),
        t(
            "Was any of this money spent on building, repairing or renting a dwelling?",
            "¿Se usó parte de este dinero en construir, reparar o arrendar la vivienda?",
            "A u shpenzua ndonjë pjesë e këtyre parave për ndërtimin, riparimin ose qiranë e banesës?",
        ),
    ),
    q(
        "RM",
        "RM5E",
        "remit_use_debt",
        "hh",
        YN,
        "remit",
        "remittance-use-debt",
        t("Remittances spent on debts", "Remesas usadas en deudas", "Remitanca për borxhe"),
        t(
            "Was any of this money used to pay debts?",
            "¿Se usó parte de este dinero para pagar deudas?",
            "A u përdor ndonjë pjesë e këtyre parave për të shlyer borxhe?",
        ),
    ),
    q(
        "RM",
        "RM5F",
        "remit_use_business",
        "hh",
        YN,
        "remit",
        "remittance-use-business",
        t(
            "Remittances invested in a business",
            "Remesas invertidas en un negocio",
            "Remitanca të investuara në biznes",
        ),
        t(
            "Was any of this money invested in a business, land, livestock or a farm?",
            "¿Se invirtió parte de este dinero en un negocio, terreno, animales o finca?",
            "A u investua ndonjë pjesë e këtyre parave në biznes, tokë, bagëti ose fermë?",
        ),
    ),
    q(
        "RM",
        "RM6",
        "remit_main_use",
        "hh",
        cl.USE,
        "remit",
        "remittance-use",
        t(
            "Main use of remittances",
            "Uso principal de las remesas",
            "Përdorimi kryesor i remitancave",
        ),
        t(
            "On what was most of this money spent?",
            "¿En qué se gastó la mayor parte de este dinero?",
            "Për çfarë u shpenzua pjesa më e madhe e këtyre parave?",
        ),
    ),
    q(
        "RM",
        "RM7",
        "remit_inkind",
        "hh",
        YN,
        "hh",
        "in-kind-remittances",
        t(
            "Received goods from abroad",
            "Recibió bienes del exterior",
            "Ka marrë mallra nga jashtë",
        ),
        t(
            "In the last 12 months, did the household receive goods such as clothes, food or appliances from someone abroad?",
            "En los últimos 12 meses, ¿el hogar recibió bienes como ropa, alimentos o electrodomésticos de alguien en el exterior?",
            "Në 12 muajt e fundit, a ka marrë ekonomia familjare mallra si rroba, ushqime ose pajisje nga dikush jashtë vendit?",
        ),
        reference_period="P12M",
    ),
    # ED -----------------------------------------------------------------------------------
    q(
        "ED",
        "ED3",
        "ever_school",
        "person",
        YN,
        "child5",
        "ever-attended-school",
        t(
            "Ever attended school",
            "Asistió alguna vez a la escuela",
            "Ka ndjekur ndonjëherë shkollën",
        ),
        t(
            "Has (name) ever attended school or any early childhood education programme?",
            "¿(Nombre) ha asistido alguna vez a la escuela o a un programa de educación inicial?",
            "A ka ndjekur ndonjëherë (emri) shkollën ose ndonjë program të edukimit parashkollor?",
        ),
    ),
    q(
        "ED",
        "ED4",
        "isced_level",
        "person",
        cl.ISCED,
        "attended",
        "educational-attainment",
        t(
            "Highest level attended (ISCED 2011)",
            "Nivel más alto al que asistió (CINE 2011)",
            "Niveli më i lartë i ndjekur (ISCED 2011)",
        ),
        t(
            "What is the highest level of school (name) has attended?",
            "¿Cuál es el nivel más alto de estudios al que ha asistido (nombre)?",
            "Cili është niveli më i lartë i shkollës që ka ndjekur (emri)?",
        ),
        t(
            "Countries record the national level; it is mapped onto ISCED 2011 in the crosswalk.",
            "Los países registran el nivel nacional; se lleva a CINE 2011 en la tabla de correspondencia.",
            "Vendet regjistrojnë nivelin kombëtar; ai lidhet me ISCED 2011 në tabelën e korrespondencës.",
        ),
    ),
    q(
        "ED",
        "ED5",
        "school_attend",
        "person",
        YN,
        "attended",
        "school-attendance",
        t(
            "Attends school this school year",
            "Asiste a la escuela este año lectivo",
            "Ndjek shkollën këtë vit shkollor",
        ),
        t(
            "At any time during the current school year, did (name) attend school?",
            "En algún momento del año lectivo actual, ¿(nombre) asistió a la escuela?",
            "Në ndonjë moment gjatë vitit shkollor aktual, a ka ndjekur (emri) shkollën?",
        ),
    ),
    q(
        "ED",
        "ED6",
        "grade_repeat",
        "person",
        YN,
        "attended",
        "grade-repetition",
        t("Repeated a grade", "Repitió un grado", "Ka përsëritur klasën"),
        t(
            "Has (name) ever had to repeat a school year or grade?",
            "¿(Nombre) ha tenido que repetir algún año o grado escolar?",
            "A ka pasur nevojë (emri) të përsërisë ndonjë vit ose klasë shkollore?",
        ),
    ),
    q(
        "ED",
        "ED7",
        "days_absent",
        "person",
        None,
        "attended",
        "school-absence",
        t(
            "School days missed in the last 4 weeks",
            "Días de clase perdidos en las últimas 4 semanas",
            "Ditë shkolle të humbura në 4 javët e fundit",
        ),
        t(
            "In the last four school weeks, on how many days did (name) miss school?",
            "En las últimas cuatro semanas de clase, ¿cuántos días faltó (nombre) a la escuela?",
            "Në katër javët e fundit të shkollës, sa ditë ka munguar (emri) në shkollë?",
        ),
        minimum=0,
        maximum=20,
        unit="days",
    ),
    # HE -----------------------------------------------------------------------------------
    q(
        "HE",
        "HE1",
        "ill_2w",
        "person",
        YN,
        "child",
        "illness",
        t(
            "Ill in the last two weeks",
            "Enfermo en las últimas dos semanas",
            "I sëmurë në dy javët e fundit",
        ),
        t(
            "In the last two weeks, has (name) been ill or injured?",
            "En las últimas dos semanas, ¿(nombre) ha estado enfermo o lesionado?",
            "Në dy javët e fundit, a ka qenë (emri) i sëmurë ose i lënduar?",
        ),
        reference_period="P2W",
    ),
    q(
        "HE",
        "HE2",
        "care_sought",
        "person",
        YN,
        "ill",
        "care-seeking",
        t(
            "Sought advice or treatment",
            "Buscó consejo o tratamiento",
            "Ka kërkuar këshillë ose trajtim",
        ),
        t(
            "Did you seek advice or treatment for the illness from any health provider?",
            "¿Buscó consejo o tratamiento para la enfermedad en algún servicio de salud?",
            "A kërkuat këshillë ose trajtim për sëmundjen nga ndonjë ofrues shërbimi shëndetësor?",
        ),
    ),
    q(
        "HE",
        "HE3",
        "health_insurance",
        "person",
        YN,
        "child",
        "health-insurance",
        t(
            "Covered by health insurance",
            "Cubierto por seguro de salud",
            "I mbuluar me sigurim shëndetësor",
        ),
        t(
            "Is (name) covered by any health insurance?",
            "¿(Nombre) está cubierto por algún seguro de salud?",
            "A është (emri) i mbuluar nga ndonjë sigurim shëndetësor?",
        ),
    ),
    q(
        "HE",
        "HE4",
        "func_difficulty",
        "person",
        YN,
        "child",
        "functional-difficulty",
        t(
            "Has a functional difficulty",
            "Tiene una dificultad funcional",
            "Ka vështirësi funksionale",
        ),
        t(
            "Does (name) have a lot of difficulty, or cannot do at all, seeing, hearing, walking, learning or communicating?",
            "¿(Nombre) tiene mucha dificultad o no puede en absoluto ver, oír, caminar, aprender o comunicarse?",
            "A ka (emri) shumë vështirësi, ose nuk mund fare, të shohë, të dëgjojë, të ecë, të mësojë ose të komunikojë?",
        ),
        t(
            "Read each domain separately; record 1 if any answer is 'a lot of difficulty' or 'cannot do at all'.",
            "Lea cada dominio por separado; anote 1 si alguna respuesta es 'mucha dificultad' o 'no puede'.",
            "Lexojeni çdo fushë veç e veç; shënoni 1 nëse ndonjë përgjigje është 'shumë vështirësi' ose 'nuk mund fare'.",
        ),
    ),
    # CL -----------------------------------------------------------------------------------
    q(
        "CL",
        "CL1",
        "child_work_econ",
        "person",
        YN,
        "child5",
        "economic-activity",
        t(
            "Worked in the last 7 days",
            "Trabajó en los últimos 7 días",
            "Ka punuar në 7 ditët e fundit",
        ),
        t(
            "Since last (day of the week), did (name) do any work for pay, for a family business or on a farm?",
            "Desde el (día de la semana) pasado, ¿(nombre) hizo algún trabajo pagado, para un negocio familiar o en una finca?",
            "Që nga (dita e javës) e kaluar, a ka bërë (emri) ndonjë punë me pagesë, për një biznes familjar ose në fermë?",
        ),
        reference_period="P7D",
    ),
    q(
        "CL",
        "CL2",
        "child_work_hours",
        "person",
        None,
        "worker",
        "working-hours",
        t(
            "Hours worked in the last 7 days",
            "Horas trabajadas en los últimos 7 días",
            "Orët e punuara në 7 ditët e fundit",
        ),
        t(
            "How many hours did (name) work in total since last (day of the week)?",
            "¿Cuántas horas en total trabajó (nombre) desde el (día de la semana) pasado?",
            "Sa orë gjithsej ka punuar (emri) që nga (dita e javës) e kaluar?",
        ),
        minimum=0,
        maximum=98,
        unit="hours",
        reference_period="P7D",
    ),
    q(
        "CL",
        "CL3",
        "child_chores",
        "person",
        YN,
        "child5",
        "household-chores",
        t(
            "Did household chores in the last 7 days",
            "Hizo tareas domésticas en los últimos 7 días",
            "Ka bërë punë shtëpie në 7 ditët e fundit",
        ),
        t(
            "Since last (day of the week), did (name) cook, clean, fetch water or care for children or elderly in the household?",
            "Desde el (día de la semana) pasado, ¿(nombre) cocinó, limpió, acarreó agua o cuidó de niños o adultos mayores del hogar?",
            "Që nga (dita e javës) e kaluar, a ka gatuar, pastruar, mbartur ujë ose kujdesur për fëmijë ose të moshuar (emri)?",
        ),
        reference_period="P7D",
    ),
    # CC -----------------------------------------------------------------------------------
    q(
        "CC",
        "CC1",
        "contact_freq",
        "person",
        cl.CONTACT,
        "parent_abroad",
        "contact-with-migrant-parent",
        t(
            "Contact with the parent abroad",
            "Contacto con el progenitor en el exterior",
            "Kontakti me prindin jashtë vendit",
        ),
        t(
            "How often does (name) talk with (his/her) parent abroad, by phone, message or video?",
            "¿Con qué frecuencia habla (nombre) con su padre o madre en el exterior, por teléfono, mensaje o video?",
            "Sa shpesh flet (emri) me prindin e tij/saj jashtë vendit, me telefon, mesazh ose video?",
        ),
        t(
            "If both parents are abroad, ask about the parent with more frequent contact.",
            "Si ambos padres están en el exterior, pregunte por el de contacto más frecuente.",
            "Nëse të dy prindërit janë jashtë, pyesni për prindin me kontakt më të shpeshtë.",
        ),
    ),
    q(
        "CC",
        "CC2",
        "parent_visit",
        "person",
        YN,
        "parent_abroad",
        "parental-visit",
        t(
            "Parent abroad visited in the last 12 months",
            "El progenitor en el exterior visitó en los últimos 12 meses",
            "Prindi jashtë vendit ka ardhur për vizitë në 12 muajt e fundit",
        ),
        t(
            "In the last 12 months, did (name)'s parent who lives abroad come to visit?",
            "En los últimos 12 meses, ¿el padre o la madre de (nombre) que vive en el exterior vino de visita?",
            "Në 12 muajt e fundit, a ka ardhur për vizitë prindi i (emrit) që jeton jashtë vendit?",
        ),
        reference_period="P12M",
    ),
    q(
        "CC",
        "CC3",
        "caregiver_change",
        "person",
        YN,
        "parent_abroad",
        "change-of-caregiver",
        t(
            "Caregiver changed because of migration",
            "Cambió de cuidador/a por la migración",
            "Kujdestari ndryshoi për shkak të migrimit",
        ),
        t(
            "Did (name)'s main caregiver change when (his/her) parent went abroad?",
            "¿Cambió el cuidador/a principal de (nombre) cuando su padre o madre se fue al exterior?",
            "A ndryshoi kujdestari kryesor i (emrit) kur prindi i tij/saj shkoi jashtë vendit?",
        ),
    ),
)


@dataclass(frozen=True)
class DesignVariableDef:
    """A core variable no question asks: identifiers and weights."""

    var: str
    label: LocalizedText
    concept: str
    is_weight: bool = False
    decimals: int = 0


DESIGN_VARIABLES: tuple[DesignVariableDef, ...] = (
    DesignVariableDef(
        "hh_id",
        t("Household identifier", "Identificador del hogar", "Identifikuesi i ekonomisë familjare"),
        "household",
    ),
    DesignVariableDef(
        "weight_hh",
        t(
            "Household sampling weight",
            "Factor de expansión del hogar",
            "Pesha e kampionit për ekonominë familjare",
        ),
        "sampling-weight",
        True,
        4,
    ),
    DesignVariableDef(
        "weight_person",
        t(
            "Person sampling weight",
            "Factor de expansión de la persona",
            "Pesha e kampionit për personin",
        ),
        "sampling-weight",
        True,
        4,
    ),
)

"""The programme's concept scheme: what the core questions and variables are about.

SKOS concepts (STANDARDS.md §3.2) with labels in en, es and sq; definitions in English. IDs are
DDI-safe (``C-<slug>``) and double as the DDI URN ID (``dcterms:identifier``, §3.5). Broader
concepts form a shallow hierarchy inside the one scheme. ILLUSTRATIVE content; Spanish and
Albanian labels are illustrative translations.
"""

# Content data: shorthand constructors take their fields positionally, like a table row.

from __future__ import annotations

from dataclasses import dataclass

from harmonise.model import LocalizedText
from migreg.text import t


@dataclass(frozen=True)
class ConceptDef:
    """A concept: slug, trilingual label, English definition, slug of its broader concept."""

    slug: str
    label: LocalizedText
    definition: str
    broader: str | None = None

    @property
    def id(self) -> str:
        """DDI-safe ID."""
        return f"C-{self.slug}"


def k(
    slug: str, en: str, es: str, sq: str, definition: str, broader: str | None = None
) -> ConceptDef:
    """Shorthand for a :class:`ConceptDef`."""
    return ConceptDef(slug, t(en, es, sq), definition, broader)


CONCEPTS: tuple[ConceptDef, ...] = (
    # household and its members
    k(
        "household",
        "Household",
        "Hogar",
        "Ekonomia familjare",
        "A person or group of persons who live together and share meals and resources.",
    ),
    k(
        "household-member",
        "Household member",
        "Miembro del hogar",
        "Anëtar i ekonomisë familjare",
        "A person who usually lives in the household.",
        "household",
    ),
    k(
        "household-head",
        "Household head",
        "Jefe/a del hogar",
        "Kryefamiljari",
        "The member the household recognises as its head.",
        "household-member",
    ),
    k(
        "relationship-to-head",
        "Relationship to household head",
        "Parentesco con el jefe/a",
        "Lidhja me kryefamiljarin",
        "How a member is related to the household head.",
        "household-member",
    ),
    k(
        "sex",
        "Sex",
        "Sexo",
        "Gjinia",
        "Sex of a person as reported by the respondent.",
        "household-member",
    ),
    k("age", "Age", "Edad", "Mosha", "Age in completed years.", "household-member"),
    k(
        "area-of-residence",
        "Area of residence",
        "Área de residencia",
        "Zona e banimit",
        "Urban or rural classification of the dwelling's location.",
        "household",
    ),
    k(
        "household-size",
        "Household size",
        "Tamaño del hogar",
        "Madhësia e ekonomisë familjare",
        "Number of usual members of the household.",
        "household",
    ),
    k("region", "Region", "Región", "Rajoni", "Sub-national area of residence.", "household"),
    k(
        "ethnicity",
        "Ethnic self-identification",
        "Autoidentificación étnica",
        "Vetëidentifikimi etnik",
        "The ethnic group a person identifies with.",
        "household-member",
    ),
    # migration
    k(
        "international-migration",
        "International migration",
        "Migración internacional",
        "Migrimi ndërkombëtar",
        "A change of usual residence across an international border.",
    ),
    k(
        "household-member-abroad",
        "Household member abroad",
        "Miembro del hogar en el exterior",
        "Anëtar i familjes jashtë vendit",
        "A former usual member of the household who now lives in another country.",
        "international-migration",
    ),
    k(
        "number-of-migrants",
        "Number of migrants",
        "Número de migrantes",
        "Numri i emigrantëve",
        "How many former household members live abroad.",
        "household-member-abroad",
    ),
    k(
        "parent-abroad",
        "Parent abroad",
        "Padre o madre en el exterior",
        "Prind jashtë vendit",
        "A child's biological parent who lives in another country.",
        "international-migration",
    ),
    k(
        "mother-abroad",
        "Mother abroad",
        "Madre en el exterior",
        "Nëna jashtë vendit",
        "A child's biological mother lives in another country.",
        "parent-abroad",
    ),
    k(
        "father-abroad",
        "Father abroad",
        "Padre en el exterior",
        "Babai jashtë vendit",
        "A child's biological father lives in another country.",
        "parent-abroad",
    ),
    k(
        "parental-survival",
        "Parental survival",
        "Supervivencia de los padres",
        "Mbijetesa e prindërve",
        "Whether a child's biological parents are alive.",
    ),
    k(
        "children-left-behind",
        "Children left behind",
        "Niños y niñas que se quedan",
        "Fëmijët e lënë pas",
        "Children under 18 living in the country of origin while one or both parents live abroad.",
        "parent-abroad",
    ),
    k(
        "destination-country",
        "Destination country",
        "País de destino",
        "Vendi i destinacionit",
        "The country where the migrant lives now.",
        "international-migration",
    ),
    k(
        "reason-for-migration",
        "Reason for migration",
        "Motivo de la migración",
        "Arsyeja e migrimit",
        "The main reason the migrant left.",
        "international-migration",
    ),
    k(
        "year-of-departure",
        "Year of departure",
        "Año de salida",
        "Viti i largimit",
        "Calendar year in which the migrant left the country.",
        "international-migration",
    ),
    k(
        "migrant-sex",
        "Sex of migrant",
        "Sexo del migrante",
        "Gjinia e emigrantit",
        "Sex of the migrant former household member.",
        "international-migration",
    ),
    k(
        "return-migration",
        "Return migration",
        "Migración de retorno",
        "Migrimi i kthimit",
        "A household member who lived abroad for at least 6 months and came back.",
        "international-migration",
    ),
    k(
        "migration-intention",
        "Migration intention",
        "Intención de migrar",
        "Synimi për të emigruar",
        "A household member plans to move abroad within the next 12 months.",
        "international-migration",
    ),
    k(
        "irregular-route",
        "Irregular migration route",
        "Ruta migratoria irregular",
        "Rrugë e parregullt migrimi",
        "The migrant travelled overland without authorisation through transit countries.",
        "international-migration",
    ),
    k(
        "seasonal-migration",
        "Seasonal migration",
        "Migración estacional",
        "Migrimi sezonal",
        "Work abroad for part of the year with return to the household.",
        "international-migration",
    ),
    # remittances
    k(
        "remittances",
        "Remittances",
        "Remesas",
        "Remitancat",
        "Money or goods sent by migrants to households in the country of origin.",
    ),
    k(
        "remittance-receipt",
        "Remittance receipt",
        "Recepción de remesas",
        "Marrja e remitancave",
        "Whether the household received money from abroad in the reference period.",
        "remittances",
    ),
    k(
        "remittance-frequency",
        "Remittance frequency",
        "Frecuencia de las remesas",
        "Shpeshtësia e remitancave",
        "How often remittances arrive.",
        "remittances",
    ),
    k(
        "remittance-amount",
        "Remittance amount",
        "Monto de las remesas",
        "Shuma e remitancave",
        "Total money received from abroad in the reference period, in US dollars.",
        "remittances",
    ),
    k(
        "remittance-channel",
        "Remittance channel",
        "Canal de las remesas",
        "Kanali i remitancave",
        "How the money reached the household.",
        "remittances",
    ),
    k(
        "remittance-use",
        "Remittance use",
        "Uso de las remesas",
        "Përdorimi i remitancave",
        "What the household spent remittances on.",
        "remittances",
    ),
    k(
        "remittance-use-education",
        "Remittances spent on education",
        "Remesas usadas en educación",
        "Remitanca të përdorura për arsim",
        "Remittances paid for school fees, materials, uniforms or transport.",
        "remittance-use",
    ),
    k(
        "remittance-use-health",
        "Remittances spent on health",
        "Remesas usadas en salud",
        "Remitanca të përdorura për shëndetësi",
        "Remittances paid for medical care or medicines.",
        "remittance-use",
    ),
    k(
        "remittance-use-consumption",
        "Remittances spent on food and consumption",
        "Remesas usadas en alimentación y consumo",
        "Remitanca të përdorura për ushqim dhe konsum",
        "Remittances spent on food and daily needs.",
        "remittance-use",
    ),
    k(
        "remittance-use-housing",
        "Remittances spent on housing",
        "Remesas usadas en vivienda",
        "Remitanca të përdorura për banesë",
        "Remittances spent on building, repairing or renting a dwelling.",
        "remittance-use",
    ),
    k(
        "remittance-use-debt",
        "Remittances spent on debts",
        "Remesas usadas en deudas",
        "Remitanca të përdorura për borxhe",
        "Remittances used to repay loans, including migration debts.",
        "remittance-use",
    ),
    k(
        "remittance-use-business",
        "Remittances invested in a business",
        "Remesas invertidas en un negocio",
        "Remitanca të investuara në biznes",
        "Remittances invested in a business, farm, land or livestock.",
        "remittance-use",
    ),
    k(
        "in-kind-remittances",
        "In-kind remittances",
        "Remesas en especie",
        "Remitanca në natyrë",
        "Goods (clothes, appliances, food) sent by migrants.",
        "remittances",
    ),
    # care and contact
    k(
        "caregiver",
        "Caregiver",
        "Cuidador/a",
        "Kujdestari",
        "The person who mainly looks after the child day to day.",
    ),
    k(
        "change-of-caregiver",
        "Change of caregiver",
        "Cambio de cuidador/a",
        "Ndryshimi i kujdestarit",
        "The child's main caregiver changed because a parent migrated.",
        "caregiver",
    ),
    k(
        "contact-with-migrant-parent",
        "Contact with the migrant parent",
        "Contacto con el padre o la madre migrante",
        "Kontakti me prindin emigrant",
        "How often the child talks with the parent abroad by phone, message or video.",
        "parent-abroad",
    ),
    k(
        "parental-visit",
        "Visit of the migrant parent",
        "Visita del padre o madre migrante",
        "Vizita e prindit emigrant",
        "The parent abroad visited the child in the reference period.",
        "parent-abroad",
    ),
    # education
    k(
        "education",
        "Education",
        "Educación",
        "Arsimi",
        "Participation in and attainment of organised learning.",
    ),
    k(
        "ever-attended-school",
        "Ever attended school",
        "Asistencia escolar alguna vez",
        "Ka ndjekur ndonjëherë shkollën",
        "The person has ever attended school or preschool.",
        "education",
    ),
    k(
        "school-attendance",
        "School attendance",
        "Asistencia escolar",
        "Ndjekja e shkollës",
        "The child attends school in the current school year.",
        "education",
    ),
    k(
        "educational-attainment",
        "Educational level (ISCED 2011)",
        "Nivel educativo (CINE 2011)",
        "Niveli arsimor (ISCED 2011)",
        "Highest level attended, classified by ISCED 2011.",
        "education",
    ),
    k(
        "grade-repetition",
        "Grade repetition",
        "Repetición de grado",
        "Përsëritja e klasës",
        "The child repeated a grade in the current or previous school year.",
        "education",
    ),
    k(
        "school-absence",
        "School absence",
        "Ausentismo escolar",
        "Mungesa në shkollë",
        "School days missed in the last four school weeks.",
        "education",
    ),
    k(
        "grade-completed",
        "Grade completed",
        "Grado aprobado",
        "Klasa e përfunduar",
        "Highest grade completed within the national level.",
        "education",
    ),
    k(
        "foreign-language",
        "Foreign language skills",
        "Conocimiento de idiomas extranjeros",
        "Njohja e gjuhëve të huaja",
        "The child speaks the language of a destination country.",
        "education",
    ),
    # health
    k(
        "child-health",
        "Child health",
        "Salud infantil",
        "Shëndeti i fëmijës",
        "Health of children under 18.",
    ),
    k(
        "illness",
        "Illness",
        "Enfermedad",
        "Sëmundja",
        "Illness or injury in the last two weeks.",
        "child-health",
    ),
    k(
        "care-seeking",
        "Care seeking",
        "Búsqueda de atención",
        "Kërkimi i kujdesit",
        "Advice or treatment sought from a health provider.",
        "child-health",
    ),
    k(
        "health-insurance",
        "Health insurance",
        "Seguro de salud",
        "Sigurimi shëndetësor",
        "Coverage by any public or private health insurance.",
        "child-health",
    ),
    k(
        "functional-difficulty",
        "Functional difficulty",
        "Dificultad funcional",
        "Vështirësi funksionale",
        "A lot of difficulty or cannot do at all in any functional domain.",
        "child-health",
    ),
    # child work
    k(
        "child-work",
        "Child work",
        "Trabajo infantil",
        "Puna e fëmijëve",
        "Work done by children aged 5 to 17.",
    ),
    k(
        "economic-activity",
        "Economic activity of children",
        "Actividad económica infantil",
        "Aktiviteti ekonomik i fëmijëve",
        "Work for pay, for a business or on a farm in the last 7 days.",
        "child-work",
    ),
    k(
        "working-hours",
        "Working hours",
        "Horas de trabajo",
        "Orët e punës",
        "Hours worked in the last 7 days.",
        "child-work",
    ),
    k(
        "household-chores",
        "Household chores",
        "Tareas domésticas",
        "Punët e shtëpisë",
        "Household chores (cooking, cleaning, caring for others) in the last 7 days.",
        "child-work",
    ),
    # social protection, assets, design
    k(
        "social-transfers",
        "Social transfers",
        "Transferencias sociales",
        "Transfertat sociale",
        "Cash transfers from a public social assistance programme.",
    ),
    k(
        "land-ownership",
        "Agricultural land",
        "Tierra agrícola",
        "Toka bujqësore",
        "The household owns or uses agricultural land.",
        "household",
    ),
    k(
        "sampling-weight",
        "Sampling weight",
        "Factor de expansión",
        "Pesha e kampionit",
        "Inverse of the selection probability, adjusted for non-response.",
    ),
)

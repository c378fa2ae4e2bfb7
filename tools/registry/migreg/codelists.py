"""The core code lists of the common core questionnaire (ILLUSTRATIVE content).

Code values follow MICS habits (STANDARDS.md §5.1): one-digit lists use 8 = don't know and
9 = no response; two-digit lists use 98/99. Missing codes carry a typed missing type
(STANDARDS.md §6.3). Destination countries are the complete ISO 3166-1 list from ``pycountry``
(numeric codes as notations), never typed by hand.
"""

from __future__ import annotations

from dataclasses import dataclass

import pycountry

from harmonise.model import (
    Category,
    Code,
    CodeList,
    LocalizedText,
    MissingType,
    Urn,
)
from migreg.text import t

AGENCY = "org.example.migreg"
CORE_VERSION = "1.0.0"


@dataclass(frozen=True)
class CodeDef:
    """One code of a list: value, trilingual label, and missing type when it is a missing code."""

    value: str
    label: LocalizedText
    missing: MissingType | None = None


def c(value: str, en: str, es: str, sq: str, missing: MissingType | None = None) -> CodeDef:
    """Shorthand for a :class:`CodeDef`."""
    return CodeDef(value, t(en, es, sq), missing)


DK = MissingType.DONT_KNOW
NR = MissingType.NO_RESPONSE
RF = MissingType.REFUSED
NA = MissingType.NOT_APPLICABLE


def dk(value: str) -> CodeDef:
    """A don't-know code."""
    return c(value, "Don't know", "No sabe", "Nuk e di", DK)


def nr(value: str) -> CodeDef:
    """A no-response code."""
    return c(value, "No response", "Sin respuesta", "Pa përgjigje", NR)


def missing_pair(width: int) -> tuple[CodeDef, CodeDef]:
    """The don't-know and no-response codes for one- or two-digit lists."""
    if width == 1:
        return dk("8"), nr("9")
    return dk("98"), nr("99")


@dataclass(frozen=True)
class CodeListDef:
    """A code list: ID (DDI-safe), name, trilingual label, codes."""

    id: str
    name: str
    label: LocalizedText
    codes: tuple[CodeDef, ...]

    def urn(self, agency: str = AGENCY, version: str = CORE_VERSION) -> Urn:
        """The DDI URN of this list."""
        return Urn(agency, self.id, version)

    def to_model(self, urn: Urn | None = None) -> CodeList:
        """The list as a :class:`harmonise.model.CodeList`."""
        return CodeList(
            urn=urn or self.urn(),
            name=self.name,
            label=self.label,
            codes=tuple(
                Code(
                    value=d.value,
                    category=Category(label=d.label),
                    missing=d.missing is not None,
                    missing_type=d.missing,
                )
                for d in self.codes
            ),
        )


YES_NO = CodeListDef(
    "CL-YESNO",
    "yes_no",
    t("Yes / no", "Sí / no", "Po / jo"),
    (c("1", "Yes", "Sí", "Po"), c("2", "No", "No", "Jo"), *missing_pair(1)),
)

SEX = CodeListDef(
    "CL-SEX",
    "sex",
    t("Sex", "Sexo", "Gjinia"),
    (c("1", "Male", "Hombre", "Mashkull"), c("2", "Female", "Mujer", "Femër")),
)

AREA = CodeListDef(
    "CL-AREA",
    "area",
    t("Area of residence", "Área de residencia", "Zona e banimit"),
    (c("1", "Urban", "Urbana", "Urbane"), c("2", "Rural", "Rural", "Rurale")),
)

RELATIONSHIP = CodeListDef(
    "CL-REL",
    "relationship_to_head",
    t(
        "Relationship to household head",
        "Parentesco con el jefe/a del hogar",
        "Lidhja me kryefamiljarin",
    ),
    (
        c("01", "Head", "Jefe/a del hogar", "Kryefamiljari"),
        c("02", "Wife or husband, partner", "Cónyuge o pareja", "Bashkëshorti/bashkëshortja"),
        c("03", "Son or daughter", "Hijo/a", "Djali/vajza"),
        c("04", "Son- or daughter-in-law", "Yerno/nuera", "Dhëndri/nusja"),
        c("05", "Grandchild", "Nieto/a", "Nipi/mbesa"),
        c("06", "Parent", "Padre/madre", "Prindi"),
        c("07", "Parent-in-law", "Suegro/a", "Vjehrri/vjehrra"),
        c("08", "Brother or sister", "Hermano/a", "Vëllai/motra"),
        c("09", "Other relative", "Otro pariente", "I afërm tjetër"),
        c(
            "10",
            "Adopted, foster or stepchild",
            "Hijo/a adoptivo/a, de crianza o hijastro/a",
            "Fëmijë i birësuar, në kujdestari ose thjeshtër",
        ),
        c("11", "Not related", "No pariente", "Jo i afërm"),
        *missing_pair(2),
    ),
)

ISCED = CodeListDef(
    "CL-ISCED11",
    "isced_2011_level",
    t("ISCED 2011 level", "Nivel CINE 2011", "Niveli ISCED 2011"),
    (
        c(
            "0",
            "Early childhood education",
            "Educación de la primera infancia",
            "Arsim parashkollor",
        ),
        c("1", "Primary education", "Educación primaria", "Arsim fillor"),
        c("2", "Lower secondary education", "Educación secundaria baja", "Arsim i mesëm i ulët"),
        c("3", "Upper secondary education", "Educación secundaria alta", "Arsim i mesëm i lartë"),
        c(
            "4",
            "Post-secondary non-tertiary education",
            "Educación postsecundaria no terciaria",
            "Arsim pas të mesmit jo universitar",
        ),
        c(
            "5",
            "Short-cycle tertiary education",
            "Educación terciaria de ciclo corto",
            "Arsim universitar i shkurtër",
        ),
        c("6", "Bachelor's or equivalent", "Grado o equivalente", "Bachelor ose i barasvlershëm"),
        c("7", "Master's or equivalent", "Maestría o equivalente", "Master ose i barasvlershëm"),
        c(
            "8",
            "Doctoral or equivalent",
            "Doctorado o equivalente",
            "Doktoraturë ose e barasvlershme",
        ),
        *missing_pair(2),
    ),
)

REASON = CodeListDef(
    "CL-MIGREASON",
    "reason_for_migration",
    t("Reason for migration", "Motivo de la migración", "Arsyeja e migrimit"),
    (
        c("1", "Work or looking for work", "Trabajo o búsqueda de trabajo", "Punë ose kërkim pune"),
        c("2", "Family reunification", "Reunificación familiar", "Bashkim familjar"),
        c("3", "Study", "Estudios", "Studime"),
        c("4", "Marriage", "Matrimonio", "Martesë"),
        c("5", "Insecurity or violence", "Inseguridad o violencia", "Pasiguri ose dhunë"),
        c("6", "Other reason", "Otro motivo", "Arsye tjetër"),
        *missing_pair(1),
    ),
)

CHANNEL = CodeListDef(
    "CL-REMCHANNEL",
    "remittance_channel",
    t("Remittance channel", "Canal de envío de remesas", "Kanali i dërgimit të remitancave"),
    (
        c("1", "Bank transfer", "Transferencia bancaria", "Transfertë bankare"),
        c(
            "2",
            "Money transfer operator",
            "Empresa de envío de dinero",
            "Operator transferimi parash",
        ),
        c(
            "3",
            "Mobile money or online service",
            "Dinero móvil o servicio en línea",
            "Para celulare ose shërbim në internet",
        ),
        c("4", "Post office", "Oficina de correos", "Zyrë postare"),
        c(
            "5",
            "Carried by hand (migrant, relative, acquaintance)",
            "Traído en mano (migrante, pariente, conocido)",
            "Sjellë me dorë (emigranti, i afërm, i njohur)",
        ),
        c("6", "Other channel", "Otro canal", "Kanal tjetër"),
        *missing_pair(1),
    ),
)

USE = CodeListDef(
    "CL-REMUSE",
    "remittance_use",
    t("Main use of remittances", "Uso principal de las remesas", "Përdorimi kryesor i remitancave"),
    (
        c(
            "1",
            "Food and daily consumption",
            "Alimentación y consumo diario",
            "Ushqim dhe konsum ditor",
        ),
        c("2", "Education", "Educación", "Arsim"),
        c("3", "Health", "Salud", "Shëndetësi"),
        c(
            "4",
            "Housing (building, repair, rent)",
            "Vivienda (construcción, reparación, arriendo)",
            "Banesë (ndërtim, riparim, qira)",
        ),
        c("5", "Paying debts", "Pago de deudas", "Shlyerje borxhesh"),
        c(
            "6",
            "Business or farm investment",
            "Inversión en negocio o finca",
            "Investim në biznes ose fermë",
        ),
        c("7", "Savings", "Ahorro", "Kursime"),
        c("8", "Other use", "Otro uso", "Përdorim tjetër"),
        *missing_pair(2),
    ),
)

CAREGIVER = CodeListDef(
    "CL-CAREGIVER",
    "main_caregiver",
    t(
        "Main caregiver of the child",
        "Cuidador/a principal del niño/a",
        "Kujdestari kryesor i fëmijës",
    ),
    (
        c("1", "Mother", "Madre", "Nëna"),
        c("2", "Father", "Padre", "Babai"),
        c("3", "Grandmother", "Abuela", "Gjyshja"),
        c("4", "Grandfather", "Abuelo", "Gjyshi"),
        c("5", "Aunt or uncle", "Tía o tío", "Halla/teze ose xhaxhai/daja"),
        c("6", "Older sibling", "Hermano/a mayor", "Vëlla ose motër më e madhe"),
        c("7", "Other person", "Otra persona", "Person tjetër"),
        *missing_pair(2),
    ),
)

CONTACT = CodeListDef(
    "CL-CONTACT",
    "contact_frequency",
    t("Frequency of contact", "Frecuencia de contacto", "Shpeshtësia e kontaktit"),
    (
        c("1", "Every day", "Todos los días", "Çdo ditë"),
        c("2", "At least once a week", "Al menos una vez por semana", "Të paktën një herë në javë"),
        c("3", "At least once a month", "Al menos una vez al mes", "Të paktën një herë në muaj"),
        c(
            "4",
            "Less than once a month",
            "Menos de una vez al mes",
            "Më rrallë se një herë në muaj",
        ),
        c("5", "Never", "Nunca", "Asnjëherë"),
        *missing_pair(1),
    ),
)

FREQUENCY = CodeListDef(
    "CL-REMFREQ",
    "remittance_frequency",
    t("Frequency of remittances", "Frecuencia de las remesas", "Shpeshtësia e remitancave"),
    (
        c("1", "Monthly or more often", "Mensual o más seguido", "Çdo muaj ose më shpesh"),
        c("2", "Every two or three months", "Cada dos o tres meses", "Çdo dy ose tre muaj"),
        c("3", "Once or twice a year", "Una o dos veces al año", "Një ose dy herë në vit"),
        c(
            "4",
            "Irregularly, only when needed",
            "Irregular, solo cuando se necesita",
            "Në mënyrë të parregullt, vetëm kur duhet",
        ),
        *missing_pair(1),
    ),
)

MISSING = CodeListDef(
    "CL-MISSING",
    "missing_values",
    t("Missing values", "Valores perdidos", "Vlera që mungojnë"),
    (
        c("96", "Not applicable", "No aplica", "Nuk aplikohet", NA),
        c("97", "Refused", "Se negó a responder", "Refuzoi", RF),
        dk("98"),
        nr("99"),
    ),
)


def _country_codes() -> tuple[CodeDef, ...]:
    """Every ISO 3166-1 country (numeric code as the notation), plus 998/999 missing codes.

    English names come from pycountry; the list has English labels only, except for the
    destinations the pilot countries report most often, given also in es and sq.
    """
    local = {
        "840": ("Estados Unidos", "Shtetet e Bashkuara"),
        "724": ("España", "Spanja"),
        "380": ("Italia", "Italia"),
        "300": ("Grecia", "Greqia"),
        "276": ("Alemania", "Gjermania"),
        "826": ("Reino Unido", "Mbretëria e Bashkuar"),
        "250": ("Francia", "Franca"),
        "124": ("Canadá", "Kanadaja"),
        "152": ("Chile", "Kili"),
        "218": ("Ecuador", "Ekuadori"),
        "008": ("Albania", "Shqipëria"),
    }
    codes: list[CodeDef] = []
    for country in sorted(pycountry.countries, key=lambda k: k.numeric):
        name = getattr(country, "common_name", None) or country.name
        es_sq = local.get(country.numeric)
        label = (
            LocalizedText({"en": name, "es": es_sq[0], "sq": es_sq[1]})
            if es_sq
            else LocalizedText({"en": name})
        )
        codes.append(CodeDef(country.numeric, label))
    codes.append(c("998", "Don't know", "No sabe", "Nuk e di", DK))
    codes.append(c("999", "No response", "Sin respuesta", "Pa përgjigje", NR))
    return tuple(codes)


COUNTRY = CodeListDef(
    "CL-COUNTRY",
    "destination_country",
    t("Country (ISO 3166-1 numeric)", "País (ISO 3166-1 numérico)", "Shteti (ISO 3166-1 numerik)"),
    _country_codes(),
)

CORE_CODE_LISTS: tuple[CodeListDef, ...] = (
    YES_NO,
    SEX,
    AREA,
    RELATIONSHIP,
    ISCED,
    REASON,
    COUNTRY,
    CHANNEL,
    USE,
    FREQUENCY,
    CAREGIVER,
    CONTACT,
    MISSING,
)

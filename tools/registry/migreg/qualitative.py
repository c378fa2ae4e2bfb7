"""Qualitative instruments: a focus-group guide and an in-depth interview guide (ILLUSTRATIVE).

Both countries used the same two guides, each in its own language (plus English). The open
questions are recorded as DDI-L QuestionItems with a text response domain so that they are
searchable beside the survey questions. Spanish and Albanian are illustrative translations.
"""

# Content data: long trilingual strings stay on one line so each text reads as a unit.
# ruff: noqa: E501

from __future__ import annotations

from dataclasses import dataclass, field

from harmonise.model import InstrumentKind, LocalizedText
from migreg.text import t


@dataclass(frozen=True)
class GuideDef:
    """A qualitative guide: ID, title, kind, participants, open questions, concepts per question."""

    id: str
    title: LocalizedText
    kind: InstrumentKind
    participants: LocalizedText
    questions: tuple[tuple[str, LocalizedText], ...]
    concepts: dict[str, tuple[str, ...]] = field(default_factory=dict)


FOCUS_GROUP = GuideDef(
    id="FGD",
    title=t(
        "Focus-group guide: caregivers of children left behind",
        "Guía de grupo focal: cuidadores de niños y niñas que se quedan",
        "Udhëzues për grupin e fokusit: kujdestarët e fëmijëve të lënë pas",
    ),
    kind=InstrumentKind.FOCUS_GROUP_GUIDE,
    participants=t(
        "Caregivers (6-10 per group) of children with a parent abroad",
        "Cuidadores (6 a 10 por grupo) de niños y niñas con un progenitor en el exterior",
        "Kujdestarë (6-10 për grup) të fëmijëve me një prind jashtë vendit",
    ),
    questions=(
        (
            "FGD1",
            t(
                "How did daily life in your household change when the parent left?",
                "¿Cómo cambió la vida diaria de su hogar cuando el padre o la madre se fue?",
                "Si ndryshoi jeta e përditshme në familjen tuaj kur prindi u largua?",
            ),
        ),
        (
            "FGD2",
            t(
                "Who took over the care of the children, and how was that decided?",
                "¿Quién asumió el cuidado de los niños y cómo se decidió?",
                "Kush mori përsipër kujdesin për fëmijët dhe si u vendos kjo?",
            ),
        ),
        (
            "FGD3",
            t(
                "How do the children keep in touch with the parent abroad? What helps and what makes it hard?",
                "¿Cómo se mantienen en contacto los niños con el padre o la madre en el exterior? ¿Qué ayuda y qué lo dificulta?",
                "Si mbajnë kontakt fëmijët me prindin jashtë vendit? Çfarë ndihmon dhe çfarë e vështirëson?",
            ),
        ),
        (
            "FGD4",
            t(
                "How are decisions about spending the money sent from abroad made?",
                "¿Cómo se decide en qué gastar el dinero que llega del exterior?",
                "Si merren vendimet për shpenzimin e parave që vijnë nga jashtë?",
            ),
        ),
        (
            "FGD5",
            t(
                "What has changed in the children's schooling since the parent left?",
                "¿Qué ha cambiado en la escolaridad de los niños desde que el padre o la madre se fue?",
                "Çfarë ka ndryshuar në shkollimin e fëmijëve që kur prindi u largua?",
            ),
        ),
        (
            "FGD6",
            t(
                "What support do caregivers receive from schools, health services or the community?",
                "¿Qué apoyo reciben los cuidadores de la escuela, los servicios de salud o la comunidad?",
                "Çfarë mbështetjeje marrin kujdestarët nga shkolla, shërbimet shëndetësore ose komuniteti?",
            ),
        ),
        (
            "FGD7",
            t(
                "What would you tell a family that is thinking about migrating?",
                "¿Qué le diría a una familia que está pensando en migrar?",
                "Çfarë do t'i thoshit një familjeje që po mendon të emigrojë?",
            ),
        ),
    ),
    concepts={
        "FGD2": ("caregiver", "change-of-caregiver"),
        "FGD3": ("contact-with-migrant-parent",),
        "FGD4": ("remittance-use",),
        "FGD5": ("school-attendance",),
    },
)

INTERVIEW = GuideDef(
    id="IDI",
    title=t(
        "In-depth interview guide: adolescents with a parent abroad",
        "Guía de entrevista en profundidad: adolescentes con un progenitor en el exterior",
        "Udhëzues për intervistë të thelluar: adoleshentët me një prind jashtë vendit",
    ),
    kind=InstrumentKind.INTERVIEW_GUIDE,
    participants=t(
        "Adolescents aged 12-17 with at least one parent abroad (with caregiver consent)",
        "Adolescentes de 12 a 17 años con al menos un progenitor en el exterior (con consentimiento del cuidador)",
        "Adoleshentë 12-17 vjeç me të paktën një prind jashtë vendit (me pëlqimin e kujdestarit)",
    ),
    questions=(
        (
            "IDI1",
            t(
                "Tell me about the day your mother or father left. What do you remember?",
                "Cuéntame sobre el día en que tu mamá o tu papá se fue. ¿Qué recuerdas?",
                "Më trego për ditën kur nëna ose babai yt u largua. Çfarë kujton?",
            ),
        ),
        (
            "IDI2",
            t(
                "How often do you talk with your parent, and what do you talk about?",
                "¿Con qué frecuencia hablas con tu mamá o papá, y de qué hablan?",
                "Sa shpesh flet me prindin tënd dhe për çfarë flisni?",
            ),
        ),
        (
            "IDI3",
            t(
                "Who do you go to when you have a problem at school or at home?",
                "¿A quién acudes cuando tienes un problema en la escuela o en la casa?",
                "Te kush shkon kur ke një problem në shkollë ose në shtëpi?",
            ),
        ),
        (
            "IDI4",
            t(
                "Have you taken on new tasks at home or work since your parent left?",
                "¿Has asumido nuevas tareas en la casa o un trabajo desde que tu mamá o papá se fue?",
                "A ke marrë përsipër detyra të reja në shtëpi ose punë që kur prindi yt u largua?",
            ),
        ),
        (
            "IDI5",
            t(
                "How do you feel about school now? Do you think about leaving school?",
                "¿Cómo te sientes ahora con la escuela? ¿Piensas en dejar de estudiar?",
                "Si ndihesh tani për shkollën? A mendon ta lësh shkollën?",
            ),
        ),
        (
            "IDI6",
            t(
                "Do you want to join your parent abroad one day? Why, or why not?",
                "¿Quieres reunirte algún día con tu mamá o papá en el exterior? ¿Por qué?",
                "A dëshiron të bashkohesh një ditë me prindin tënd jashtë vendit? Pse po ose pse jo?",
            ),
        ),
        (
            "IDI7",
            t(
                "What is the money your parent sends used for, as far as you know?",
                "¿En qué se usa el dinero que envía tu mamá o papá, hasta donde sabes?",
                "Për çfarë përdoren paratë që dërgon prindi yt, me sa di ti?",
            ),
        ),
        (
            "IDI8",
            t(
                "What would make life easier for young people whose parents live abroad?",
                "¿Qué haría más fácil la vida de los jóvenes cuyos padres viven en el exterior?",
                "Çfarë do ta lehtësonte jetën e të rinjve, prindërit e të cilëve jetojnë jashtë vendit?",
            ),
        ),
    ),
    concepts={
        "IDI2": ("contact-with-migrant-parent",),
        "IDI3": ("caregiver",),
        "IDI4": ("child-work", "household-chores"),
        "IDI5": ("school-attendance",),
        "IDI6": ("migration-intention",),
        "IDI7": ("remittance-use",),
    },
)

GUIDES: tuple[GuideDef, ...] = (FOCUS_GROUP, INTERVIEW)

"""A deterministic generator of large DDI-C 2.5 codebooks, for memory tests and benchmarks.

Each variable looks like a MICS-style household-survey item in three languages (en, es, sq):
labels, a question with pre-text and interviewer instructions, a universe, summary statistics
and coded categories (one of them a "don't know" missing category) with frequencies. The text is
written in chunks so generating a 200 MB file needs little memory. Nothing here is random.
"""

from __future__ import annotations

from pathlib import Path
from xml.sax.saxutils import escape

_LANGS = ("en", "es", "sq")
_WORDS = {
    "en": "household member child parent abroad remittance migration school income health",
    "es": "miembro hogar niño padre exterior remesa migración escuela ingreso salud",
    "sq": "anëtar familje fëmijë prind jashtë remitancë migrim shkollë të ardhura shëndet",
}


def _phrase(lang: str, seed: int, length: int) -> str:
    words = _WORDS[lang].split()
    return " ".join(words[(seed * 7 + i * 3) % len(words)] for i in range(length))


def _variable(index: int, categories: int, padding: int) -> str:
    name = f"v{index:06d}"
    parts = [
        f'<var ID="V{index}" name="{name}" files="F1" intrvl="discrete" dcml="0" '
        f'representationType="code" '
        f'ddiLifecycleUrn="urn:ddi:org.example.migreg:SYN.{name}:1.0.0">',
        f'<location StartPos="{index}" EndPos="{index + 1}" width="2"/>',
    ]
    parts += [
        f'<labl xml:lang="{lang}">{escape(_phrase(lang, index, 6))}</labl>' for lang in _LANGS
    ]
    parts.append(f'<qstn ID="Q{index}" seqNo="{index}" responseDomainType="code">')
    for lang in _LANGS:
        parts.append(f'<preQTxt xml:lang="{lang}">{escape(_phrase(lang, index + 1, 5))}</preQTxt>')
    for lang in _LANGS:
        text = _phrase(lang, index + 2, 14) + " " + _phrase(lang, index + 5, padding)
        parts.append(f'<qstnLit xml:lang="{lang}">{escape(text)}?</qstnLit>')
    for lang in _LANGS:
        instruction = escape(_phrase(lang, index + 3, 8))
        parts.append(f'<ivuInstr xml:lang="{lang}">{instruction}</ivuInstr>')
    parts.append("</qstn>")
    parts.append('<invalrng><item VALUE="98"/></invalrng>')
    parts += [
        f'<universe xml:lang="{lang}">{escape(_phrase(lang, index + 4, 7))}</universe>'
        for lang in _LANGS
    ]
    parts.append(f'<sumStat type="vald">{1000 + index % 97}</sumStat>')
    parts.append(f'<sumStat type="invd">{index % 13}</sumStat>')
    for code in range(1, categories + 1):
        value = "98" if code == categories else str(code)
        missing = ' missing="Y" missType="dontknow"' if value == "98" else ""
        parts.append(f"<catgry{missing}><catValu>{value}</catValu>")
        parts += [
            f'<labl xml:lang="{lang}">{escape(_phrase(lang, index + code, 3))}</labl>'
            for lang in _LANGS
        ]
        parts.append(f'<catStat type="freq">{(index * code) % 1000}</catStat></catgry>')
    parts.append('<concept vocab="MIGREG">Migration</concept>')
    parts.append('<varFormat type="numeric" schema="other"/>')
    parts.append("</var>\n")
    return "".join(parts)


def write_synthetic_codebook(
    path: str | Path, variables: int, *, categories: int = 8, padding: int = 60
) -> int:
    """Write a DDI-C 2.5 codebook with ``variables`` variables; return its size in bytes.

    Args:
        path: Where to write.
        variables: How many ``var`` elements.
        categories: Categories per variable (the last is a missing "don't know", code 98).
        padding: Extra words in each question literal (sets the size per variable; the default
            gives about 5 KB per variable, so 40,000 variables make about 200 MB).

    Returns:
        The file size in bytes.
    """
    target = Path(path)
    with target.open("w", encoding="utf-8") as fh:
        fh.write(
            '<?xml version="1.0" encoding="UTF-8"?>\n'
            '<codeBook xmlns="ddi:codebook:2_5" version="2.5" codeBookAgency="org.example.migreg">'
            "<stdyDscr><citation><titlStmt>"
            '<titl xml:lang="en">Synthetic migration survey</titl>'
            '<parTitl xml:lang="es">Encuesta sintética de migración</parTitl>'
            '<IDNo agency="org.example.migreg">SYN</IDNo>'
            "</titlStmt></citation></stdyDscr>\n"
            '<fileDscr ID="F1"><fileTxt><fileName>syn.sav</fileName></fileTxt></fileDscr>\n'
            "<dataDscr>\n"
        )
        chunk: list[str] = []
        for index in range(1, variables + 1):
            chunk.append(_variable(index, categories, padding))
            if len(chunk) >= 500:
                fh.write("".join(chunk))
                chunk.clear()
        fh.write("".join(chunk))
        fh.write("</dataDscr></codeBook>\n")
    return target.stat().st_size

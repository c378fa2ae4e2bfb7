"""Small constructors for trilingual text (en, es, sq) used by the content definitions."""

from __future__ import annotations

from harmonise.model import LocalizedText

LANGUAGES = ("en", "es", "sq")


def t(en: str, es: str, sq: str) -> LocalizedText:
    """Text in English, Spanish and Albanian.

    Args:
        en: English text.
        es: Spanish text.
        sq: Albanian text.

    Returns:
        The localized text.
    """
    return LocalizedText({"en": en, "es": es, "sq": sq})


def en(text: str) -> LocalizedText:
    """Text in English only."""
    return LocalizedText({"en": text})

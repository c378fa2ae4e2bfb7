"""Localized text: one string per language (DDI ``xml:lang``, SKOS language tags).

The key ``""`` holds text without a language tag; writers emit it without ``xml:lang``.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from pydantic import Field, RootModel


class LocalizedText(RootModel[dict[str, str]]):
    """Text in several languages, keyed by BCP 47 tag (``en``, ``es``, ``sq``)."""

    model_config = {"frozen": True}

    root: dict[str, str] = Field(default_factory=dict)

    @classmethod
    def of(cls, value: str | Mapping[str, str] | None = None, lang: str = "") -> LocalizedText:
        """Build from a plain string (in ``lang``) or a mapping; None gives empty text."""
        if value is None:
            return cls({})
        if isinstance(value, str):
            return cls({lang: value})
        return cls(dict(value))

    @property
    def languages(self) -> tuple[str, ...]:
        """The language tags present, sorted, without the empty tag."""
        return tuple(sorted(k for k in self.root if k))

    def __bool__(self) -> bool:
        return any(v.strip() for v in self.root.values())

    def __len__(self) -> int:
        return len(self.root)

    def get(self, lang: str, default: str | None = None) -> str | None:
        """The text in exactly ``lang``, or ``default``."""
        return self.root.get(lang, default)

    def best(self, preferred: Iterable[str] = ("en",)) -> str:
        """The text in the first available preferred language, else any text, else ``""``.

        A preferred ``es`` also matches ``es-EC``.
        """
        for lang in preferred:
            if lang in self.root:
                return self.root[lang]
            for key, value in self.root.items():
                if key.split("-")[0] == lang:
                    return value
        for value in self.root.values():
            return value
        return ""

    def items(self) -> Iterable[tuple[str, str]]:
        """(language, text) pairs sorted by language."""
        return sorted(self.root.items())

    def merged(self, other: LocalizedText) -> LocalizedText:
        """This text with the other's languages added (this one wins on conflicts)."""
        return LocalizedText({**other.root, **self.root})

    def __str__(self) -> str:
        return self.best()

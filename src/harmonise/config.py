"""Settings: where the registry, vocabularies and derived catalog live, and server limits.

One immutable object, built from defaults, environment variables (``HARMONISE_*``) or explicit
arguments, and passed down; nothing reads the environment elsewhere.
"""

from __future__ import annotations

import os
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field

#: The agency that mints the registry's own DDI URNs (STANDARDS.md Appendix A pattern).
DEFAULT_AGENCY = "org.example.migreg"
#: The base IRI of the registry's own RDF resources.
DEFAULT_IRI_BASE = "https://id.example.org/migreg/"


def find_project_root(start: Path | None = None) -> Path:
    """Return the nearest folder at or above ``start`` that holds a ``registry/`` folder.

    Falls back to the current working directory when none is found.
    """
    here = (start or Path.cwd()).resolve()
    for folder in (here, *here.parents):
        if (folder / "registry").is_dir() and (folder / "vocabularies").is_dir():
            return folder
    return here


class Settings(BaseModel):
    """Where things are and how the server behaves."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    root: Path = Field(description="Project folder holding registry/ and vocabularies/.")
    registry_dir: Path = Field(description="The registry content (DDI, crosswalks, figures).")
    vocabularies_dir: Path = Field(description="SKOS Turtle vocabularies.")
    catalog_dir: Path = Field(description="The derived catalog (database, index, graph).")
    agency: str = Field(default=DEFAULT_AGENCY, description="Agency of minted DDI URNs.")
    iri_base: str = Field(default=DEFAULT_IRI_BASE, description="Base IRI of RDF resources.")
    max_upload_bytes: int = Field(
        default=50 * 1024 * 1024, description="Largest accepted upload, in bytes."
    )
    sparql_timeout_s: float = Field(default=5.0, description="SPARQL query time limit (s).")
    sparql_max_results: int = Field(default=10_000, description="SPARQL result-size limit.")

    @classmethod
    def from_root(cls, root: Path | str | None = None, **overrides: object) -> Settings:
        """Build settings for a project folder, honouring ``HARMONISE_*`` variables.

        Args:
            root: The project folder; found upwards from the working directory when omitted.
            **overrides: Any field to set explicitly.

        Returns:
            The settings.
        """
        env_root = os.environ.get("HARMONISE_ROOT")
        base = (
            Path(root)
            if root is not None
            else (Path(env_root) if env_root else find_project_root())
        )
        base = base.resolve()
        values: dict[str, object] = {
            "root": base,
            "registry_dir": base / "registry",
            "vocabularies_dir": base / "vocabularies",
            "catalog_dir": Path(os.environ.get("HARMONISE_CATALOG", base / ".catalog")),
        }
        values.update(overrides)
        return cls.model_validate(values)

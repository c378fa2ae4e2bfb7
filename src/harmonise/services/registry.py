"""Loading the registry: the files under ``registry/`` and ``vocabularies/`` as model objects.

The files are the record (DESIGN.md §2 principle 1); this module reads them through the format
readers and gathers everything in one :class:`RegistryContent`, with a :class:`Report` of every file
that could not be read (one broken file never hides the others). Layout (DESIGN.md §5)::

    registry/programme.yaml
    registry/core/*.xml                               DDI-L 3.3 common core
    registry/studies/<STUDY>/<VERSION>/codebook.xml   DDI-C 2.5 national codebook
    registry/studies/<STUDY>/<VERSION>/qualitative.xml
    registry/studies/<STUDY>/<VERSION>/crosswalks/    crosswalk YAML (one file per version)
    registry/studies/<STUDY>/<VERSION>/data/          microdata
    registry/figures/*.yaml                           figure definitions
    vocabularies/*.ttl                                SKOS
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

import yaml
from pydantic import TypeAdapter

from harmonise.config import Settings
from harmonise.errors import InputError
from harmonise.issues import Issue, Location, Report, Severity
from harmonise.model import (
    CodeList,
    ConceptScheme,
    CoreVariable,
    Crosswalk,
    MetadataPackage,
    Urn,
    Variable,
    version_key,
)
from harmonise.store.parse_cache import ParseCache

if TYPE_CHECKING:
    from harmonise.formats.skos import SkosContent
    from harmonise.model.figure import FigureDefinition

T = TypeVar("T")

DATA_SUFFIXES = (".sav", ".zsav", ".por", ".dta", ".csv", ".parquet")


@dataclass(frozen=True)
class StudyVersion:
    """One version of one study in the registry."""

    study_id: str
    version: str
    path: Path
    package: MetadataPackage
    qualitative: MetadataPackage | None = None
    crosswalks: tuple[Crosswalk, ...] = ()
    data_files: tuple[Path, ...] = ()

    @property
    def key(self) -> str:
        """``<STUDY>/<VERSION>``."""
        return f"{self.study_id}/{self.version}"

    def variable(self, urn_or_name: Urn | str) -> Variable | None:
        """A variable of this study by URN (exact or latest) or by name."""
        for v in self.package.variables:
            if v.urn == urn_or_name or v.name == urn_or_name:
                return v
            if (
                isinstance(urn_or_name, Urn)
                and not urn_or_name.is_pinned
                and (v.urn.unversioned() == urn_or_name)
            ):
                return v
        return None


@dataclass(frozen=True)
class RegistryContent:
    """Everything the registry holds, read from its files."""

    settings: Settings
    programme: dict[str, Any]
    core: MetadataPackage
    studies: tuple[StudyVersion, ...]
    concept_schemes: tuple[ConceptScheme, ...]
    code_lists: tuple[CodeList, ...]
    figures: tuple[Any, ...]
    report: Report
    files: tuple[Path, ...] = field(default=())

    def study_ids(self) -> tuple[str, ...]:
        """Study IDs, sorted."""
        return tuple(sorted({s.study_id for s in self.studies}))

    def versions(self, study_id: str) -> tuple[StudyVersion, ...]:
        """All versions of a study, oldest first."""
        found = [s for s in self.studies if s.study_id == study_id]
        return tuple(sorted(found, key=lambda s: version_key(s.version)))

    def latest(self, study_id: str) -> StudyVersion | None:
        """The newest version of a study, or None."""
        versions = self.versions(study_id)
        return versions[-1] if versions else None

    def latest_studies(self) -> tuple[StudyVersion, ...]:
        """The newest version of every study."""
        return tuple(v for sid in self.study_ids() if (v := self.latest(sid)) is not None)

    @property
    def core_variables(self) -> tuple[CoreVariable, ...]:
        """The core variables of the common core."""
        return self.core.core_variables

    def core_variable(self, name_or_urn: str | Urn) -> CoreVariable | None:
        """A core variable by name or URN (an unversioned URN gives the latest)."""
        matches = [
            cv
            for cv in self.core.core_variables
            if cv.name == name_or_urn
            or cv.urn == name_or_urn
            or (isinstance(name_or_urn, Urn) and cv.urn.unversioned() == name_or_urn.unversioned())
        ]
        if not matches:
            return None
        return max(matches, key=lambda cv: version_key(cv.urn.version or "0"))

    def all_code_lists(self) -> Iterator[CodeList]:
        """Code lists of the core, the vocabularies and every study version."""
        yield from self.core.code_lists
        yield from self.code_lists
        for s in self.studies:
            yield from s.package.code_lists

    def code_list(self, urn: Urn | None) -> CodeList | None:
        """Any code list by URN (exact, or the latest version when unpinned)."""
        if urn is None:
            return None
        best: CodeList | None = None
        for cl in self.all_code_lists():
            if cl.urn == urn:
                return cl
            if (
                not urn.is_pinned
                and cl.urn.unversioned() == urn
                and (
                    best is None
                    or version_key(cl.urn.version or "0") > version_key(best.urn.version or "0")
                )
            ):
                best = cl
        return best

    def all_crosswalks(self) -> tuple[Crosswalk, ...]:
        """Every version of every crosswalk."""
        return tuple(c for s in self.studies for c in s.crosswalks)


def _issue(path: Path, exc: InputError, code: str = "unreadable-file") -> Issue:
    return Issue(
        code=code,
        severity=Severity.ERROR,
        message=exc.message,
        location=Location(file=str(path), line=exc.line),
        hint=exc.hint or "fix or remove the file, then run `harmonise build` again",
    )


# --- the parse cache (issue 5 §1: unchanged files are not parsed again) --------------------------


@functools.cache
def _metadata_adapter() -> TypeAdapter[tuple[MetadataPackage, Report]]:
    return TypeAdapter(tuple[MetadataPackage, Report])


@functools.cache
def _crosswalk_adapter() -> TypeAdapter[Crosswalk]:
    return TypeAdapter(Crosswalk)


@functools.cache
def _skos_adapter() -> TypeAdapter[tuple[SkosContent, Report]]:
    from harmonise.formats.skos import SkosContent

    return TypeAdapter(tuple[SkosContent, Report])


@functools.cache
def _figure_adapter() -> TypeAdapter[FigureDefinition]:
    from harmonise.model.figure import FigureDefinition

    return TypeAdapter(FigureDefinition)


def _parsed(
    cache: ParseCache | None,
    kind: str,
    path: Path,
    adapter: Callable[[], TypeAdapter[T]],
    parse: Callable[[], T],
) -> T:
    """``parse()``, or its cached result when ``path`` and the parsing code are unchanged."""
    if cache is None:
        return parse()
    return cache.load(kind, path, adapter(), parse)


def _read_metadata(
    path: Path, issues: list[Issue], cache: ParseCache | None = None
) -> MetadataPackage | None:
    from harmonise.formats.detect import read_metadata

    try:
        package, report = _parsed(
            cache, "metadata", path, _metadata_adapter, lambda: read_metadata(path)
        )
    except InputError as exc:
        issues.append(_issue(path, exc))
        return None
    issues.extend(report.issues)
    return package


def _read_programme(registry_dir: Path, issues: list[Issue]) -> dict[str, Any]:
    path = registry_dir / "programme.yaml"
    if not path.is_file():
        return {}
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as exc:
        issues.append(_issue(path, InputError(f"cannot read programme settings: {exc}")))
        return {}
    return data if isinstance(data, dict) else {}


def read_programme(registry_dir: Path, issues: list[Issue]) -> dict[str, Any]:
    """The programme settings (``registry/programme.yaml``) as a mapping, ``{}`` when absent.

    Args:
        registry_dir: The registry folder.
        issues: Receives a finding when the file cannot be read.
    """
    return _read_programme(registry_dir, issues)


def _merge(packages: list[MetadataPackage]) -> MetadataPackage:
    if not packages:
        return MetadataPackage()
    first = packages[0]
    if len(packages) == 1:
        return first
    fields = (
        "instruments",
        "questions",
        "code_lists",
        "variables",
        "core_variables",
        "concept_schemes",
        "concepts",
        "universes",
        "crosswalks",
    )
    merged: dict[str, Any] = {
        name: tuple(x for p in packages for x in getattr(p, name)) for name in fields
    }
    study = next((p.study for p in packages if p.study is not None), None)
    return first.model_copy(update={**merged, "study": study})


def _load_crosswalks(folder: Path, cache: ParseCache | None) -> list[Crosswalk]:
    """Every crosswalk under ``folder``, each file read through the parse cache if there is one."""
    from harmonise.formats.crosswalk_file import load_crosswalks, read_crosswalk_file

    if cache is None:
        return load_crosswalks(folder)

    def read(file: Path) -> Crosswalk:
        parse = functools.partial(read_crosswalk_file, file)
        return _parsed(cache, "crosswalk", file, _crosswalk_adapter, parse)

    return load_crosswalks(folder, read)


def _read_study_version(
    study_dir: Path, version_dir: Path, issues: list[Issue], cache: ParseCache | None = None
) -> StudyVersion | None:
    codebook = version_dir / "codebook.xml"
    package = _read_metadata(codebook, issues, cache) if codebook.is_file() else None
    if package is None:
        others = sorted(p for p in version_dir.glob("*.xml") if p.name != "qualitative.xml")
        packages = [p for x in others if (p := _read_metadata(x, issues, cache)) is not None]
        if not packages:
            if not codebook.is_file() and not others:
                issues.append(
                    Issue(
                        code="study-without-codebook",
                        severity=Severity.ERROR,
                        message=(
                            f"study version {study_dir.name}/{version_dir.name} has no codebook.xml"
                        ),
                        location=Location(file=str(version_dir)),
                        hint="add the study's DDI codebook as codebook.xml",
                    )
                )
            return None
        package = _merge(packages)
    qualitative_path = version_dir / "qualitative.xml"
    qualitative = (
        _read_metadata(qualitative_path, issues, cache) if qualitative_path.is_file() else None
    )
    crosswalks: list[Crosswalk] = []
    cw_dir = version_dir / "crosswalks"
    if cw_dir.is_dir():
        try:
            crosswalks = _load_crosswalks(cw_dir, cache)
        except InputError as exc:
            issues.append(_issue(Path(exc.path or cw_dir), exc, "unreadable-crosswalk"))
    data_dir = version_dir / "data"
    data_files = (
        tuple(sorted(p for p in data_dir.iterdir() if p.suffix.lower() in DATA_SUFFIXES))
        if data_dir.is_dir()
        else ()
    )
    return StudyVersion(
        study_id=study_dir.name,
        version=version_dir.name,
        path=version_dir,
        package=package,
        qualitative=qualitative,
        crosswalks=tuple(crosswalks),
        data_files=data_files,
    )


def _read_vocabularies(
    vocab_dir: Path, issues: list[Issue], cache: ParseCache | None = None
) -> tuple[tuple[ConceptScheme, ...], tuple[CodeList, ...]]:
    from harmonise.formats.skos import read_skos

    schemes: list[ConceptScheme] = []
    code_lists: list[CodeList] = []
    if not vocab_dir.is_dir():
        return (), ()
    for path in sorted(vocab_dir.rglob("*.ttl")):
        try:
            content, report = _parsed(
                cache, "skos", path, _skos_adapter, functools.partial(read_skos, path)
            )
        except InputError as exc:
            issues.append(_issue(path, exc))
            continue
        issues.extend(report.issues)
        schemes.extend(content.concept_schemes)
        code_lists.extend(content.code_lists)
    return tuple(schemes), tuple(code_lists)


def _read_figures(
    figures_dir: Path, issues: list[Issue], cache: ParseCache | None = None
) -> tuple[Any, ...]:
    from harmonise.formats.figure_definition import read_figure_definition

    figures: list[Any] = []
    if not figures_dir.is_dir():
        return ()
    for path in sorted(figures_dir.glob("*.yaml")):
        try:
            figures.append(
                _parsed(
                    cache,
                    "figure",
                    path,
                    _figure_adapter,
                    functools.partial(read_figure_definition, path),
                )
            )
        except InputError as exc:
            issues.append(_issue(path, exc, "unreadable-figure"))
    return tuple(figures)


def registry_files(settings: Settings) -> tuple[Path, ...]:
    """Every content file of the registry and vocabularies, sorted (for hashing and builds)."""
    found: list[Path] = []
    for base in (settings.registry_dir, settings.vocabularies_dir):
        if base.is_dir():
            found.extend(
                p
                for p in base.rglob("*")
                if p.is_file()
                and not any(part.startswith(".") for part in p.relative_to(base).parts)
            )
    return tuple(sorted(found))


def load_registry(settings: Settings, *, cache: ParseCache | None = None) -> RegistryContent:
    """Read the whole registry.

    Args:
        settings: Where the registry and vocabularies are.
        cache: A parse cache: DDI XML, crosswalk YAML, SKOS and figure files that are unchanged
            since they were cached are not parsed again (``harmonise build`` passes one kept
            under the catalog folder). Without it every file is parsed.

    Returns:
        The content, with a report of every file that could not be read.

    Raises:
        InputError: When the registry folder itself does not exist.
    """
    registry_dir = settings.registry_dir
    if not registry_dir.is_dir():
        raise InputError(
            "no registry folder here",
            path=registry_dir,
            hint="run harmonise from the project folder or set HARMONISE_ROOT",
        )
    issues: list[Issue] = []
    programme = _read_programme(registry_dir, issues)
    core_dir = registry_dir / "core"
    core_packages = (
        [
            p
            for x in sorted(core_dir.glob("*.xml"))
            if (p := _read_metadata(x, issues, cache)) is not None
        ]
        if core_dir.is_dir()
        else []
    )
    core = _merge(core_packages)
    studies: list[StudyVersion] = []
    studies_dir = registry_dir / "studies"
    if studies_dir.is_dir():
        for study_dir in sorted(p for p in studies_dir.iterdir() if p.is_dir()):
            for version_dir in sorted(p for p in study_dir.iterdir() if p.is_dir()):
                sv = _read_study_version(study_dir, version_dir, issues, cache)
                if sv is not None:
                    studies.append(sv)
    schemes, code_lists = _read_vocabularies(settings.vocabularies_dir, issues, cache)
    figures = _read_figures(registry_dir / "figures", issues, cache)
    return RegistryContent(
        settings=settings,
        programme=programme,
        core=core,
        studies=tuple(studies),
        concept_schemes=schemes,
        code_lists=code_lists,
        figures=figures,
        report=Report.of(issues, inputs=[str(registry_dir), str(settings.vocabularies_dir)]),
        files=registry_files(settings),
    )

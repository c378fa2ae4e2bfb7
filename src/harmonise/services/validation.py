"""The ``validate`` use case: every finding about a registry, a study, a DDI file or a crosswalk.

``harmonise validate`` and ``POST /api/v1/validate`` call :func:`validate_paths`. It decides what
each path is (a whole registry, a study folder or study version folder, a DDI file, a crosswalk
YAML file or folder, a crosswalk sheet CSV/XLSX/XLS, a SKOS vocabulary, a microdata file), reads
it through ``harmonise.formats``, checks it against the registry's core (core questionnaire and
vocabularies) with the pure rules of :mod:`harmonise.validate` (STANDARDS.md §6.4) and returns
one report with every finding. Microdata (``data=``, or the ``data/`` folder of a registry study
version) adds the data rules.

A path that cannot be read at all becomes an ``input-unreadable`` finding and is listed in
:attr:`ValidationResult.unreadable`, so one bad file does not hide the others; the CLI exits 2.

Deviation: the registry is read here file by file through the same format readers rather than
through ``harmonise.services.registry.load_registry``: validation needs every reader's own
findings with the file they came from (``RegistryContent`` keeps only unreadable files), and
checking one crosswalk or study should not read every other study (the core and vocabularies
are the reference; they are read once per run).
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from xml.etree import ElementTree

from harmonise.config import Settings
from harmonise.errors import InputError
from harmonise.formats.crosswalk_file import (
    crosswalk_file_name,
    load_crosswalks,
    read_crosswalk_file,
)
from harmonise.formats.crosswalk_sheet import crosswalk_from_rows, read_long_sheet
from harmonise.formats.detect import read_metadata
from harmonise.formats.figure_definition import read_figure_definition
from harmonise.formats.microdata import (
    MICRODATA_SUFFIXES,
    read_column_names,
    read_microdata_info,
    value_counts,
)
from harmonise.formats.skos import read_skos
from harmonise.issues import Issue, Location, Report, Severity
from harmonise.model import (
    CodeList,
    CoreVariable,
    Crosswalk,
    MetadataPackage,
    Question,
    Urn,
    Variable,
    safe_id,
    version_key,
)
from harmonise.validate import (
    CrosswalkContext,
    check_figure_coverage,
    validate_crosswalk,
    validate_package,
    validate_packages,
    validate_variable_data,
)
from harmonise.validate.crosswalk_rules import condition_names

_SKOS_SUFFIXES = frozenset({".ttl", ".rdf", ".owl", ".nt", ".jsonld"})
_SHEET_SUFFIXES = frozenset({".csv", ".xlsx", ".xls"})
_YAML_SUFFIXES = frozenset({".yaml", ".yml"})
_PUBLICATION_ONLY = frozenset({"crosswalk-label-missing", "crosswalk-issued-missing"})


@dataclass(frozen=True)
class ValidationResult:
    """The outcome of one validation run.

    Attributes:
        report: Every finding, in the order found.
        unreadable: The inputs that could not be read at all.
    """

    report: Report
    unreadable: tuple[str, ...] = ()

    @property
    def exit_code(self) -> int:
        """0 clean (warnings allowed), 1 findings at error level, 2 an input could not be read."""
        if self.unreadable:
            return 2
        return 0 if self.report.valid else 1


@dataclass
class _Index:
    """Every package read so far, with URN look-ups (exact, or latest version when unpinned)."""

    packages: list[MetadataPackage] = field(default_factory=list)
    _items: dict[str, dict[Urn, object]] | None = None
    _known: dict[Urn, str] | None = None

    def add(self, package: MetadataPackage) -> None:
        self.packages.append(package)
        self._items = None
        self._known = None

    def _table(self, kind: str) -> dict[Urn, object]:
        if self._items is None:
            items: dict[str, dict[Urn, object]] = {"var": {}, "cl": {}, "q": {}}
            for p in self.packages:
                for v in (*p.variables, *p.core_variables):
                    items["var"].setdefault(v.urn, v)
                for c in p.code_lists:
                    items["cl"].setdefault(c.urn, c)
                for q in p.questions:
                    items["q"].setdefault(q.urn, q)
            self._items = items
        return self._items[kind]

    def _find(self, kind: str, urn: Urn | None) -> object | None:
        if urn is None:
            return None
        table = self._table(kind)
        if urn in table:
            return table[urn]
        if urn.is_pinned:
            return None
        same = [(u, item) for u, item in table.items() if u.unversioned() == urn]
        if not same:
            return None
        return max(same, key=lambda pair: version_key(pair[0].version or "0"))[1]

    def variable(self, urn: Urn | None) -> Variable | None:
        found = self._find("var", urn)
        return found if isinstance(found, Variable) else None

    def code_list(self, urn: Urn | None) -> CodeList | None:
        found = self._find("cl", urn)
        return found if isinstance(found, CodeList) else None

    def question(self, urn: Urn | None) -> Question | None:
        found = self._find("q", urn)
        return found if isinstance(found, Question) else None

    def core_variable_named(self, name: str) -> CoreVariable | None:
        for p in self.packages:
            for cv in p.core_variables:
                if cv.name == name:
                    return cv
        return None

    def known_objects(self) -> dict[Urn, str]:
        if self._known is not None:
            return self._known
        known: dict[Urn, str] = {}
        for p in self.packages:
            if p.study is not None:
                known[p.study.urn] = "StudyUnit"
            known.update((v.urn, "Variable") for v in p.variables)
            known.update((v.urn, "RepresentedVariable") for v in p.core_variables)
            known.update((c.urn, "CodeList") for c in p.code_lists)
            known.update((q.urn, "QuestionItem") for q in p.questions)
            known.update((c.urn, "Concept") for c in p.all_concepts())
            known.update((c.urn, "Comparison") for c in p.crosswalks)
        self._known = known
        return known


def _unreadable(path: Path | str, exc: InputError) -> Issue:
    return Issue(
        code="input-unreadable",
        severity=Severity.ERROR,
        message=exc.message,
        location=Location(file=exc.path or str(path), line=exc.line),
        hint=exc.hint or "check that the file is complete and in a format harmonise reads",
    )


class _Run:
    """One validation run: collects findings and remembers what it has read."""

    def __init__(
        self,
        settings: Settings | None,
        data: Path | None,
        waived: Sequence[str],
        core_variable: str | None,
        sheet_columns: tuple[str, str] = ("1", "2"),
    ) -> None:
        self.sheet_columns = sheet_columns
        self.settings = settings
        self.data = data
        self.waived = tuple(waived)
        self.core_variable = core_variable
        self.issues: list[Issue] = []
        self.inputs: list[str] = []
        self.unreadable: list[str] = []
        self.index = _Index()
        self.core_loaded = False

    # -- plumbing -----------------------------------------------------------------------------

    def add(self, report: Report) -> None:
        self.issues.extend(report.issues)
        self.inputs.extend(i for i in report.inputs if i not in self.inputs)

    def fail(self, path: Path | str, exc: InputError) -> None:
        self.issues.append(_unreadable(path, exc))
        self.unreadable.append(str(path))

    def load_core(self, registry: Path | None = None) -> None:
        """Read the core questionnaire and vocabularies once (the reference for every check)."""
        if self.core_loaded:
            return
        self.core_loaded = True
        if registry is None:
            if self.settings is None:
                return
            registry = self.settings.registry_dir
        core = registry / "core" / "core-questionnaire.xml"
        if core.is_file():
            self.read_ddi(core, quiet=True)
        vocabularies = (
            self.settings.vocabularies_dir
            if self.settings is not None
            else registry.parent / "vocabularies"
        )
        if vocabularies.is_dir():
            for path in sorted(vocabularies.iterdir()):
                if path.suffix.lower() in _SKOS_SUFFIXES:
                    self.read_vocabulary(path, quiet=True)

    # -- readers ------------------------------------------------------------------------------

    def read_ddi(self, path: Path, quiet: bool = False) -> MetadataPackage | None:
        try:
            package, report = read_metadata(path)
        except InputError as exc:
            self.fail(path, exc)
            return None
        self.index.add(package)
        if not quiet or not report.valid:
            self.add(report)
        self.add(validate_package(package, file=str(path), waived=self.waived))
        return package

    def read_vocabulary(self, path: Path, quiet: bool = False) -> None:
        try:
            content, report = read_skos(path)
        except InputError as exc:
            self.fail(path, exc)
            return
        package = MetadataPackage(
            code_lists=content.code_lists,
            concept_schemes=content.concept_schemes,
            concepts=content.concepts,
        )
        self.index.add(package)
        if not quiet or not report.valid:
            self.add(report)
        self.add(validate_package(package, file=str(path), waived=self.waived))

    # -- crosswalks ---------------------------------------------------------------------------

    def context(
        self,
        crosswalk: Crosswalk,
        file: str | None,
        counts: dict[str, dict[str, int]] | None,
        known: bool,
        rows: dict[int, int] | None = None,
    ) -> CrosswalkContext:
        src = self.index.variable(crosswalk.source_variable)
        tgt = self.index.variable(crosswalk.target_variable)
        src_cl = self.index.code_list(
            crosswalk.source_code_list or (src.code_list if src else None)
        )
        tgt_cl = self.index.code_list(
            crosswalk.target_code_list or (tgt.code_list if tgt else None)
        )
        value_counts_ = None
        if counts is not None and src is not None and src.name in counts:
            value_counts_ = counts[src.name]
        return CrosswalkContext(
            crosswalk=crosswalk,
            source_code_list=src_cl,
            target_code_list=tgt_cl,
            source_variable=src,
            target_variable=tgt,
            source_question=self.index.question(src.question if src else None),
            target_question=self.index.question(tgt.question if tgt else None),
            value_counts=value_counts_,
            known_objects=self.index.known_objects() if known else None,
            file=file,
            rows=rows or {},
        )

    def check_crosswalks(
        self,
        crosswalks: Sequence[tuple[Crosswalk, str | None]],
        data_files: Sequence[Path] = (),
        known: bool = True,
    ) -> None:
        counts = self.counts_for(crosswalks, data_files)
        for crosswalk, file in crosswalks:
            ctx = self.context(crosswalk, file, counts, known)
            self.add(validate_crosswalk(ctx, waived=self.waived))

    def counts_for(
        self, crosswalks: Sequence[tuple[Crosswalk, str | None]], data_files: Sequence[Path]
    ) -> dict[str, dict[str, int]] | None:
        files = [*data_files, *([self.data] if self.data is not None else [])]
        if not files:
            return None
        names = set()
        for crosswalk, _ in crosswalks:
            var = self.index.variable(crosswalk.source_variable)
            if var is not None:
                names.add(var.name)
        merged: dict[str, dict[str, int]] = {}
        for path in files:
            try:
                columns = set(read_column_names(path))
                present = [n for n in sorted(names) if n in columns]
                for name, counts in value_counts(path, present).items():
                    target = merged.setdefault(name, {})
                    for value, n in counts.items():
                        target[value] = target.get(value, 0) + n
            except InputError as exc:
                self.fail(path, exc)
        return merged

    # -- what a path is -----------------------------------------------------------------------

    def validate_path(self, path: Path) -> None:
        if not path.exists():
            self.fail(path, InputError("no such file or folder", path=path, hint="check the path"))
            return
        self.inputs.append(str(path))
        if path.is_dir():
            self.validate_folder(path)
            return
        suffix = path.suffix.lower()
        if suffix == ".xml":
            self.validate_ddi_file(path)
        elif suffix in _YAML_SUFFIXES:
            self.validate_yaml(path)
        elif suffix in _SHEET_SUFFIXES:
            self.validate_sheet(path)
        elif suffix in _SKOS_SUFFIXES:
            self.read_vocabulary(path)
        elif suffix in MICRODATA_SUFFIXES:
            self.validate_microdata(path)
        else:
            self.fail(
                path,
                InputError(
                    f"harmonise cannot validate {suffix or 'files without a suffix'}",
                    path=path,
                    hint="give a registry or study folder, a DDI .xml, a crosswalk .yaml/.csv/"
                    ".xlsx, a SKOS .ttl/.rdf/.jsonld or a microdata file",
                ),
            )

    def validate_folder(self, folder: Path) -> None:
        if (folder / "registry").is_dir():
            self.validate_registry(folder / "registry")
        elif (folder / "core").is_dir() and (folder / "studies").is_dir():
            self.validate_registry(folder)
        elif (folder / "codebook.xml").is_file():
            self.load_core(_registry_above(folder))
            self.validate_study_version(folder)
        elif any((child / "codebook.xml").is_file() for child in _subfolders(folder)):
            self.load_core(_registry_above(folder))
            for version in _versions(folder):
                self.validate_study_version(version)
        elif any(p.suffix.lower() in _YAML_SUFFIXES for p in folder.iterdir()):
            self.load_core(_registry_above(folder))
            study_version = folder.parent
            if (study_version / "codebook.xml").is_file():
                self.read_ddi(study_version / "codebook.xml", quiet=True)
            self.validate_crosswalk_folder(folder, known=False)
        else:
            self.fail(
                folder,
                InputError(
                    "not a registry, study or crosswalk folder",
                    path=folder,
                    hint="a study version folder holds codebook.xml; a registry holds core/ "
                    "and studies/",
                ),
            )

    def validate_registry(self, registry: Path) -> None:
        self.load_core(registry)
        studies = registry / "studies"
        latest: dict[str, list[Crosswalk]] = {}
        for study in _subfolders(studies):
            versions = _versions(study)
            for version in versions:
                crosswalks = self.validate_study_version(version)
                if version == versions[-1]:
                    latest[study.name] = crosswalks
        self.add(validate_packages(self.index.packages, waived=self.waived))
        figures = registry / "figures"
        if figures.is_dir():
            for path in sorted(figures.glob("*.yaml")):
                self.validate_figure(path, latest)

    def validate_study_version(self, folder: Path) -> list[Crosswalk]:
        for name in ("codebook.xml", "qualitative.xml"):
            if (folder / name).is_file():
                self.read_ddi(folder / name)
        data_dir = folder / "data"
        data_files = (
            sorted(p for p in data_dir.iterdir() if p.suffix.lower() in MICRODATA_SUFFIXES)
            if data_dir.is_dir()
            else []
        )
        return self.validate_crosswalk_folder(folder / "crosswalks", data_files=data_files)

    def validate_crosswalk_folder(
        self, folder: Path, data_files: Sequence[Path] = (), known: bool = True
    ) -> list[Crosswalk]:
        if not folder.is_dir():
            return []
        try:
            crosswalks = load_crosswalks(folder)
        except InputError as exc:
            self.fail(folder, exc)
            return []
        pairs = [(cw, _crosswalk_path(folder, cw)) for cw in crosswalks]
        self.check_crosswalks(pairs, data_files, known=known)
        return crosswalks

    def validate_ddi_file(self, path: Path) -> None:
        self.load_core(_registry_above(path))
        package = self.read_ddi(path)
        if package is None:
            return
        if package.crosswalks:
            self.check_crosswalks([(cw, str(path)) for cw in package.crosswalks], known=False)
        elif self.data is not None:
            self.check_variable_data(package, self.data)

    def check_variable_data(self, package: MetadataPackage, data: Path) -> None:
        try:
            columns = set(read_column_names(data))
            coded = [v for v in package.variables if v.name in columns]
            counts = value_counts(data, [v.name for v in coded])
        except InputError as exc:
            self.fail(data, exc)
            return
        for var in coded:
            code_list = package.code_list(var.code_list)
            self.add(validate_variable_data(var, code_list, counts[var.name], file=str(data)))

    def validate_yaml(self, path: Path) -> None:
        self.load_core(_registry_above(path))
        if path.parent.name == "figures":
            self.validate_figure(path, None)
            return
        try:
            crosswalk = read_crosswalk_file(path)
        except InputError as exc:
            self.fail(path, exc)
            return
        codebook = path.parent.parent / "codebook.xml"
        if codebook.is_file():
            self.read_ddi(codebook, quiet=True)
        self.check_crosswalks([(crosswalk, str(path))], known=False)

    def validate_sheet(self, path: Path) -> None:
        self.load_core(_registry_above(path))
        try:
            mapping, report = read_long_sheet(
                path, source=self.sheet_columns[0], target=self.sheet_columns[1]
            )
        except InputError as exc:
            self.fail(path, exc)
            return
        self.add(report)
        core = self.index.core_variable_named(self.core_variable) if self.core_variable else None
        if self.core_variable and core is None:
            self.fail(
                path,
                InputError(
                    f"core variable {self.core_variable!r} is not in the registry core",
                    path=path,
                    hint="give the name of a core variable (see harmonise search)",
                ),
            )
            return
        agency = self.settings.agency if self.settings is not None else "org.example.migreg"
        source = Urn(agency, _sheet_id(path), "1.0.0")
        crosswalk = crosswalk_from_rows(
            mapping.rows,
            urn=Urn(agency, _sheet_id(path) + "-XW", "1.0.0"),
            source_variable=source,
            target_variable=core.urn if core is not None else Urn(agency, "CORE", "1.0.0"),
            target_code_list=core.code_list if core is not None else None,
        )
        first_row: dict[str, int] = {}
        for row in mapping.rows:
            first_row.setdefault(row.source, row.row)
        rows = {
            i: first_row.get(a.sources[0], i + 1)
            for i, a in enumerate(crosswalk.associations)
            if a.sources
        }
        ctx = self.context(crosswalk, str(path), None, known=False, rows=rows)
        report = validate_crosswalk(ctx, waived=self.waived)
        # a sheet carries no title or issue date: rule 8 applies when the crosswalk is published
        self.add(Report.of((i for i in report if i.code not in _PUBLICATION_ONLY), report.inputs))

    def validate_microdata(self, path: Path) -> None:
        try:
            info = read_microdata_info(path)
        except InputError as exc:
            self.fail(path, exc)
            return
        self.add(Report.of(info.issues, [str(path)]))

    def validate_figure(self, path: Path, latest: dict[str, list[Crosswalk]] | None) -> None:
        try:
            figure = read_figure_definition(path)
        except InputError as exc:
            self.fail(path, exc)
            return
        if latest is None:
            return
        names: set[str] = set(figure.breakdowns)
        for text in (figure.universe, figure.indicator.expression):
            if text:
                names |= condition_names(text)
        if figure.weight:
            names.add(figure.weight)
        variables = [cv for name in sorted(names) if (cv := self.index.core_variable_named(name))]
        by_study = {s: latest.get(s, []) for s in figure.studies}
        self.issues.extend(check_figure_coverage(figure.id, variables, by_study, file=str(path)))

    def result(self) -> ValidationResult:
        report = Report(issues=tuple(self.issues), inputs=tuple(self.inputs))
        return ValidationResult(report=report, unreadable=tuple(self.unreadable))


def _subfolders(folder: Path) -> list[Path]:
    if not folder.is_dir():
        return []
    return sorted(p for p in folder.iterdir() if p.is_dir())


def _versions(study: Path) -> list[Path]:
    found = [p for p in _subfolders(study) if (p / "codebook.xml").is_file()]

    def key(p: Path) -> tuple[int, ...]:
        try:
            return version_key(p.name)
        except ValueError:
            return (-1,)

    return sorted(found, key=key)


def _registry_above(path: Path) -> Path | None:
    for folder in (path, *path.resolve().parents):
        if (folder / "core").is_dir() and (folder / "studies").is_dir():
            return folder
        if folder.name == "registry" and (folder / "core").is_dir():
            return folder
    return None


def _crosswalk_path(folder: Path, crosswalk: Crosswalk) -> str:
    path = folder / crosswalk_file_name(crosswalk)
    return str(path) if path.is_file() else str(folder)


def _sheet_id(path: Path) -> str:
    return safe_id(path.stem)


def validate_paths(
    paths: Sequence[str | Path],
    *,
    data: str | Path | None = None,
    settings: Settings | None = None,
    waived: Sequence[str] = (),
    core_variable: str | None = None,
    sheet_columns: tuple[str, str] = ("1", "2"),
) -> ValidationResult:
    """Validate registries, study folders, DDI files, crosswalks and vocabularies in one run.

    Args:
        paths: What to validate; an empty list validates the registry of ``settings``.
        data: A microdata file whose value counts feed the data rules.
        settings: Where the registry's core lives (the reference for crosswalks); when None,
            the registry is looked for above each path.
        waived: Rule codes whose findings are downgraded to info.
        core_variable: For a crosswalk sheet: the core variable it maps onto.
        sheet_columns: For a crosswalk sheet (long layout): the source and target code columns
            (header text, letter or 1-based number).

    Returns:
        Every finding and the inputs that could not be read.
    """
    run = _Run(
        settings, Path(data) if data is not None else None, waived, core_variable, sheet_columns
    )
    if run.data is not None and not run.data.is_file():
        run.fail(run.data, InputError("data file not found", path=run.data, hint="check --data"))
    targets = [Path(p) for p in paths]
    if not targets and settings is not None:
        targets = [settings.registry_dir]
    for path in targets:
        run.validate_path(path)
    return run.result()


def iter_findings(result: ValidationResult) -> Iterator[Issue]:
    """The findings sorted errors first, then by file and line (for printing)."""
    yield from result.report.sorted().issues


def result_json(result: ValidationResult) -> dict[str, object]:
    """The ``--format json`` document: inputs, counts, exit code and every finding."""
    report = result.report
    return {
        "valid": report.valid and not result.unreadable,
        "exit_code": result.exit_code,
        "inputs": list(report.inputs),
        "unreadable": list(result.unreadable),
        "counts": report.counts(),
        "by_code": report.by_code(),
        "issues": [issue.model_dump(mode="json", exclude_none=True) for issue in report.issues],
    }


def _group_key(issue: Issue) -> str:
    return issue.location.file or issue.location.urn or "(registry)"


def grouped_findings(result: ValidationResult) -> dict[str, list[Issue]]:
    """Findings grouped by file (else URN), each group sorted errors first, then by row/line."""
    groups: dict[str, list[Issue]] = {}
    for issue in result.report.sorted().issues:
        groups.setdefault(_group_key(issue), []).append(issue)
    return dict(sorted(groups.items()))


def result_junit(result: ValidationResult) -> str:
    """JUnit XML so that a producer's CI shows the findings (one test suite per file).

    Every finding is a test case; errors are ``<failure>``, warnings and notes pass with the
    message in ``<system-out>``. An input without findings is one passing test case.
    """
    root = ElementTree.Element("testsuites", name="harmonise validate")
    groups = grouped_findings(result)
    for name in result.report.inputs:
        if not any(key == name or key.startswith(name.rstrip("/") + "/") for key in groups):
            groups.setdefault(name, [])
    total = failures = 0
    for name, issues in sorted(groups.items()):
        suite_failures = sum(1 for i in issues if i.severity is Severity.ERROR)
        suite = ElementTree.SubElement(
            root,
            "testsuite",
            name=name,
            tests=str(max(1, len(issues))),
            failures=str(suite_failures),
            errors="0",
        )
        if not issues:
            ElementTree.SubElement(suite, "testcase", classname=name, name="valid")
        for issue in issues:
            where = str(issue.location)
            case = ElementTree.SubElement(
                suite, "testcase", classname=name, name=f"{issue.code}: {where}"
            )
            text = issue.message + (f"\nhint: {issue.hint}" if issue.hint else "")
            if issue.severity is Severity.ERROR:
                failure = ElementTree.SubElement(
                    case, "failure", type=issue.code, message=issue.message
                )
                failure.text = f"{where}\n{text}"
            else:
                out = ElementTree.SubElement(case, "system-out")
                out.text = f"{issue.severity.value}: {text}"
        total += max(1, len(issues))
        failures += suite_failures
    root.set("tests", str(total))
    root.set("failures", str(failures))
    root.set("errors", "0")
    ElementTree.indent(root)
    return ElementTree.tostring(root, encoding="unicode", xml_declaration=True) + "\n"

"""SKOS / XKOS reader: concept schemes and code lists from Turtle, RDF/XML or JSON-LD.

Implements the DDI <-> SKOS alignment of STANDARDS.md §3.5: a ``skos:ConceptScheme`` becomes a
:class:`~harmonise.model.ConceptScheme`; when every concept of the scheme carries a
``skos:notation`` it is *also* returned as a :class:`~harmonise.model.CodeList` (notation ->
``Code.value``, ``skos:prefLabel`` per language -> category label, ``mig:isMissing`` /
``mig:missingType`` (§6.3) -> ``Code.missing`` / ``Code.missing_type``, ``skos:broader`` inside the
scheme -> ``Code.parent`` / ``Code.level``). Concepts in no scheme are returned on their own.

Safety (DESIGN.md §2 principle 5): nothing is fetched. ``owl:imports`` are never followed (a
finding says so), a JSON-LD document whose ``@context`` is a remote reference is refused, an
RDF/XML document declaring entities is refused, and files over :data:`MAX_SKOS_BYTES` are refused.

Findings (codes listed by ``harmonise rules``): SKOS integrity S14 ``skos-duplicate-preflabel``,
S9 ``skos-class-overlap``, S46 ``skos-match-conflict`` (STANDARDS.md §3.2, §6.4 rule 10), plus
``skos-iri-invalid`` (an IRI with a space or another character IRIs forbid: kept as written)
and ``skos-import-not-followed``.

Deviations: URNs come from ``dcterms:identifier`` when it is a DDI URN; otherwise they are minted
deterministically from the IRI (``<scheme-id>-<concept-local-name>``, no dot, so the DDI XSD's
ID quirk cannot bite) under the given agency, version from ``owl:versionInfo`` when it is a DDI
version, else ``1.0.0``. Codes are ordered by notation (numeric when every notation is a number).
"""

from __future__ import annotations

import json
import logging
import re
import warnings
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import rdflib
from rdflib import RDF, Literal, URIRef
from rdflib.namespace import DCTERMS, OWL, SKOS

from harmonise.config import DEFAULT_AGENCY, DEFAULT_IRI_BASE
from harmonise.errors import InputError, UnsupportedFormatError
from harmonise.issues import Issue, Location, Report, Severity
from harmonise.model import (
    Category,
    Code,
    CodeList,
    Concept,
    ConceptScheme,
    LocalizedText,
    MissingType,
    Urn,
    safe_id,
)

#: Largest SKOS file read, in bytes.
MAX_SKOS_BYTES = 50 * 1024 * 1024

#: The project namespace of ``mig:isMissing`` / ``mig:missingType`` (STANDARDS.md §6.3).
MIG_NAMESPACE = DEFAULT_IRI_BASE + "ns#"

_FORMATS = {
    ".ttl": "turtle",
    ".turtle": "turtle",
    ".nt": "nt",
    ".rdf": "xml",
    ".owl": "xml",
    ".xml": "xml",
    ".jsonld": "json-ld",
    ".json": "json-ld",
}
#: Faster Oxigraph parsers (oxrdflib) tried first; rdflib's own are the lenient fall-back.
_FAST = {"turtle": "ox-turtle", "nt": "ox-ntriples"}
_VERSION = re.compile(r"[0-9]+(\.[0-9]+)*")
_BAD_IRI_CHARS = re.compile(r"[\s<>\"{}|\\^`]")
_LINE = re.compile(r"line (\d+)|:(\d+):")


@dataclass(frozen=True)
class SkosContent:
    """What a SKOS file holds.

    Attributes:
        concept_schemes: Every concept scheme, with its concepts.
        code_lists: The schemes whose concepts all carry a notation, as code lists.
        concepts: Concepts in no scheme.
    """

    concept_schemes: tuple[ConceptScheme, ...] = ()
    code_lists: tuple[CodeList, ...] = ()
    concepts: tuple[Concept, ...] = ()


def _format_of(path: Path) -> str:
    fmt = _FORMATS.get(path.suffix.lower())
    if fmt is None:
        raise UnsupportedFormatError(
            f"not a SKOS file ({path.suffix or 'no suffix'})",
            path=path,
            hint="use .ttl, .rdf, .owl, .nt or .jsonld",
        )
    return fmt


def _remote_contexts(node: Any) -> Iterator[str]:
    if isinstance(node, dict):
        for key, value in node.items():
            if key == "@context":
                items = value if isinstance(value, list) else [value]
                yield from (i for i in items if isinstance(i, str))
                for i in items:
                    if isinstance(i, dict):
                        yield from _remote_contexts(i)
            else:
                yield from _remote_contexts(value)
    elif isinstance(node, list):
        for item in node:
            yield from _remote_contexts(item)


def _check_safe(path: Path, fmt: str, data: bytes) -> None:
    if fmt == "json-ld":
        try:
            doc = json.loads(data)
        except (ValueError, UnicodeDecodeError) as exc:
            raise InputError(f"not valid JSON: {exc}", path=path) from exc
        remote = sorted(set(_remote_contexts(doc)))
        if remote:
            raise InputError(
                f"JSON-LD refers to a remote @context ({remote[0]}); harmonise never fetches it",
                path=path,
                hint="inline the context in the document",
            )
    if fmt == "xml" and b"<!ENTITY" in data[: 1 << 20]:
        raise InputError(
            "RDF/XML declares entities; refused for safety",
            path=path,
            hint="expand the entities before importing",
        )


def _parse(path: Path) -> rdflib.Graph:
    fmt = _format_of(path)
    if not path.is_file():
        raise InputError("file not found", path=path, hint="check the path")
    if path.stat().st_size > MAX_SKOS_BYTES:
        raise InputError(
            f"file larger than {MAX_SKOS_BYTES // (1024 * 1024)} MB", path=path, hint="split it"
        )
    data = path.read_bytes()
    _check_safe(path, fmt, data)
    errors: list[str] = []
    for parser in (_FAST.get(fmt), fmt):
        if parser is None:
            continue
        graph = rdflib.Graph()
        term_log = logging.getLogger("rdflib.term")
        level = term_log.level
        # invalid IRIs are reported as skos-iri-invalid findings, not as log lines
        term_log.setLevel(logging.ERROR)
        try:
            with warnings.catch_warnings():
                # rdflib's JSON-LD parser goes through a deprecated ConjunctiveGraph internally
                warnings.simplefilter("ignore", DeprecationWarning)
                graph.parse(data=data, format=parser, publicID=path.resolve().as_uri())
        except Exception as exc:
            errors.append(str(exc))
            continue
        finally:
            term_log.setLevel(level)
        return graph
    message = errors[-1] if errors else "unknown error"
    m = _LINE.search(message)
    line = int(m.group(1) or m.group(2)) if m else None
    raise InputError(f"could not parse the RDF: {message}", path=path, line=line)


def _text(values: Iterable[Any]) -> LocalizedText:
    found: dict[str, str] = {}
    for v in sorted(values, key=str):
        if isinstance(v, Literal):
            found.setdefault(v.language or "", str(v))
    return LocalizedText(found)


def _local_name(iri: str) -> str:
    tail = iri.rstrip("/#")
    for sep in ("#", "/", ":"):
        if sep in tail:
            tail = tail.rsplit(sep, 1)[1] if sep != "#" else tail.split("#", 1)[1]
            break
    return tail


def _scheme_tail(iri: str) -> str:
    stripped = iri.rstrip("/#")
    last = stripped.rsplit("/", 1)[-1]
    return last.replace("#", "-")


def _identifier_urn(graph: rdflib.Graph, node: URIRef) -> Urn | None:
    for ident in graph.objects(node, DCTERMS.identifier):
        text = str(ident)
        if Urn.is_urn(text):
            urn = Urn.parse(text, require_version=False)
            return urn if urn.is_pinned else urn.with_version("1.0.0")
    return None


def _version(graph: rdflib.Graph, node: URIRef) -> str:
    for v in graph.objects(node, OWL.versionInfo):
        text = str(v).strip()
        if _VERSION.fullmatch(text):
            return text
    return "1.0.0"


def _number_key(value: str) -> tuple[int, float, str]:
    try:
        return (0, float(value), value)
    except ValueError:
        return (1, 0.0, value)


class _Reader:
    def __init__(self, graph: rdflib.Graph, path: Path, agency: str, mig: str) -> None:
        self.g = graph
        self.path = path
        self.agency = agency
        self.is_missing = URIRef(mig + "isMissing")
        self.missing_type = URIRef(mig + "missingType")
        self.issues: list[Issue] = []
        self.concept_urns: dict[URIRef, Urn] = {}

    def issue(
        self, code: str, severity: Severity, message: str, hint: str, urn: Urn | None
    ) -> None:
        self.issues.append(
            Issue(
                code=code,
                severity=severity,
                message=message,
                location=Location(file=str(self.path), urn=None if urn is None else str(urn)),
                hint=hint,
            )
        )

    # -- integrity ----------------------------------------------------------------------------

    def check_graph(self) -> None:
        bad = sorted(
            {str(t) for triple in self.g for t in triple if isinstance(t, URIRef)}
            if len(self.g) < 2_000_000
            else set()
        )
        for iri in bad:
            if _BAD_IRI_CHARS.search(iri):
                self.issue(
                    "skos-iri-invalid",
                    Severity.WARNING,
                    f"IRI {iri!r} contains a character IRIs forbid; kept as written",
                    "percent-encode the character (a space is %20) in the vocabulary",
                    None,
                )
        for imported in sorted(self.g.objects(None, OWL.imports), key=str):
            self.issue(
                "skos-import-not-followed",
                Severity.INFO,
                f"owl:imports {imported} was not followed (harmonise never fetches)",
                "import that vocabulary file separately if you need it",
                None,
            )
        for node in sorted(
            set(self.g.subjects(RDF.type, SKOS.Concept))
            & set(self.g.subjects(RDF.type, SKOS.ConceptScheme)),
            key=str,
        ):
            self.issue(
                "skos-class-overlap",
                Severity.ERROR,
                f"{node} is both a skos:Concept and a skos:ConceptScheme (S9)",
                "a resource is either a concept or a scheme; mint a separate IRI",
                None,
            )
        for s, o in sorted(self.g.subject_objects(SKOS.exactMatch), key=str):
            if (s, SKOS.broadMatch, o) in self.g or (s, SKOS.relatedMatch, o) in self.g:
                self.issue(
                    "skos-match-conflict",
                    Severity.ERROR,
                    f"{s} is an exactMatch of {o} and also a broadMatch/relatedMatch (S46)",
                    "keep one mapping relation per pair of concepts",
                    None,
                )

    def pref_label(self, node: URIRef, urn: Urn) -> LocalizedText:
        by_lang: dict[str, list[str]] = {}
        for v in self.g.objects(node, SKOS.prefLabel):
            if isinstance(v, Literal):
                by_lang.setdefault(v.language or "", []).append(str(v))
        for lang, texts in sorted(by_lang.items()):
            if len(set(texts)) > 1:
                self.issue(
                    "skos-duplicate-preflabel",
                    Severity.ERROR,
                    f"{node} has {len(set(texts))} prefLabels in language {lang or '(none)'} (S14)",
                    "keep one prefLabel per language; make the others altLabels",
                    urn,
                )
        return LocalizedText({lang: sorted(texts)[0] for lang, texts in by_lang.items()})

    # -- schemes and concepts -----------------------------------------------------------------

    def scheme_members(self, scheme: URIRef) -> set[URIRef]:
        members: set[Any] = set(self.g.subjects(SKOS.inScheme, scheme))
        members |= set(self.g.subjects(SKOS.topConceptOf, scheme))
        members |= set(self.g.objects(scheme, SKOS.hasTopConcept))
        return {m for m in members if isinstance(m, URIRef)}

    def scheme_urn(self, scheme: URIRef) -> Urn:
        return _identifier_urn(self.g, scheme) or Urn(
            self.agency, safe_id(_scheme_tail(str(scheme))), _version(self.g, scheme)
        )

    def mint_concept_urns(self, scheme_urn: Urn, members: Iterable[URIRef]) -> dict[URIRef, Urn]:
        result: dict[URIRef, Urn] = {}
        used: set[str] = set()
        for node in sorted(members, key=str):
            known = _identifier_urn(self.g, node)
            if known is not None:
                result[node] = known
                continue
            base = f"{scheme_urn.id}-{safe_id(_local_name(str(node)))}".replace(".", "-")
            new_id, n = base, 1
            while new_id in used:
                n += 1
                new_id = f"{base}-{n}"
            used.add(new_id)
            result[node] = Urn(scheme_urn.agency, new_id, scheme_urn.version)
        return result

    def concept(
        self, node: URIRef, urn: Urn, scheme: Urn | None, urns: dict[URIRef, Urn]
    ) -> Concept:
        alt: dict[str, list[str]] = {}
        for v in self.g.objects(node, SKOS.altLabel):
            if isinstance(v, Literal):
                alt.setdefault(v.language or "", []).append(str(v))
        alt_labels = tuple(
            LocalizedText({lang: text})
            for lang, texts in sorted(alt.items())
            for text in sorted(texts)
        )
        notations = sorted(str(n) for n in self.g.objects(node, SKOS.notation))
        # skos:narrower is the inverse of skos:broader: read both directions
        parents: set[Any] = set(self.g.objects(node, SKOS.broader))
        parents |= set(self.g.subjects(SKOS.narrower, node))
        broader = sorted({urns[b] for b in parents if isinstance(b, URIRef) and b in urns}, key=str)
        return Concept(
            urn=urn,
            iri=str(node),
            label=self.pref_label(node, urn),
            alt_labels=alt_labels,
            definition=_text(self.g.objects(node, SKOS.definition)),
            notation=notations[0] if notations else None,
            broader=tuple(broader),
            scheme=scheme,
        )

    def missing_of(self, node: URIRef) -> tuple[bool, MissingType | None]:
        missing = any(
            str(v).strip().lower() in ("true", "1") for v in self.g.objects(node, self.is_missing)
        )
        kind: MissingType | None = None
        for v in self.g.objects(node, self.missing_type):
            name = _local_name(str(v)) if isinstance(v, URIRef) else str(v).strip()
            try:
                kind = MissingType(name)
            except ValueError:
                kind = MissingType.OTHER
            missing = True
        return missing, kind

    def code_list(self, scheme: ConceptScheme, nodes: dict[Urn, URIRef]) -> CodeList | None:
        concepts = scheme.concepts
        if not concepts or any(c.notation is None for c in concepts):
            return None
        by_urn = {c.urn: c for c in concepts}

        def depth(c: Concept, seen: frozenset[Urn] = frozenset()) -> int:
            parents = [by_urn[b] for b in c.broader if b in by_urn and b not in seen]
            return 1 + (depth(parents[0], seen | {c.urn}) if parents else 0)

        numeric = all(_number_key(c.notation or "")[0] == 0 for c in concepts)
        ordered = sorted(
            concepts,
            key=lambda c: _number_key(c.notation or "") if numeric else (1, 0.0, c.notation or ""),
        )
        codes: list[Code] = []
        for c in ordered:
            missing, kind = self.missing_of(nodes[c.urn])
            parent = next((by_urn[b].notation for b in c.broader if b in by_urn), None)
            codes.append(
                Code(
                    value=c.notation or "",
                    category=Category(urn=c.urn, label=c.label, description=c.definition),
                    missing=missing,
                    missing_type=kind,
                    level=depth(c),
                    parent=parent,
                )
            )
        scheme_node = nodes[scheme.urn]
        names = sorted(str(n) for n in self.g.objects(scheme_node, SKOS.notation))
        return CodeList(
            urn=scheme.urn,
            name=names[0] if names else scheme.urn.id,
            label=scheme.label,
            codes=tuple(codes),
        )

    def read(self) -> SkosContent:
        self.check_graph()
        schemes: list[ConceptScheme] = []
        code_lists: list[CodeList] = []
        in_scheme: set[URIRef] = set()
        scheme_nodes = sorted(
            {s for s in self.g.subjects(RDF.type, SKOS.ConceptScheme) if isinstance(s, URIRef)},
            key=str,
        )
        for node in scheme_nodes:
            urn = self.scheme_urn(node)
            members = self.scheme_members(node)
            in_scheme |= members
            urns = self.mint_concept_urns(urn, members)
            label = self.pref_label(node, urn) or _text(self.g.objects(node, DCTERMS.title))
            concepts = tuple(self.concept(m, urns[m], urn, urns) for m in sorted(members, key=str))
            scheme = ConceptScheme(urn=urn, iri=str(node), label=label, concepts=concepts)
            schemes.append(scheme)
            nodes = {u: n for n, u in urns.items()} | {urn: node}
            cl = self.code_list(scheme, nodes)
            if cl is not None:
                code_lists.append(cl)
        loose_nodes = {
            c for c in self.g.subjects(RDF.type, SKOS.Concept) if isinstance(c, URIRef)
        } - in_scheme
        loose_urns = {
            n: _identifier_urn(self.g, n) or Urn(self.agency, safe_id(_local_name(str(n))), "1.0.0")
            for n in loose_nodes
        }
        loose = tuple(
            self.concept(n, loose_urns[n], None, loose_urns) for n in sorted(loose_nodes, key=str)
        )
        return SkosContent(tuple(schemes), tuple(code_lists), loose)


def read_skos(
    path: str | Path, agency: str = DEFAULT_AGENCY, mig_namespace: str = MIG_NAMESPACE
) -> tuple[SkosContent, Report]:
    """Read a SKOS/XKOS file into concept schemes and code lists.

    Args:
        path: A Turtle (.ttl), RDF/XML (.rdf/.owl/.xml), N-Triples (.nt) or JSON-LD (.jsonld)
            file.
        agency: Agency of minted URNs.
        mig_namespace: Namespace of ``isMissing`` / ``missingType``.

    Returns:
        The content and a report of integrity findings.

    Raises:
        InputError: When the file cannot be read or parsed, or is refused for safety.
    """
    p = Path(path)
    graph = _parse(p)
    reader = _Reader(graph, p, agency, mig_namespace)
    content = reader.read()
    return content, Report.of(reader.issues, [str(p)])

"""The catalog's RDF graph: rdflib's API over an on-disk Oxigraph store (oxrdflib).

The graph holds the vocabularies (SKOS Turtle, bulk-loaded as they are), the crosswalks as XKOS
correspondences and the DDI items as simple RDF (dcterms/skos), so the API's SPARQL endpoint can
query it (DESIGN.md §2 principle 6; STANDARDS.md §3). The store is written once per build and
then opened read-only.

:func:`CatalogGraph.query` is the read-only SPARQL entry point, with a time limit and a result
limit. Deviations: the time limit is checked between solutions, so a query that computes for long
before yielding its first solution (a large ORDER BY or GROUP BY) can overrun it; SPARQL
``SERVICE`` is refused outright because Oxigraph would fetch the remote endpoint, and the server
never goes to the network (DESIGN.md §2 principle 5).
"""

from __future__ import annotations

import re
import time
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pyoxigraph as ox
import rdflib
from oxrdflib import OxigraphStore
from rdflib.graph import DATASET_DEFAULT_GRAPH_ID

from harmonise.errors import CatalogError

Triple = tuple[rdflib.term.Node, rdflib.term.Node, rdflib.term.Node]


class SparqlError(ValueError):
    """A SPARQL query was refused, could not be parsed, or ran out of time."""


class SparqlTimeout(SparqlError):
    """A SPARQL query did not finish within its time limit."""


def _to_ox(term: rdflib.term.Node) -> Any:
    if isinstance(term, rdflib.URIRef):
        return ox.NamedNode(str(term))
    if isinstance(term, rdflib.BNode):
        return ox.BlankNode(str(term))
    if isinstance(term, rdflib.Literal):
        if term.language:
            return ox.Literal(str(term), language=term.language)
        if term.datatype is not None:
            return ox.Literal(str(term), datatype=ox.NamedNode(str(term.datatype)))
        return ox.Literal(str(term))
    raise TypeError(f"not an RDF term: {term!r}")


def write_graph(path: Path, turtle_files: Iterable[Path], triples: Iterable[Triple]) -> int:
    """Create the graph store: load the Turtle files, then add the triples.

    Args:
        path: A folder that does not exist yet.
        turtle_files: SKOS vocabularies to bulk-load into the default graph.
        triples: Further triples (items, crosswalks).

    Returns:
        The number of triples in the store.

    Raises:
        CatalogError: When a Turtle file cannot be loaded.
    """
    store = ox.Store(str(path))
    for ttl in turtle_files:
        try:
            store.bulk_load(path=str(ttl), format=ox.RdfFormat.TURTLE)
        except (SyntaxError, OSError, ValueError) as exc:
            raise CatalogError(f"cannot load {ttl} into the graph: {exc}") from exc
    graph = ox.DefaultGraph()
    batch: list[Any] = []
    # IRIs repeat across triples (predicates, schemes, concepts): convert each term once
    seen: dict[rdflib.term.Node, Any] = {}

    def term(node: rdflib.term.Node) -> Any:
        found = seen.get(node)
        if found is None:
            found = seen[node] = _to_ox(node)
        return found

    for s, p, o in triples:
        batch.append(ox.Quad(term(s), term(p), term(o), graph))
        if len(batch) >= 50_000:
            store.bulk_extend(batch)
            batch = []
    if batch:
        store.bulk_extend(batch)
    store.flush()
    store.optimize()
    count = len(store)
    del store  # closes the database so that readers may open it
    return count


_LEXICAL_NOISE = re.compile(
    r'"""(?:[^"\\]|\\.|"(?!""))*"""'
    r"|'''(?:[^'\\]|\\.|'(?!''))*'''"
    r'|"(?:[^"\\\n]|\\.)*"'
    r"|'(?:[^'\\\n]|\\.)*'"
    r"|<[^<>\"{}|^`\\\s]*>"
    r"|#[^\n]*",
    re.DOTALL,
)
_SERVICE = re.compile(r"\bSERVICE\b", re.IGNORECASE)


def _term_json(term: Any) -> dict[str, str]:
    if isinstance(term, ox.NamedNode):
        return {"type": "uri", "value": term.value}
    if isinstance(term, ox.BlankNode):
        return {"type": "bnode", "value": term.value}
    if isinstance(term, ox.Literal):
        out = {"type": "literal", "value": term.value}
        if term.language:
            out["xml:lang"] = term.language
        elif term.datatype.value != "http://www.w3.org/2001/XMLSchema#string":
            out["datatype"] = term.datatype.value
        return out
    return {"type": "literal", "value": str(term)}


@dataclass(frozen=True)
class SparqlResult:
    """The answer of a SPARQL query.

    Attributes:
        kind: ``select``, ``ask`` or ``graph`` (CONSTRUCT/DESCRIBE).
        variables: Projected variable names (SELECT).
        bindings: Solutions in the W3C SPARQL 1.1 JSON results form (SELECT).
        boolean: The answer of an ASK.
        ntriples: The triples of a CONSTRUCT or DESCRIBE, as N-Triples.
        truncated: True when the result limit cut the answer short.
    """

    kind: str
    variables: tuple[str, ...] = ()
    bindings: tuple[dict[str, dict[str, str]], ...] = ()
    boolean: bool | None = None
    ntriples: str = ""
    truncated: bool = False
    extra: dict[str, Any] = field(default_factory=dict)

    def to_json(self) -> dict[str, Any]:
        """The SPARQL 1.1 Query Results JSON document (SELECT and ASK)."""
        if self.kind == "ask":
            return {"head": {}, "boolean": bool(self.boolean)}
        return {
            "head": {"vars": list(self.variables)},
            "results": {"bindings": list(self.bindings)},
        }


class CatalogGraph:
    """A read-only view of the catalog's RDF graph."""

    def __init__(self, path: Path) -> None:
        if not path.is_dir():
            raise CatalogError(f"no RDF graph at {path}; run `harmonise build`")
        try:
            self._store = ox.Store.read_only(str(path))
        except OSError as exc:
            raise CatalogError(f"cannot open the RDF graph at {path}: {exc}") from exc
        self.graph = rdflib.Graph(
            store=OxigraphStore(store=self._store), identifier=DATASET_DEFAULT_GRAPH_ID
        )
        """rdflib's API over the Oxigraph store (read-only)."""

    def __len__(self) -> int:
        return len(self._store)

    def query(self, sparql: str, timeout: float = 5.0, max_results: int = 10_000) -> SparqlResult:
        """Run a read-only SPARQL 1.1 query.

        Args:
            sparql: A SELECT, ASK, CONSTRUCT or DESCRIBE query (updates are refused).
            timeout: Seconds after which the query is abandoned.
            max_results: Most solutions or triples returned; more sets ``truncated``.

        Returns:
            The result.

        Raises:
            SparqlError: When the query is refused or cannot be parsed.
            SparqlTimeout: When it runs out of time.
        """
        if _SERVICE.search(_LEXICAL_NOISE.sub(" ", sparql)):
            raise SparqlError("SPARQL SERVICE is not allowed: this endpoint never goes online")
        deadline = time.monotonic() + timeout
        try:
            answer = self._store.query(sparql)
        except SyntaxError as exc:
            raise SparqlError(f"SPARQL syntax error: {exc}") from exc
        except (OSError, ValueError, RuntimeError) as exc:
            raise SparqlError(f"SPARQL query failed: {exc}") from exc
        try:
            return self._collect(answer, deadline, timeout, max_results)
        except SparqlError:
            raise
        except (OSError, ValueError, RuntimeError) as exc:
            raise SparqlError(f"SPARQL query failed: {exc}") from exc

    @staticmethod
    def _collect(answer: Any, deadline: float, timeout: float, max_results: int) -> SparqlResult:
        def check() -> None:
            if time.monotonic() > deadline:
                raise SparqlTimeout(f"SPARQL query took longer than {timeout:g} s")

        if isinstance(answer, ox.QueryBoolean):
            return SparqlResult(kind="ask", boolean=bool(answer))
        if isinstance(answer, ox.QuerySolutions):
            names = tuple(v.value for v in answer.variables)
            rows: list[dict[str, dict[str, str]]] = []
            truncated = False
            for solution in answer:
                check()
                if len(rows) >= max_results:
                    truncated = True
                    break
                row = {}
                for name in names:
                    value = solution[name]
                    if value is not None:
                        row[name] = _term_json(value)
                rows.append(row)
            check()
            return SparqlResult(
                kind="select", variables=names, bindings=tuple(rows), truncated=truncated
            )
        lines: list[str] = []
        truncated = False
        for triple in answer:
            check()
            if len(lines) >= max_results:
                truncated = True
                break
            lines.append(f"{triple.subject} {triple.predicate} {triple.object} .")
        check()
        return SparqlResult(kind="graph", ntriples="\n".join(lines), truncated=truncated)

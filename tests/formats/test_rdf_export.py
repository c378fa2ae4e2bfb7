from rdflib import Graph, Literal, URIRef
from rdflib.compare import isomorphic
from rdflib.namespace import SKOS

from harmonise.formats.rdf_export import MIG, graph_of, serialize
from harmonise.model import Category, Code, CodeList, LocalizedText, MissingType, Urn


def _code_list() -> CodeList:
    return CodeList(
        urn=Urn("org.example.migreg", "CL-YESNO", "1.0.0"),
        label=LocalizedText({"en": "Yes/no", "es": "Sí/no", "sq": "Po/jo"}),
        codes=(
            Code(value="1", category=Category(label=LocalizedText({"en": "Yes", "es": "Sí"}))),
            Code(value="2", category=Category(label=LocalizedText({"en": "No", "es": "No"}))),
            Code(
                value="8",
                missing=True,
                missing_type=MissingType.DONT_KNOW,
                category=Category(label=LocalizedText({"en": "Don't know"})),
            ),
        ),
    )


def test_code_list_as_skos_scheme():
    g = graph_of([_code_list()])
    scheme = URIRef("https://id.example.org/migreg/cl/CL-YESNO/1.0.0/")
    notations = sorted(
        str(o) for s in g.subjects(SKOS.inScheme, scheme) for o in g.objects(s, SKOS.notation)
    )
    assert notations == ["1", "2", "8"]
    dk = URIRef(str(scheme) + "8")
    assert (dk, MIG.isMissing, Literal(True)) in g
    assert (dk, MIG.missingType, MIG.dontKnow) in g
    assert (URIRef(str(scheme) + "1"), SKOS.prefLabel, Literal("Sí", lang="es")) in g


def test_turtle_and_jsonld_parse_back_to_the_same_graph():
    g = graph_of([_code_list()])
    from_ttl = Graph().parse(data=serialize(g, "turtle"), format="turtle")
    from_jsonld = Graph().parse(data=serialize(g, "jsonld"), format="json-ld")
    assert isomorphic(g, from_ttl)
    assert isomorphic(g, from_jsonld)

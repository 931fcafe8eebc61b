"""The project's namespaces, and the standard ones it reuses.

Terms of the project's own ontology are checked against ontology/*.ttl by
`kg.ontology.Ontology`; this module only names the namespaces.
"""

from __future__ import annotations

from rdflib import Namespace
from rdflib.namespace import DCTERMS, OWL, PROV, QB, RDF, RDFS, SDO, SKOS, XSD

BASE = "https://w3id.org/yubei-kg/"

KG = Namespace(BASE + "ontology#")
YB = Namespace(BASE + "id/")  # entities: organizations, places, projects, events …
OBS = Namespace(BASE + "obs/")  # figures and their rankings, comparisons, shares
REL = Namespace(BASE + "rel/")  # relation statements
QUOTE = Namespace(BASE + "quote/")
SRC = Namespace(BASE + "source/")
IND = Namespace(BASE + "indicator/")
INDUSTRY = Namespace(BASE + "industry/")
KGUNIT = Namespace(BASE + "unit/")
FLAG = Namespace(BASE + "flag/")

ORG = Namespace("http://www.w3.org/ns/org#")
OA = Namespace("http://www.w3.org/ns/oa#")
SDMX_DIMENSION = Namespace("http://purl.org/linked-data/sdmx/2009/dimension#")
SDMX_MEASURE = Namespace("http://purl.org/linked-data/sdmx/2009/measure#")
SDMX_ATTRIBUTE = Namespace("http://purl.org/linked-data/sdmx/2009/attribute#")
QUDT = Namespace("http://qudt.org/schema/qudt/")
UNIT = Namespace("http://qudt.org/vocab/unit/")
CURRENCY = Namespace("http://qudt.org/vocab/currency/")
SCHEMA = SDO

# prefix -> namespace, in the order they are bound for serialization
PREFIXES: dict[str, str] = {
    "kg": str(KG),
    "yb": str(YB),
    "obs": str(OBS),
    "rel": str(REL),
    "quote": str(QUOTE),
    "src": str(SRC),
    "ind": str(IND),
    "industry": str(INDUSTRY),
    "kgunit": str(KGUNIT),
    "flag": str(FLAG),
    "rdf": str(RDF),
    "rdfs": str(RDFS),
    "owl": str(OWL),
    "xsd": str(XSD),
    "skos": str(SKOS),
    "org": str(ORG),
    "qb": str(QB),
    "sdmx-dimension": str(SDMX_DIMENSION),
    "sdmx-measure": str(SDMX_MEASURE),
    "sdmx-attribute": str(SDMX_ATTRIBUTE),
    "prov": str(PROV),
    "oa": str(OA),
    "schema": str(SCHEMA),
    "dcterms": str(DCTERMS),
    "qudt": str(QUDT),
    "unit": str(UNIT),
    "currency": str(CURRENCY),
    "sh": "http://www.w3.org/ns/shacl#",
}

__all__ = [
    "BASE", "CURRENCY", "DCTERMS", "FLAG", "IND", "INDUSTRY", "KG", "KGUNIT", "OA", "OBS", "ORG",
    "OWL", "PREFIXES", "PROV", "QB", "QUDT", "QUOTE", "RDF", "RDFS", "REL", "SCHEMA",
    "SDMX_ATTRIBUTE", "SDMX_DIMENSION", "SDMX_MEASURE", "SKOS", "SRC", "UNIT", "XSD", "YB",
]


def bind_prefixes(graph) -> None:
    """Bind the project's prefixes (and only those: rdflib's defaults would vary)."""
    for prefix, namespace in PREFIXES.items():
        graph.bind(prefix, namespace, override=True, replace=True)


def sparql_prologue() -> str:
    return "".join(f"PREFIX {p}: <{ns}>\n" for p, ns in PREFIXES.items())

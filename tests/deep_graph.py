"""A small graph whose chains are deeper than the article's, for the saved queries that follow
links however far they go: parks inside new areas inside a district, with places inside the
park; an industry four levels down; a group, its subsidiary and theirs; clusters inside
clusters with suppliers of suppliers. The article's own chains are one or two links long, so
only a deeper graph shows that a query (and a store) really follows them all the way.

Built as `kg build` builds: the ontology's triples with it, and every entity typed with the
kg: classes above its own (kg.build.add_implied_types).
"""

from __future__ import annotations

DEEP_TURTLE = """
@prefix kg: <https://w3id.org/yubei-kg/ontology#> .
@prefix yb: <https://w3id.org/yubei-kg/id/> .
@prefix industry: <https://w3id.org/yubei-kg/industry/> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .

industry:deep-0 a kg:Industry , skos:Concept ; rdfs:label "深层产业0"@zh , "deep industry 0"@en .
industry:deep-1 a kg:Industry , skos:Concept ; rdfs:label "深层产业1"@zh , "deep industry 1"@en ;
    skos:broader industry:deep-0 .
industry:deep-2 a kg:Industry , skos:Concept ; rdfs:label "深层产业2"@zh , "deep industry 2"@en ;
    skos:broader industry:deep-1 .
industry:deep-3 a kg:Industry , skos:Concept ; rdfs:label "深层产业3"@zh , "deep industry 3"@en ;
    skos:broader industry:deep-2 .

yb:deep-district a kg:District ; rdfs:label "深区"@zh , "Deep District"@en .
yb:deep-new-area a kg:NewArea ; rdfs:label "深新区"@zh , "Deep New Area"@en ; kg:locatedIn yb:deep-district .
yb:deep-park a kg:IndustrialPark ; rdfs:label "深园"@zh , "Deep Park"@en ;
    kg:locatedIn yb:deep-new-area ; kg:inIndustry industry:deep-1 .
yb:deep-block a kg:Place ; rdfs:label "深街区"@zh , "Deep Block"@en ;
    kg:locatedIn yb:deep-park ; kg:partnersWith yb:deep-partner .
yb:deep-site a kg:Place ; rdfs:label "深地块"@zh , "Deep Site"@en ; kg:locatedIn yb:deep-block .

yb:deep-group a kg:StateOwnedEnterprise ; rdfs:label "深集团"@zh , "Deep Group"@en ; kg:foundedBy yb:deep-district .
yb:deep-holding a kg:Company ; rdfs:label "深控股"@zh , "Deep Holding"@en ;
    kg:subsidiaryOf yb:deep-group ; kg:investsIn yb:deep-partner .
yb:deep-maker a kg:Company ; rdfs:label "深制造"@zh , "Deep Maker"@en ;
    kg:subsidiaryOf yb:deep-holding ; kg:locatedIn yb:deep-site ; kg:inIndustry industry:deep-3 ;
    kg:builds yb:deep-plant ; kg:coreSupplierOf yb:deep-cluster-2 .
yb:deep-plant a kg:ManufacturingProject ; rdfs:label "深工厂项目"@zh , "Deep Plant project"@en ;
    kg:locatedIn yb:deep-block .
yb:deep-partner a kg:Company ; rdfs:label "深伙伴"@zh , "Deep Partner"@en ; kg:supplies yb:deep-maker .
yb:deep-supplier a kg:Company ; rdfs:label "深供应商"@zh , "Deep Supplier"@en ; kg:supplies yb:deep-partner .

yb:deep-leader a kg:Company ; rdfs:label "深链主"@zh , "Deep Leader"@en ; kg:chainLeaderOf yb:deep-cluster-0 .
yb:deep-cluster-0 a kg:IndustryCluster ; rdfs:label "深集群0"@zh , "deep cluster 0"@en .
yb:deep-cluster-1 a kg:IndustryCluster ; rdfs:label "深集群1"@zh , "deep cluster 1"@en ; kg:partOf yb:deep-cluster-0 .
yb:deep-cluster-2 a kg:IndustryCluster ; rdfs:label "深集群2"@zh , "deep cluster 2"@en ; kg:partOf yb:deep-cluster-1 .

yb:deep-plan a kg:Programme ; rdfs:label "深计划"@zh , "Deep Plan"@en ; kg:targetsIndustry industry:deep-3 .
yb:deep-district kg:proposes yb:deep-plan .
"""


def deep_graph(ontology_graph):
    """The deep graph with the ontology, its classes materialized as kg build does."""
    from rdflib import Graph

    from kg.build import add_implied_types

    graph = Graph()
    graph.parse(data=DEEP_TURTLE, format="turtle")
    for triple in ontology_graph:
        graph.add(triple)
    add_implied_types(graph, ontology_graph)
    return graph


# each transitive saved query, with parameters that reach the deep ends (and, for a * path,
# parameters where its zero steps matter: 深制造's own supplier, a park's own industry)
DEEP_QUESTIONS = [
    ("subsidiaries", {}),
    ("upstream-of", {"company": "yb:deep-leader"}),
    ("upstream-of", {"company": "yb:deep-maker"}),
    ("where-is", {"entity": "yb:deep-maker"}),
    ("in-zone", {"zone": "yb:deep-new-area"}),
    ("in-zone", {"zone": "yb:deep-block"}),
    ("zones-of-industry", {"industry": "industry:deep-0"}),
    ("zones-of-industry", {"industry": "industry:deep-1"}),
    ("targeted-industries", {"industry": "industry:deep-0"}),
    ("targeted-industries", {"industry": "industry:deep-3"}),
]

"""The W3C test suites in ../shared/w3c-tests (or $KG_W3C_TESTS), read from their manifest.ttl files.

The suites stay where they are; tests are parametrized from the manifests, so a test
added to a suite is a test here with no change of code.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from tests.conftest import ROOT

MF = "http://www.w3.org/2001/sw/DataAccess/tests/test-manifest#"
RDFT = "http://www.w3.org/ns/rdftest#"


def w3c_tests_dir() -> Path:
    configured = os.environ.get("KG_W3C_TESTS")
    return Path(configured) if configured else ROOT.parent / "shared" / "w3c-tests"


@dataclass(frozen=True)
class ManifestEntry:
    name: str
    kind: str  # the local name of the test's rdf:type in the rdft: namespace, e.g. TestTurtleEval
    action: Path
    result: Path | None
    base_iri: str  # the IRI the suite expects the action to be parsed with
    approved: bool

    @property
    def id(self) -> str:
        return self.name


def read_manifest(manifest: Path) -> list[ManifestEntry]:
    """The entries of one manifest, in the manifest's order."""
    from rdflib import Graph, Namespace
    from rdflib.collection import Collection
    from rdflib.namespace import RDF

    mf, rdft = Namespace(MF), Namespace(RDFT)
    graph = Graph().parse(manifest, format="turtle")
    manifest_node = next(graph.subjects(RDF.type, mf.Manifest))
    assumed_base = graph.value(manifest_node, mf.assumedTestBase)
    entries = []
    for test in Collection(graph, graph.value(manifest_node, mf.entries)):
        kind = str(graph.value(test, RDF.type))
        if not kind.startswith(RDFT):
            continue
        action = _local_path(graph.value(test, mf.action))
        result = graph.value(test, mf.result)
        base = f"{assumed_base}{action.name}" if assumed_base else action.resolve().as_uri()
        entries.append(ManifestEntry(
            name=str(graph.value(test, mf.name)),
            kind=kind[len(RDFT):],
            action=action,
            result=_local_path(result) if result is not None else None,
            base_iri=base,
            approved=graph.value(test, rdft.approval) != rdft.Rejected,
        ))
    return entries


def _local_path(file_iri) -> Path:
    """The file a manifest names (rdflib resolved its relative IRIs against the manifest's file: URI)."""
    from urllib.parse import urlparse
    from urllib.request import url2pathname

    return Path(url2pathname(urlparse(str(file_iri)).path))

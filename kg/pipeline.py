"""data/ + ontology/ → the knowledge graph, in memory. The files written by `kg build`
and the graph other commands read by default both come from here."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from kg.project import Project


@dataclass
class Built:
    graph: object  # rdflib.Graph: data and ontology
    dataset: object  # kg.records.load.Dataset
    ontology: object  # kg.ontology.Ontology

    def where(self, iri: str) -> str | None:
        """The data file and line a node of the graph was built from, if it was."""
        from kg.build import record_iris

        if not hasattr(self, "_where"):
            self._where = {
                str(node): self.dataset.where[key]
                for key, node in record_iris(self.dataset).items()
                if key in self.dataset.where
            }
        # rankings, comparisons and shares are parts of a figure: obs:ID-rank-1 → obs:ID
        for suffix in ("-rank-", "-comparison-", "-share"):
            if suffix in iri and iri not in self._where:
                iri = iri.rsplit(suffix, 1)[0]
        return self._where.get(iri)


def load_checked(project: Project) -> tuple[object, object]:
    """The project's data/ as records (kg.records.load.Dataset), checked as `kg build` checks
    it, and the ontology it was checked against."""
    from kg.ontology import Ontology
    from kg.records.load import load_dataset

    ontology = Ontology.from_directory(project.ontology)
    return load_dataset(project.data, ontology, display_root=project.root), ontology


def build_project(project: Project) -> Built:
    from kg.build import build_graph

    dataset, ontology = load_checked(project)
    graph = build_graph(dataset, ontology.graph)
    return Built(graph, dataset, ontology)


def read_input_graph(project: Project, graph_files: tuple[Path, ...] = ()):
    """The graph a reading command works on: the given RDF files, else the built graph,
    else (nothing built yet) the graph built from data/ in memory."""
    from kg.rdfio import read_graph_files

    if graph_files:
        return read_graph_files(list(graph_files))
    built = built_graph_file(project)
    if built is not None:
        return read_graph_files([built])
    return build_project(project).graph


def built_graph_file(project: Project) -> Path | None:
    """The graph `kg build` wrote, for a command that reads it instead of building; None when
    nothing is built. Every store that reads it comes here, so none uses a stale build silently."""
    if not project.built_graph.is_file():
        return None
    if is_stale(project):
        import warnings

        from kg.errors import KgNote

        warnings.warn(f"{project.relative(project.built_graph)} is older than data/ or ontology/; "
                      "run `kg build` to bring it up to date", KgNote, stacklevel=3)
    return project.built_graph


def open_input_store(project: Project, store_spec: str = "memory", graph_files: tuple[Path, ...] = (),
                     store_options: dict | None = None):
    """The store a reading command works on (kg.stores spec): `memory` without files is the
    project's graph, as read_input_graph gives it."""
    from kg.stores import open_store

    return open_store(store_spec, project=project, graph_files=graph_files, **dict(store_options or {}))


def is_stale(project: Project) -> bool:
    """True when a data or ontology file changed after the graph was built."""
    built = project.built_graph.stat().st_mtime
    sources = [*project.data.rglob("*"), *project.ontology.glob("*.ttl")]
    return any(path.is_file() and path.stat().st_mtime > built for path in sources)


@dataclass
class BuildSummary:
    written: bool
    text: str
    violations: int
    finding_lines: list[str]


def validate_built(built: Built, project: Project):
    from kg.validate import validate_graph

    return validate_graph(built.graph, project.ontology / "shapes.ttl", project.checks, where=built.where)


def build_and_write(project: Project, output: Path) -> BuildSummary:
    """Build, validate, serialize; write `output` only when all of that succeeded."""
    from kg.export import serialize
    from kg.fsutil import write_atomic
    from kg.validate import format_finding

    built = build_project(project)
    report = validate_built(built, project)
    lines = [format_finding(f) for f in report.findings]
    if not report.conforms:
        return BuildSummary(False, "", len(report.violations), lines)
    data = serialize(built.graph, "turtle")
    write_atomic(output, data)
    d = built.dataset
    quotes = {q for located in d.quotes.values() for q in located}
    text = (
        f"wrote {project.relative(output)}: {len(built.graph):,} triples — {len(d.entities)} entities, "
        f"{len(d.relations)} relations, {len(d.figures)} figures, {len(quotes)} quoted sentences "
        f"from {len(d.sources)} source(s); {len(d.anomalies)} source anomalies flagged; "
        f"{len(report.warnings)} warning(s)"
    )
    return BuildSummary(True, text, 0, lines)


def validate_input(project: Project, graph_files: tuple[Path, ...] = (), store_spec: str = "memory",
                   store_options: dict | None = None):
    """Validate the given RDF files or store, or (none given) the graph built from data/ now."""
    from kg.ontology import read_ontology_graph
    from kg.validate import validate_graph

    if not graph_files and store_spec == "memory":
        return validate_built(build_project(project), project)
    graph = read_store_graph(project, store_spec, graph_files, store_options)
    return validate_graph(graph, project.ontology / "shapes.ttl", project.checks,
                          ontology_graph=read_ontology_graph(project.ontology))


def read_store_graph(project: Project, store_spec: str = "memory", graph_files: tuple[Path, ...] = (),
                     store_options: dict | None = None):
    """The whole graph of a store (--store SPEC, --endpoint URL, --graph FILE…) as one rdflib
    Graph, for commands that draw or measure all of it (kg viz, kg analyze)."""
    from kg.stores import open_store

    store = open_store(store_spec, project=project, graph_files=graph_files, **(store_options or {}))
    try:
        return store.rdflib_graph()
    finally:
        store.close()

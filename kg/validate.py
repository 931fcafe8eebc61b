"""Validation: pySHACL against ontology/shapes.ttl, plus SPARQL checks kept as files.

A check is a SELECT query in queries/checks/; every row it returns is a finding
about the row's ``?focus`` node, said by its ``?message``. A file named
``*-violation.rq`` finds violations, ``*-warning.rq`` warnings (reported, but the
graph still conforms), after the ODK/ROBOT convention.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from kg.errors import KgError, at

SEVERITIES = ("violation", "warning")


@dataclass(frozen=True, order=True)
class Finding:
    severity: str  # "violation" or "warning"
    focus: str  # the node, as an IRI
    rule: str  # the shape or check that found it
    message: str
    where: str | None = None  # data file:line when the graph was built from data/


@dataclass
class Report:
    findings: list[Finding] = field(default_factory=list)

    @property
    def violations(self) -> list[Finding]:
        return [f for f in self.findings if f.severity == "violation"]

    @property
    def warnings(self) -> list[Finding]:
        return [f for f in self.findings if f.severity == "warning"]

    @property
    def conforms(self) -> bool:
        return not self.violations


@dataclass(frozen=True)
class Check:
    name: str
    severity: str
    description: str
    query: str
    path: Path


def load_checks(directory: Path) -> list[Check]:
    checks = []
    for path in sorted(directory.glob("*.rq")):
        severity = next((s for s in SEVERITIES if path.stem.endswith(f"-{s}")), None)
        if severity is None:
            raise KgError("a check file is named NAME-violation.rq or NAME-warning.rq", str(path))
        text = path.read_text(encoding="utf-8")
        description = " ".join(
            line.lstrip("#").strip() for line in text.splitlines() if line.startswith("#")
        ).strip()
        checks.append(Check(path.stem.rsplit("-", 1)[0], severity, description, text, path))
    return checks


def shacl_findings(graph, shapes_path: Path, ontology_graph=None) -> list[Finding]:
    import pyshacl
    from rdflib import Graph
    from rdflib.namespace import SH

    from kg.rdfio import read_graph_files

    shapes = read_graph_files([shapes_path])
    data = graph
    if ontology_graph is not None:
        # the shapes target classes through rdfs:subClassOf, which lives in the ontology
        data = Graph()
        for triple in graph:
            data.add(triple)
        for triple in ontology_graph:
            data.add(triple)
    _conforms, results, _text = pyshacl.validate(
        data, shacl_graph=shapes, inference="none", advanced=True, allow_warnings=True, meta_shacl=False
    )
    findings = []
    for result in results.subjects(SH.resultSeverity, None):
        if (None, SH.detail, result) in results:
            continue  # reported under the result it details, below
        details = list(results.objects(result, SH.detail))
        for detail in details or [result]:
            findings.append(_shacl_finding(results, detail, results.value(result, SH.sourceShape), shapes))
    return findings


def _named_shape(shapes, shape):
    """The named shape a blank one belongs to (through sh:property, sh:node, sh:or lists …),
    so that a finding says which rule it broke; None when there is none."""
    from rdflib import RDF
    from rdflib.namespace import SH

    links = (SH.property, SH.node, SH.qualifiedValueShape, SH["not"])
    lists = (SH["or"], SH["and"], SH.xone)
    seen, todo = set(), [shape]
    while todo:
        node = todo.pop()
        if node in seen:
            continue
        seen.add(node)
        if not _is_blank(node):
            return node
        todo.extend(parent for link in links for parent in shapes.subjects(link, node))
        for cell in shapes.subjects(RDF.first, node):
            head = cell
            while (previous := shapes.value(predicate=RDF.rest, object=head)) is not None:
                head = previous
            todo.extend(parent for link in lists for parent in shapes.subjects(link, head))
    return None


def _shacl_finding(results, result, top_shape, shapes) -> Finding:
    from rdflib.namespace import SH

    severity = results.value(result, SH.resultSeverity)
    focus = results.value(result, SH.focusNode)
    path = results.value(result, SH.resultPath)
    message = results.value(result, SH.resultMessage)
    shape = results.value(result, SH.sourceShape)
    value = results.value(result, SH.value)
    text = str(message) if message else "does not conform"
    if path is not None and not _is_blank(path):
        text = f"{_short(path)}: {text}"
    if value is not None and value != focus:
        text += f" (value: {_short(value)})"
    if _is_blank(shape) and top_shape is not None and not _is_blank(top_shape):
        shape = top_shape
    if shape is not None and _is_blank(shape):
        shape = _named_shape(shapes, shape) or shape
    return Finding(
        "violation" if severity == SH.Violation else "warning",
        str(focus),
        _short(shape) if shape is not None and not _is_blank(shape) else "shape",
        text,
    )


def check_findings(graph, checks: list[Check], run_select: Callable | None = None) -> list[Finding]:
    """Run each check; `run_select(query) -> rows of dicts` defaults to Oxigraph on a copy of `graph`."""
    from kg.namespaces import sparql_prologue

    if run_select is None and checks:
        # outside the per-check try: a failure to copy the graph is no fault of the first check file
        run_select = _oxigraph_select(graph)
    findings = []
    for check in checks:
        query = sparql_prologue() + check.query
        try:
            rows = run_select(query)
        except Exception as error:  # a broken check file is the user's to fix: say where
            raise KgError(f"check failed to run: {error}", at(check.path)) from None
        for row in rows:
            focus = row.get("focus")
            message = row.get("message") or check.description or check.name
            findings.append(Finding(check.severity, str(focus) if focus is not None else "", check.name, str(message)))
    return findings


def _oxigraph_select(graph) -> Callable[[str], list[dict]]:
    """A runner of SELECT queries on Oxigraph: rdflib plans some checks (joins of two figures,
    FILTER NOT EXISTS over every triple) as cross products and takes seconds. A graph that is a
    view of an Oxigraph store is queried in place; any other is copied into one."""
    from kg.rdfio import to_rdflib_term
    from kg.stores.oxigraph import oxigraph_copy
    from kg.stores.rdflib_view import viewed_store

    store = viewed_store(graph)
    if store is None:
        store = oxigraph_copy(graph).store

    def run(query: str) -> list[dict]:
        # the view's graph is the union of the store's graphs; a copy has only the default graph
        solutions = store.query(query, use_default_graph_as_union=True)
        names = [variable.value for variable in solutions.variables]
        return [{name: to_rdflib_term(solution[name]) if solution[name] is not None else None for name in names}
                for solution in solutions]

    return run


def validate_graph(graph, shapes_path: Path, checks_dir: Path, ontology_graph=None,
                   where: Callable[[str], str | None] | None = None) -> Report:
    findings = shacl_findings(graph, shapes_path, ontology_graph)
    findings += check_findings(graph, load_checks(checks_dir)) if checks_dir.is_dir() else []
    if where is not None:
        findings = [Finding(f.severity, f.focus, f.rule, f.message, where(f.focus)) for f in findings]
    return Report(sorted(set(findings)))


def format_finding(finding: Finding) -> str:
    place = f"{finding.where}: " if finding.where else ""
    return f"{finding.severity}: {place}{_short_text(finding.focus)}: {finding.message} [{finding.rule}]"


def _is_blank(term) -> bool:
    from rdflib import BNode

    return isinstance(term, BNode)


def _short(term) -> str:
    return _short_text(str(term))


SHAPES_NAMESPACE = "https://w3id.org/yubei-kg/shapes#"


def _short_text(iri: str) -> str:
    from kg.namespaces import PREFIXES

    prefixes = {**PREFIXES, "kgsh": SHAPES_NAMESPACE}
    best = None
    for prefix, namespace in prefixes.items():
        if iri.startswith(namespace) and (best is None or len(namespace) > len(prefixes[best])):
            best = prefix
    if best is None:
        return iri if not iri.startswith("http") else f"<{iri}>"
    return f"{best}:{iri[len(prefixes[best]):]}"

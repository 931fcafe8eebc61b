// The page of `kg serve`: saved queries as examples, a SPARQL editor, results as a table whose
// entities are links (a click runs DESCRIBE), and CONSTRUCT/DESCRIBE results as a graph.
// Every text from the data goes in with textContent or as a DOM node: never as HTML.
"use strict";

const RDFS_LABEL = "http://www.w3.org/2000/01/rdf-schema#label";
const SKOS_PREF_LABEL = "http://www.w3.org/2004/02/skos/core#prefLabel";
const RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type";
// what an IRI may not contain in SPARQL (the IRIREF production)
const IRI_FORBIDDEN = /[\u0000-\u0020<>"{}|^`\\]/;
const ACCEPT = "application/sparql-results+json, application/n-triples;q=0.9";

const state = { prefixes: {}, queries: new Map(), entityQuery: null, network: null };

function element(tag, attributes = {}, text = null) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) node.setAttribute(name, value);
  if (text !== null) node.textContent = text;
  return node;
}

function byId(id) {
  return document.getElementById(id);
}

function showMessage(text, isError) {
  const message = byId("message");
  message.textContent = text;
  message.hidden = !text;
  message.className = isError ? "error" : "";
}

function shorten(iri) {
  let best = null;
  for (const [prefix, namespace] of Object.entries(state.prefixes)) {
    if (iri.startsWith(namespace) && (best === null || namespace.length > state.prefixes[best].length)) best = prefix;
  }
  if (best === null) return iri;
  const local = iri.slice(state.prefixes[best].length);
  return /^[\p{L}\p{N}_.-]+$/u.test(local) ? `${best}:${local}` : iri;
}

// --- saved queries ---------------------------------------------------------------------------

async function loadExamples() {
  const response = await fetch("/api/queries", { headers: { Accept: "application/json" } });
  if (!response.ok) throw new Error(`the saved queries could not be loaded (${response.status})`);
  const data = await response.json();
  state.prefixes = data.prefixes;
  state.entityQuery = data.entity_query;
  const select = byId("examples");
  for (const query of data.queries) {
    state.queries.set(query.name, query);
    const title = [query.title.zh, query.title.en].filter(Boolean).join(" · ");
    select.append(element("option", { value: query.name }, title ? `${query.name} — ${title}` : query.name));
  }
}

function chooseExample() {
  const query = state.queries.get(byId("examples").value);
  const fields = byId("parameter-fields");
  fields.replaceChildren();
  byId("parameters").hidden = !query || query.parameters.length === 0;
  byId("example-description").textContent = query ? query.description : "";
  if (!query) return;
  for (const parameter of query.parameters) {
    const id = `parameter-${parameter.name}`;
    const row = element("div", { class: "parameter" });
    row.append(element("label", { for: id }, `${parameter.name} (${parameter.type})`));
    const input = element("input", { id, name: parameter.name, type: "text" });
    input.value = parameter.default;
    row.append(input);
    if (parameter.description) row.append(element("span", { class: "hint" }, parameter.description));
    fields.append(row);
  }
  byId("query").value = query.sparql;
}

async function applyParameters(event) {
  event.preventDefault();
  const name = byId("examples").value;
  const values = new URLSearchParams(new FormData(byId("parameters")));
  const response = await fetch(`/api/queries/${encodeURIComponent(name)}?${values}`);
  if (!response.ok) {
    showMessage(await response.text(), true);
    return;
  }
  showMessage("", false);
  byId("query").value = (await response.json()).sparql;
}

// --- running ---------------------------------------------------------------------------------

async function run(sparql) {
  const status = byId("status");
  status.textContent = "running…";
  showMessage("", false);
  const started = performance.now();
  let response;
  try {
    response = await fetch("/sparql", {
      method: "POST",
      headers: { Accept: ACCEPT, "Content-Type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ query: sparql }),
    });
  } catch (error) {
    status.textContent = "";
    showMessage(`the endpoint did not answer: ${error.message}`, true);
    return;
  }
  const seconds = ((performance.now() - started) / 1000).toFixed(2);
  if (!response.ok) {
    status.textContent = `${response.status} after ${seconds} s`;
    clearResults();
    showMessage(await response.text(), true);
    return;
  }
  const type = (response.headers.get("Content-Type") || "").split(";")[0].trim();
  if (type === "application/sparql-results+json") {
    const data = await response.json();
    if ("boolean" in data) {
      clearResults();
      byId("table-view").append(element("p", { class: "boolean" }, data.boolean ? "true" : "false"));
      status.textContent = `ASK in ${seconds} s`;
      return;
    }
    showRows(data.head.vars, data.results.bindings);
    status.textContent = `${data.results.bindings.length} rows in ${seconds} s`;
  } else if (type === "application/n-triples") {
    const triples = parseNTriples(await response.text());
    showGraph(triples);
    status.textContent = `${triples.length} triples in ${seconds} s`;
  } else {
    showMessage(`unexpected answer of type ${type}`, true);
  }
}

function clearResults() {
  byId("table-view").replaceChildren();
  byId("graph-view").hidden = true;
  if (state.network) {
    state.network.destroy();
    state.network = null;
  }
}

// everything about an entity, as rows: the saved query for it, with the entity bound on the server
async function showEntity(iri) {
  const query = state.entityQuery;
  if (!query) {
    describe(iri);
    return;
  }
  const response = await fetch(`/api/queries/${encodeURIComponent(query.name)}?`
    + new URLSearchParams({ [query.parameter]: iri }));
  if (!response.ok) {
    showMessage(await response.text(), true);
    return;
  }
  const sparql = (await response.json()).sparql;
  byId("query").value = sparql;
  run(sparql);
}

// the entity and its neighbours, as a graph
function describe(iri) {
  if (IRI_FORBIDDEN.test(iri)) {
    showMessage("this IRI cannot be written into a query", true);
    return;
  }
  const sparql = `DESCRIBE <${iri}>`;
  byId("query").value = sparql;
  run(sparql);
}

// --- the table -------------------------------------------------------------------------------

function termCell(term) {
  const cell = element("td");
  if (!term) return cell;
  if (term.type === "uri") {
    const link = element("a", { href: "#", class: "entity", title: term.value }, shorten(term.value));
    link.dataset.iri = term.value;
    const graph = element("a", { href: "#", class: "entity-graph", title: "DESCRIBE: show as a graph" }, "◇");
    graph.dataset.iri = term.value;
    cell.append(link, " ", graph);
  } else if (term.type === "bnode") {
    cell.append(element("span", { class: "bnode" }, `_:${term.value}`));
  } else {
    cell.append(element("span", { class: "literal" }, term.value));
    const tag = term["xml:lang"];
    if (tag) cell.append(element("span", { class: "lang" }, `@${tag}`));
    else if (term.datatype) cell.append(element("span", { class: "datatype", title: term.datatype }, shorten(term.datatype)));
  }
  return cell;
}

function showRows(variables, bindings) {
  clearResults();
  renderTable(variables, bindings);
}

function renderTable(variables, bindings) {
  const table = element("table", { class: "results" });
  const head = element("tr");
  for (const name of variables) head.append(element("th", {}, name));
  const thead = element("thead");
  thead.append(head);
  table.append(thead);
  const body = element("tbody");
  for (const binding of bindings) {
    const row = element("tr");
    for (const name of variables) row.append(termCell(binding[name]));
    body.append(row);
  }
  table.append(body);
  byId("table-view").append(table);
}

// --- graphs ----------------------------------------------------------------------------------

const TERM = /^(?:<([^>]*)>|_:(\S+)|"((?:[^"\\]|\\.)*)"(?:@([A-Za-z0-9-]+)|\^\^<([^>]*)>)?)\s*/u;

function unescapeNT(text) {
  return text.replace(/\\(?:u([0-9A-Fa-f]{4})|U([0-9A-Fa-f]{8})|(.))/gu, (_, short, long, single) => {
    if (short || long) return String.fromCodePoint(parseInt(short || long, 16));
    return { t: "\t", b: "\b", n: "\n", r: "\r", f: "\f", '"': '"', "'": "'", "\\": "\\" }[single] ?? single;
  });
}

function readTerm(rest) {
  const match = TERM.exec(rest);
  if (!match) throw new Error(`cannot read N-Triples near: ${rest.slice(0, 40)}`);
  let term;
  if (match[1] !== undefined) term = { type: "uri", value: unescapeNT(match[1]) };
  else if (match[2] !== undefined) term = { type: "bnode", value: match[2] };
  else term = { type: "literal", value: unescapeNT(match[3]), lang: match[4], datatype: match[5] };
  return [term, rest.slice(match[0].length)];
}

function parseNTriples(text) {
  const triples = [];
  for (const line of text.split("\n")) {
    let rest = line.trim();
    if (!rest || rest.startsWith("#")) continue;
    const terms = [];
    for (let i = 0; i < 3; i += 1) {
      const [term, after] = readTerm(rest);
      terms.push(term);
      rest = after;
    }
    triples.push(terms);
  }
  return triples;
}

function nodeKey(term) {
  return term.type === "bnode" ? `_:${term.value}` : term.value;
}

function showGraph(triples) {
  clearResults();
  const labels = new Map();
  const details = new Map();
  const nodes = new Map();
  const edges = [];
  const addNode = (term) => {
    const key = nodeKey(term);
    if (!nodes.has(key)) nodes.set(key, term);
    return key;
  };
  for (const [subject, predicate, object] of triples) {
    const from = addNode(subject);
    if (object.type === "literal") {
      if ((predicate.value === RDFS_LABEL || predicate.value === SKOS_PREF_LABEL)
          && (!labels.has(from) || object.lang === "zh")) labels.set(from, object.value);
      if (!details.has(from)) details.set(from, []);
      details.get(from).push(`${shorten(predicate.value)}: ${object.value}${object.lang ? "@" + object.lang : ""}`);
    } else if (predicate.value !== RDF_TYPE) {
      edges.push({ from, to: addNode(object), label: shorten(predicate.value), arrows: "to" });
    }
  }
  const visNodes = [];
  for (const [key, term] of nodes) {
    const tooltip = element("div", { class: "tooltip" });
    tooltip.append(element("strong", {}, term.type === "uri" ? shorten(term.value) : key));
    for (const line of (details.get(key) || []).slice(0, 12)) tooltip.append(element("div", {}, line));
    visNodes.push({ id: key, label: labels.get(key) || (term.type === "uri" ? shorten(term.value) : key),
                    title: tooltip, shape: "box", iri: term.type === "uri" ? term.value : null });
  }
  const container = byId("graph-view");
  container.hidden = false;
  state.network = new vis.Network(container,
    { nodes: new vis.DataSet(visNodes), edges: new vis.DataSet(edges) },
    { physics: { stabilization: { iterations: 150 } }, edges: { font: { size: 10 }, smooth: false },
      nodes: { font: { size: 13 } }, interaction: { hover: true } });
  state.network.on("doubleClick", (event) => {
    const node = visNodes.find((candidate) => candidate.id === event.nodes[0]);
    if (node && node.iri) describe(node.iri);  // the graph grows around the node clicked
  });
  renderTable(["subject", "predicate", "object"], triples.map(([s, p, o]) => ({
    subject: s, predicate: p,
    object: o.type === "literal" ? { type: "literal", value: o.value, "xml:lang": o.lang, datatype: o.datatype } : o,
  })));
}

// --- wiring ----------------------------------------------------------------------------------

document.addEventListener("DOMContentLoaded", () => {
  byId("examples").addEventListener("change", chooseExample);
  byId("parameters").addEventListener("submit", applyParameters);
  byId("run").addEventListener("click", () => run(byId("query").value));
  byId("query").addEventListener("keydown", (event) => {
    if (event.key === "Enter" && (event.ctrlKey || event.metaKey)) run(byId("query").value);
  });
  byId("table-view").addEventListener("click", (event) => {
    const link = event.target.closest("a.entity, a.entity-graph");
    if (!link) return;
    event.preventDefault();
    if (link.classList.contains("entity-graph")) describe(link.dataset.iri);
    else showEntity(link.dataset.iri);
  });
  loadExamples().catch((error) => showMessage(error.message, true));
});

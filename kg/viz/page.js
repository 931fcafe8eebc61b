// The page of one view: reads the view model from the kg-data script element and draws it
// with vis-network. Text from the data only ever goes into textContent, an input's value or
// the canvas, and is never parsed as markup: a label is shown, not run.
(function () {
  "use strict";

  var data = JSON.parse(document.getElementById("kg-data").textContent);
  var language = "zh";
  var SHAPE_SYMBOL = {dot: "●", star: "★", square: "■", diamond: "◆", triangle: "▲",
    triangleDown: "▼", hexagon: "⬢", box: "▭", ellipse: "⬭"};
  var NEUTRAL = {color: "#b0b0b0", shape: "dot"};
  var DIMMED = "#e6e6e6";
  var WORDS = {
    zh: {search: "搜索", nodes: "个节点", edges: "条关系", legend: "图例", details: "详情",
      figures: "数据", sources: "原文", notes: "注", period: "时期", qualifier: "修饰", forecast: "预计",
      noFigures: "没有数据", noSentence: "没有引文", notFound: "没有找到", found: "已定位",
      source: "来源", by: "作者", relations: "关系", clickHint: "点击节点或连线查看数据和原文；点击空白处恢复。", relation: "关系",
      noPeriod: "未注明", hubs: "大小", id: "标识"},
    en: {search: "Search", nodes: "nodes", edges: "edges", legend: "Legend", details: "Details",
      figures: "Figures", sources: "Source sentences", notes: "Notes", period: "period", qualifier: "qualifier",
      forecast: "forecast", noFigures: "no figures", noSentence: "no quoted sentence", notFound: "not found",
      found: "found", source: "Source", by: "by", relations: "Relations", clickHint: "Click a node or an edge for its figures and " +
      "source sentences; click the background to reset.", relation: "relation", noPeriod: "not stated",
      hubs: "size", id: "id"}
  };

  var styles = {};
  data.legend.forEach(function (row) { styles[row.key] = row; });
  var hierarchical = data.layout === "hierarchical";
  var byId = {};
  data.nodes.forEach(function (node) { byId[node.id] = node; });

  function el(tag, text, className) {
    var element = document.createElement(tag);
    if (text !== undefined && text !== null) { element.textContent = String(text); }
    if (className) { element.className = className; }
    return element;
  }

  function words() { return WORDS[language]; }
  function pick(pair) { return pair ? (pair[language] || pair.zh || pair.en || "") : ""; }
  function styleOf(node) { return styles[node.style] || NEUTRAL; }

  function nodeLabel(node) {
    var subtitle = pick(node.subtitle);
    return pick(node.label) + (subtitle ? "\n" + subtitle : "");
  }

  function periodText(period) { return !period || period === ".." ? words().noPeriod : period; }

  function figureBlock(figure, withQuotes) {
    var block = el("div", null, "kg-figure");
    block.appendChild(el("div", pick(figure.indicator), "kg-figure-name"));
    var value = el("div", [pick(figure.value), pick(figure.growth)].filter(Boolean).join("，") ||
      figure.remarks.join("；"), "kg-figure-value");
    if (figure.forecast) { value.appendChild(el("span", words().forecast, "kg-tag")); }
    block.appendChild(value);
    var meta = [words().period + ": " + periodText(figure.period)];
    if (figure.qualifier && pick(figure.qualifier)) { meta.push(words().qualifier + ": " + pick(figure.qualifier)); }
    block.appendChild(el("div", meta.join(" · "), "kg-meta"));
    if (figure.remarks.length && pick(figure.value)) { block.appendChild(el("div", figure.remarks.join("；"), "kg-meta")); }
    if (withQuotes) {
      figure.quotes.forEach(function (quote) { block.appendChild(el("blockquote", quote)); });
    }
    return block;
  }

  function tooltip(node) {
    var box = el("div", null, "kg-tooltip");
    box.appendChild(el("b", pick(node.label)));
    box.appendChild(el("div", pick(node.classLabel) + " · " + node.shortId, "kg-meta"));
    if (pick(node.sizeValue)) { box.appendChild(el("div", words().hubs + ": " + pick(node.sizeValue), "kg-meta")); }
    node.figures.slice(0, 3).forEach(function (figure) { box.appendChild(figureBlock(figure, false)); });
    if (node.figures.length > 3) { box.appendChild(el("div", "… +" + (node.figures.length - 3), "kg-meta")); }
    var sentence = node.sentences[0] || (node.figures[0] && node.figures[0].quotes[0]);
    if (sentence) { box.appendChild(el("blockquote", sentence)); }
    return box;
  }

  function edgeTooltip(edge) {
    var box = el("div", null, "kg-tooltip");
    box.appendChild(el("b", pick(byId[edge.from].label) + " → " + pick(edge.label) + " → " + pick(byId[edge.to].label)));
    if (edge.sentences[0]) { box.appendChild(el("blockquote", edge.sentences[0])); }
    return box;
  }

  function visNode(node) {
    var style = styleOf(node);
    var item = {
      id: node.id, label: nodeLabel(node), shape: style.shape, size: node.size,
      color: {background: style.color, border: node.focus ? "#000" : style.color,
        highlight: {background: style.color, border: "#000"}},
      borderWidth: node.focus ? 4 : 1,
      font: {size: hierarchical ? 17 : 14, color: "#222", strokeWidth: 3, strokeColor: "#fff"},
      widthConstraint: {maximum: hierarchical ? 115 : 150},
      title: tooltip(node)
    };
    if (data.layout === "hierarchical" && node.level !== null) { item.level = node.level; }
    return item;
  }

  // an edge that skips columns of the chain map arcs over the straight ones it would hide
  function edgeCurve(edge) {
    if (!hierarchical) { return undefined; }
    var span = (byId[edge.to].level || 0) - (byId[edge.from].level || 0);
    if (Math.abs(span) < 2) { return undefined; }
    return {type: span > 0 ? "curvedCW" : "curvedCCW", roundness: Math.min(0.1 * Math.abs(span), 0.35)};
  }

  function visEdge(edge, index) {
    return {
      id: "e" + index, from: edge.from, to: edge.to, label: pick(edge.label), arrows: "to",
      smooth: edgeCurve(edge),
      color: {color: "#9aa7b4", highlight: "#333"}, font: {size: hierarchical ? 13 : 11, color: "#555", strokeWidth: 3,
        strokeColor: "#fff", align: "middle"},
      title: edgeTooltip(edge)
    };
  }

  // the texts first: the network's box must have its final size when vis measures it
  fillNames();
  renderTexts();
  showHint();

  var nodes = new vis.DataSet(data.nodes.map(visNode));
  var edges = new vis.DataSet(data.edges.map(visEdge));
  var options = {
    autoResize: true,
    interaction: {hover: true, tooltipDelay: 150, navigationButtons: false, keyboard: false},
    edges: {smooth: hierarchical ? {type: "cubicBezier", forceDirection: "horizontal", roundness: 0.45}
      : {type: "continuous"}},
    layout: hierarchical
      ? {hierarchical: {enabled: true, direction: "LR", levelSeparation: 165, nodeSpacing: 95,
          treeSpacing: 120, blockShifting: true, edgeMinimization: true, parentCentralization: true,
          sortMethod: "directed"}}
      : {randomSeed: 7, improvedLayout: data.nodes.length <= 150},
    physics: hierarchical ? {enabled: false} : {
      enabled: true, solver: "forceAtlas2Based",
      forceAtlas2Based: {gravitationalConstant: -80, centralGravity: 0.01, springLength: 130,
        springConstant: 0.06, avoidOverlap: 0.6},
      stabilization: {enabled: true, iterations: 400, updateInterval: 100, fit: true}
    }
  };
  var network = new vis.Network(document.getElementById("kg-network"), {nodes: nodes, edges: edges}, options);
  var ready = false;

  function markReady() {
    if (ready) { return; }
    ready = true;
    network.fit({animation: false});
    document.body.setAttribute("data-kg-ready", "true");
  }
  // until the reader zooms or drags, the whole view stays in the window when it changes size
  var moved = false;
  network.on("zoom", function () { moved = true; });
  network.on("dragStart", function () { moved = true; });
  network.on("resize", function () { if (ready && !moved) { network.fit({animation: false}); } });
  if (hierarchical || data.nodes.length === 0) {
    network.once("afterDrawing", markReady);
  } else {
    // physics lays the graph out once, then stops: the picture stays where it settled
    network.once("stabilizationIterationsDone", function () {
      network.setOptions({physics: {enabled: false}});
      markReady();
    });
  }

  // column headings of the hierarchical (chain) layout, drawn on the canvas
  network.on("afterDrawing", function (context) {
    if (!hierarchical || !data.levelNames) { return; }
    var positions = network.getPositions();
    var columns = {};
    data.nodes.forEach(function (node) {
      var position = positions[node.id];
      if (node.level === null || !position) { return; }
      var column = columns[node.level] || (columns[node.level] = {x: 0, n: 0, top: Infinity});
      column.x += position.x; column.n += 1; column.top = Math.min(column.top, position.y);
    });
    var top = Infinity;
    Object.keys(columns).forEach(function (level) { top = Math.min(top, columns[level].top); });
    context.save();
    context.font = "bold 19px sans-serif";
    context.fillStyle = "#555";
    context.textAlign = "center";
    Object.keys(columns).forEach(function (level) {
      var name = data.levelNames[level];
      if (name) { context.fillText(pick(name), columns[level].x / columns[level].n, top - 70); }
    });
    context.restore();
  });

  // --- highlighting the neighbourhood of a clicked node ---------------------------------
  function highlight(nodeId) {
    var keep = {};
    keep[nodeId] = true;
    network.getConnectedNodes(nodeId).forEach(function (id) { keep[id] = true; });
    var connected = {};
    network.getConnectedEdges(nodeId).forEach(function (id) { connected[id] = true; });
    nodes.update(data.nodes.map(function (node) {
      var style = styleOf(node);
      var colour = keep[node.id] ? style.color : DIMMED;
      return {id: node.id, color: {background: colour, border: node.id === nodeId ? "#000" : colour},
        font: {color: keep[node.id] ? "#222" : "#bbb"}};
    }));
    edges.update(edges.getIds().map(function (id) {
      return {id: id, color: {color: connected[id] ? "#333" : "#eee"}, font: {color: connected[id] ? "#333" : "#ddd"}};
    }));
  }

  function resetHighlight() {
    nodes.update(data.nodes.map(visNode));
    edges.update(data.edges.map(visEdge));
  }

  // --- the side panel ------------------------------------------------------------------------
  function clear(element) { while (element.firstChild) { element.removeChild(element.firstChild); } }

  function showNode(node) {
    var panel = document.getElementById("kg-details");
    clear(panel);
    panel.appendChild(el("h2", pick(node.label)));
    var other = language === "zh" ? node.label.en : node.label.zh;
    if (other && other !== pick(node.label)) { panel.appendChild(el("div", other)); }
    panel.appendChild(el("div", pick(node.classLabel), "kg-meta"));
    panel.appendChild(el("div", node.shortId, "kg-id"));
    if (pick(node.sizeValue)) { panel.appendChild(el("div", words().hubs + ": " + pick(node.sizeValue), "kg-meta")); }
    node.notes.forEach(function (note) { panel.appendChild(el("p", note, "kg-meta")); });
    panel.appendChild(el("h2", words().figures + " (" + node.figures.length + ")"));
    if (!node.figures.length) { panel.appendChild(el("div", words().noFigures, "kg-meta")); }
    node.figures.forEach(function (figure) { panel.appendChild(figureBlock(figure, true)); });
    panel.appendChild(el("h2", words().sources));
    if (!node.sentences.length) { panel.appendChild(el("div", words().noSentence, "kg-meta")); }
    node.sentences.forEach(function (sentence) { panel.appendChild(el("blockquote", sentence)); });
    var links = data.edges.filter(function (edge) { return edge.from === node.id || edge.to === node.id; });
    panel.appendChild(el("h2", words().relations + " (" + links.length + ")"));
    links.forEach(function (edge) {
      var outgoing = edge.from === node.id;
      var other = byId[outgoing ? edge.to : edge.from];
      panel.appendChild(el("div", (outgoing ? "→ " : "← ") + pick(edge.label) + " " + pick(other.label), "kg-link"));
    });
  }

  function showEdge(edge) {
    var panel = document.getElementById("kg-details");
    clear(panel);
    panel.appendChild(el("h2", words().relation + ": " + pick(edge.label)));
    panel.appendChild(el("div", pick(byId[edge.from].label) + " → " + pick(byId[edge.to].label)));
    panel.appendChild(el("div", edge.predicate, "kg-id"));
    panel.appendChild(el("h2", words().sources));
    if (!edge.sentences.length) { panel.appendChild(el("div", words().noSentence, "kg-meta")); }
    edge.sentences.forEach(function (sentence) { panel.appendChild(el("blockquote", sentence)); });
  }

  function showHint() {
    var panel = document.getElementById("kg-details");
    clear(panel);
    panel.appendChild(el("h2", words().details));
    panel.appendChild(el("p", words().clickHint, "kg-meta"));
  }

  var selected = null;
  function selectNode(id) {
    var node = byId[id];
    if (!node) { return false; }
    selected = {node: id};
    network.selectNodes([id]);
    highlight(id);
    showNode(node);
    return true;
  }

  network.on("click", function (event) {
    if (event.nodes.length) {
      selectNode(event.nodes[0]);
    } else if (event.edges.length) {
      var index = Number(String(event.edges[0]).slice(1));
      selected = {edge: index};
      resetHighlight();
      showEdge(data.edges[index]);
    } else {
      selected = null;
      resetHighlight();
      showHint();
    }
  });

  // --- search --------------------------------------------------------------------------------
  function normalise(text) { return String(text).toLowerCase().replace(/\s+/g, " ").trim(); }

  function findNode(query) {
    var wanted = normalise(query);
    if (!wanted) { return null; }
    var exact = null, partial = null;
    data.nodes.forEach(function (node) {
      node.names.forEach(function (name) {
        var candidate = normalise(name);
        if (candidate === wanted && !exact) { exact = node; }
        if (!partial && candidate.indexOf(wanted) >= 0) { partial = node; }
      });
    });
    return exact || partial;
  }

  function search(query) {
    var result = document.getElementById("kg-search-result");
    var node = findNode(query);
    if (!node) {
      result.textContent = query ? words().notFound : "";
      return null;
    }
    selectNode(node.id);
    network.focus(node.id, {scale: Math.max(network.getScale(), 0.9), animation: false});
    result.textContent = words().found + ": " + pick(node.label);
    return node.id;
  }

  var input = document.getElementById("kg-search");
  input.addEventListener("change", function () { search(input.value); });
  input.addEventListener("keydown", function (event) { if (event.key === "Enter") { search(input.value); } });

  function fillNames() {
    var list = document.getElementById("kg-names");
    clear(list);
    var seen = {};
    data.nodes.forEach(function (node) {
      [node.label.zh, node.label.en].forEach(function (name) {
        if (name && !seen[name]) {
          seen[name] = true;
          var option = document.createElement("option");
          option.value = name;
          list.appendChild(option);
        }
      });
    });
  }

  // --- texts in the chosen language ------------------------------------------------------------
  function renderTexts() {
    document.documentElement.lang = language;
    document.title = pick(data.title);
    document.getElementById("kg-title").textContent = pick(data.title);
    document.getElementById("kg-caption").textContent = pick(data.caption);
    document.getElementById("kg-search-label").textContent = words().search;
    document.getElementById("kg-counts").textContent = data.nodes.length + " " + words().nodes + " · " +
      data.edges.length + " " + words().edges;
    var source = document.getElementById("kg-source");
    source.textContent = data.sources.map(function (s) {
      return words().source + ": " + pick(s.title) + (s.authors.length ? " — " + s.authors.join(", ") : "") +
        (s.date ? " (" + s.date + ")" : "") + " [" + s.id + "]";
    }).concat(data.input ? [data.input] : []).join(" · ");
    var notes = document.getElementById("kg-notes");
    clear(notes);
    data.notes.forEach(function (note) { notes.appendChild(el("li", pick(note))); });
    var legend = document.getElementById("kg-legend");
    clear(legend);
    legend.appendChild(el("h2", words().legend));
    data.legend.forEach(function (row) {
      var line = el("div", null, "kg-legend-row");
      var swatch = el("span", SHAPE_SYMBOL[row.shape] || "●", "kg-swatch");
      swatch.style.color = row.color;
      line.appendChild(swatch);
      line.appendChild(el("span", pick(row)));
      line.appendChild(el("span", row.count, "kg-count"));
      legend.appendChild(line);
    });
    legend.appendChild(el("p", pick(data.sizeLegend), "kg-meta"));
    ["zh", "en"].forEach(function (lang) {
      document.getElementById("kg-lang-" + lang).className = lang === language ? "kg-active" : "";
    });
  }

  function setLanguage(lang) {
    if (!WORDS[lang]) { return; }
    language = lang;
    renderTexts();
    resetHighlight();
    if (selected && selected.node !== undefined) {
      selectNode(selected.node);
    } else if (selected && selected.edge !== undefined) {
      showEdge(data.edges[selected.edge]);
    } else {
      showHint();
    }
  }

  document.getElementById("kg-lang-zh").addEventListener("click", function () { setLanguage("zh"); });
  document.getElementById("kg-lang-en").addEventListener("click", function () { setLanguage("en"); });
  document.getElementById("kg-fit").addEventListener("click", function () { network.fit({animation: false}); });

  // for scripts and tests: what was drawn, and the page's own actions
  window.kgView = {
    data: data, nodes: nodes, edges: edges, network: network,
    isReady: function () { return ready; },
    selectNode: selectNode, search: search, setLanguage: setLanguage
  };
})();

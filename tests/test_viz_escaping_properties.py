"""Property-based: whatever Unicode a label holds (CJK, RTL and bidi controls, emoji, quotes,
backslashes, `</script>`, `<img onerror>`, `]]>`, `<!--`, U+2028), every kg viz view writes it
escaped: the page's data block parses back to the exact label, the label appears elsewhere in
the page only HTML-escaped and only where any label would, and the page has the same elements.

The `kg serve` page is static (kg/serve/static/index.html): it embeds no data, and its script
puts every answer into the page as text (tests/test_serve_page.py runs it in a browser).
"""

from __future__ import annotations

import functools
import html
import json
import re
from html.parser import HTMLParser

from hypothesis import example, given, settings
from hypothesis import strategies as st
from rdflib import RDF, RDFS, Graph, Literal

from kg.namespaces import INDUSTRY, KG, YB
from kg.viz.page import render_page
from kg.viz.views import ViewOptions, make_view
from tests.conftest import ROOT

DATA_OPEN = '<script type="application/json" id="kg-data">'
SCRIPT_END = re.compile(r"</script[\t\n\f\r />]", re.IGNORECASE)  # where a browser ends a script element
# a chain (industry, cluster, leader, supplier), a park and a project: something for every view
INDUSTRY_IRI = INDUSTRY["hostile"]
ENTITIES = {
    INDUSTRY_IRI: KG.Industry,
    YB["hostile-cluster"]: KG.IndustryCluster,
    YB["hostile-leader"]: KG.Company,
    YB["hostile-supplier"]: KG.Company,
    YB["hostile-park"]: KG.IndustrialPark,
    YB["hostile-project"]: KG.Project,
}
RELATIONS = [
    (YB["hostile-cluster"], KG.inIndustry, INDUSTRY_IRI),
    (YB["hostile-leader"], KG.chainLeaderOf, YB["hostile-cluster"]),
    (YB["hostile-supplier"], KG.supplies, YB["hostile-leader"]),
    (YB["hostile-leader"], KG.locatedIn, YB["hostile-park"]),
    (YB["hostile-leader"], KG.builds, YB["hostile-project"]),
    (YB["hostile-project"], KG.locatedIn, YB["hostile-park"]),
]
VIEWS = {
    "chain": ViewOptions(industry=str(INDUSTRY_IRI)),
    "ego": ViewOptions(focus=str(YB["hostile-leader"])),
    "parks": ViewOptions(),
    "projects": ViewOptions(),
    "full": ViewOptions(),
}
# labels no random text can contain (private-use characters are left out of the strategy below)
PLACEHOLDERS = {"zh": "\ue000zh-label\ue001", "en": "\ue000en-label\ue001"}

TRICKY = [
    "</script>", "</SCRIPT >", "<script>alert(1)</script>", "<img src=x onerror=alert(1)>", "]]>", "<!--", "-->",
    "<![CDATA[", "\u2028", "\u2029", '"', "'", "`", "\\", '\\"', "\\u003c", "&amp;", "&lt;", "&#x3c;", "$title",
    "${data}", "渝北区两江新区", "مرحبا", "שלום", "\u202eevil\u202c", "\u2066x\u2069", "\u200f", "\u061c",
    "👩‍👩‍👧", "🚗", "\ufeff", "\x00", "\t\n\r", "{{x}}", "</style>", "<svg onload=alert(1)>",
]
# any character UTF-8 can hold, but private use (the placeholders') and surrogates (no UTF-8 for them)
character = st.characters(codec="utf-8", exclude_categories=("Co", "Cs"))
label = st.one_of(st.text(character, max_size=20), st.sampled_from(TRICKY),
                  st.lists(st.one_of(st.sampled_from(TRICKY), st.text(character, max_size=4)),
                           min_size=2, max_size=5).map("".join))


@functools.cache
def vocabulary():
    from kg.ontology import read_ontology_graph

    return read_ontology_graph(ROOT / "ontology")


def labelled_graph(zh: str, en: str) -> Graph:
    graph = Graph()
    for entity, cls in ENTITIES.items():
        graph.add((entity, RDF.type, cls))
        graph.add((entity, RDFS.label, Literal(zh, lang="zh")))
        graph.add((entity, RDFS.label, Literal(en, lang="en")))
    for triple in RELATIONS:
        graph.add(triple)
    return graph


def page_of(view: str, zh: str, en: str) -> str:
    model = make_view(labelled_graph(zh, en), view, VIEWS[view], vocabulary=vocabulary())
    return render_page(model).decode("utf-8")


@functools.cache
def placeholder_page(view: str) -> str:
    return page_of(view, PLACEHOLDERS["zh"], PLACEHOLDERS["en"])


def split_data(page: str) -> tuple[dict, str]:
    """The data block, parsed, and the page without it."""
    start = page.index(DATA_OPEN) + len(DATA_OPEN)
    end = SCRIPT_END.search(page, start).start()
    text = page[start:end]
    # what could end the element before its end, or make a browser read on past it (HTML's
    # "restrictions for contents of script elements")
    assert not re.search(r"<!--|</?script", text, re.IGNORECASE)
    return json.loads(text), page[:start] + page[end:]


class Elements(HTMLParser):
    """The start tags of a page with their attributes, and the text of the title."""

    def __init__(self, page: str):
        super().__init__()
        self.tags: list[tuple[str, list]] = []
        self.title = ""
        self._in_title = False
        self.feed(page)
        self.close()

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, attrs))
        self._in_title = tag == "title"

    def handle_endtag(self, tag):
        self._in_title = False

    def handle_data(self, data):
        if self._in_title:
            self.title += data


@settings(max_examples=25, deadline=None)
@given(zh=label, en=label)
@example(zh="</script><img src=x onerror=alert(1)>", en="]]><!--\u2028\u202e")
@example(zh="", en=" ")
def test_every_view_writes_any_label_escaped(zh, en):
    for view in VIEWS:
        page = page_of(view, zh, en)
        data, outside = split_data(page)
        ours = [node for node in data["nodes"] if node["id"] in {str(entity) for entity in ENTITIES}]
        assert len(ours) >= 2, view  # each view draws some of the labelled entities
        for node in ours:
            assert node["label"] == {"zh": zh, "en": en}, view
            assert {name for name in (zh, en) if name} <= set(node["names"]), view  # what search finds
        # outside the data block a label is only ever HTML-escaped, and only where the placeholder is
        _, outside_of_placeholder = split_data(placeholder_page(view))
        expected = (outside_of_placeholder.replace(html.escape(PLACEHOLDERS["zh"]), html.escape(zh))
                    .replace(html.escape(PLACEHOLDERS["en"]), html.escape(en)))
        assert outside == expected, view
        # the same elements with the same attributes; the title reads as the view's title
        elements, placeholder_elements = Elements(page), Elements(placeholder_page(view))
        assert elements.tags == placeholder_elements.tags, view
        assert [tag for tag, _ in elements.tags].count("script") == 3, view
        assert elements.title == placeholder_elements.title.replace(PLACEHOLDERS["zh"], zh), view

"""Writing a view: the HTML page, and (asked for) a PNG of it."""

from __future__ import annotations

import tempfile
from dataclasses import dataclass
from pathlib import Path

from kg.errors import KgError


@dataclass
class Written:
    model: object  # kg.viz.model.ViewModel
    html: Path | None
    png: Path | None

    def summary(self) -> str:
        model = self.model
        shown = f"{len(model.nodes)} nodes, {len(model.edges)} edges"
        if model.capped:
            shown += f" (of {model.total_nodes:,} nodes)"
        files = ", ".join("standard output" if str(p) == "-" else str(p) for p in (self.html, self.png)
                          if p is not None)
        return f"wrote {files}: {model.view} view, {shown}"


def write_view(graph, view: str, options, html_path: Path | None, png_path: Path | None,
               chromium: str | None = None, input_description: str = "",
               png_size: tuple[int, int] = (1600, 1000), vocabulary=None) -> Written:
    """Build view `view` of `graph`; write the page to `html_path` and/or a PNG to `png_path`.

    Nothing is written when the view cannot be built; the PNG is taken from the page
    exactly as written (from a temporary copy when no HTML file was asked for). `vocabulary`:
    see kg.viz.views.make_view.
    """
    from kg.fsutil import write_atomic
    from kg.viz.page import render_page
    from kg.viz.views import make_view

    if html_path is None and png_path is None:
        raise KgError("say where to write the view: -o FILE.html and/or --png FILE.png", "-o")
    browser = None
    if png_path is not None:
        from kg.viz.screenshot import find_chromium

        browser = find_chromium(chromium)  # before any work: a missing browser is the first thing to say
    model = make_view(graph, view, options, vocabulary)
    page = render_page(model, input_description)
    if png_path is not None:
        from kg.viz.screenshot import screenshot

        with tempfile.TemporaryDirectory(prefix="kg-viz-") as folder:
            copy = Path(folder) / "view.html"
            copy.write_bytes(page)
            write_atomic(png_path, screenshot(copy, browser, *png_size))
    if html_path is not None:
        write_atomic(html_path, page)
    return Written(model, html_path, png_path)

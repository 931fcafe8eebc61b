"""A view model → one self-contained HTML page (UTF-8 bytes).

vis-network is inlined from the installed pyvis package (pyvis's own templates load it
and bootstrap from CDNs; this page loads nothing). The view model goes in as JSON inside
<script type="application/json">, with every "<", ">" and "&" written as a \\u escape so
that no label can end the script element; title and caption in the static HTML are
HTML-escaped; the page script puts data only into textContent. Same model, same bytes.
"""

from __future__ import annotations

import html
import json
from importlib import resources
from pathlib import Path
from string import Template

from kg.errors import KgError

VIS_VERSION = "vis-9.1.2"


def _package_text(name: str) -> str:
    return resources.files("kg.viz").joinpath(name).read_text(encoding="utf-8")


def vis_folder() -> Path:
    """The folder of vis-network's files in the installed pyvis package."""
    try:
        import pyvis
    except ImportError:
        raise KgError("the pyvis package is needed for kg viz (pip install pyvis)") from None
    return Path(pyvis.__file__).parent / "lib" / VIS_VERSION


def vis_assets() -> tuple[str, str]:
    """vis-network's JavaScript and CSS as shipped by pyvis."""
    folder = vis_folder()
    try:
        script = (folder / "vis-network.min.js").read_text(encoding="utf-8")
        style = (folder / "vis-network.css").read_text(encoding="utf-8")
    except OSError as error:
        raise KgError(f"vis-network is missing from the pyvis package: {error}", str(folder)) from None
    _check_inlinable(script, "</script", folder / "vis-network.min.js")
    _check_inlinable(style, "</style", folder / "vis-network.css")
    return script, style


def _check_inlinable(text: str, closing: str, where: Path) -> None:
    # inside a raw-text element only its own end tag (and "<!--" in scripts) means anything to HTML
    lowered = text.lower()
    if closing in lowered or "<!--" in lowered:
        raise KgError(f"cannot inline this file: it contains {closing!r} or '<!--'", str(where))


def script_json(data: object) -> str:
    """JSON that is safe inside <script type="application/json">: no "<", ">" or "&" left."""
    text = json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return (text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
            .replace("\u2028", "\\u2028").replace("\u2029", "\\u2029"))


def render_page(model, input_description: str = "") -> bytes:
    script, style = vis_assets()
    data = model.page_data()
    if input_description:
        data["input"] = input_description
    page = Template(_package_text("template.html")).substitute(
        title=html.escape(model.title["zh"]),
        caption=html.escape(model.caption["zh"]),
        vis_css=style,
        page_css=_package_text("page.css"),
        data=script_json(data),
        vis_js=script,
        page_js=_package_text("page.js"),
    )
    return page.encode("utf-8")

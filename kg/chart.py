"""A small chart of an indicator over time: inline SVG, no script, byte-identical for the
same series (no timestamps, no random ids), optionally wrapped in an HTML page."""

from __future__ import annotations

from decimal import Decimal
from html import escape

from kg.ingest.numbers import plain
from kg.series import Series

WIDTH, HEIGHT = 640, 320
MARGIN_LEFT, MARGIN_RIGHT, MARGIN_TOP, MARGIN_BOTTOM = 72, 24, 48, 72
# one colour per source, in the order sources first appear
PALETTE = ("#2f6fab", "#d9822b", "#3a9a5b", "#b8433a", "#7b5ea7", "#8c6d31")
FONT = "font-family=\"'Noto Sans CJK SC','Source Han Sans SC','Microsoft YaHei',sans-serif\""


def _display(series: Series) -> tuple[list[Decimal], str]:
    """Values in the written unit when every figure writes the same one (亿元), else normalized."""
    units = {p.written_unit for p in series.points}
    if len(units) == 1:
        return [p.written_value for p in series.points], units.pop()
    local = series.points[0].unit.rsplit("/", 1)[-1] if series.points else ""
    return [p.value for p in series.points], local


def svg(series: Series) -> str:
    values, unit = _display(series)
    top = max(values, default=Decimal(0))
    scale_top = top if top > 0 else Decimal(1)
    plot_w = WIDTH - MARGIN_LEFT - MARGIN_RIGHT
    plot_h = HEIGHT - MARGIN_TOP - MARGIN_BOTTOM
    sources: list[str] = []
    for point in series.points:
        if point.sources not in sources:
            sources.append(point.sources)
    title = f"{series.subject_name} · {series.indicator_name}（{unit}）"
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{WIDTH}" height="{HEIGHT}" '
        f'viewBox="0 0 {WIDTH} {HEIGHT}" role="img" aria-label="{escape(title)}">',
        f"<title>{escape(title)}</title>",
        f'<rect x="0" y="0" width="{WIDTH}" height="{HEIGHT}" fill="#ffffff"/>',
        f'<text x="{MARGIN_LEFT}" y="28" font-size="15" {FONT} fill="#222">{escape(title)}</text>',
        f'<line x1="{MARGIN_LEFT}" y1="{MARGIN_TOP + plot_h}" x2="{WIDTH - MARGIN_RIGHT}" '
        f'y2="{MARGIN_TOP + plot_h}" stroke="#888" stroke-width="1"/>',
    ]
    count = max(len(series.points), 1)
    slot = plot_w / count
    bar = min(48.0, slot * 0.6)
    for index, (point, value) in enumerate(zip(series.points, values, strict=True)):
        height = float(value / scale_top) * plot_h if top > 0 else 0.0
        x = MARGIN_LEFT + slot * index + (slot - bar) / 2
        y = MARGIN_TOP + plot_h - height
        colour = PALETTE[sources.index(point.sources) % len(PALETTE)]
        label = f"{point.period}: {plain(value)} {unit} ({point.sources})" + ("，预计" if point.forecast else "")
        dash = ' stroke-dasharray="4 2" stroke="#333"' if point.forecast else ""
        parts += [
            f'<rect x="{x:.1f}" y="{y:.1f}" width="{bar:.1f}" height="{height:.1f}" fill="{colour}"{dash}>'
            f"<title>{escape(label)}</title></rect>",
            f'<text x="{x + bar / 2:.1f}" y="{y - 6:.1f}" font-size="12" text-anchor="middle" {FONT} '
            f'fill="#222">{escape(plain(value))}</text>',
            f'<text x="{x + bar / 2:.1f}" y="{MARGIN_TOP + plot_h + 18:.1f}" font-size="11" text-anchor="middle" '
            f'{FONT} fill="#444">{escape(point.period)}</text>',
        ]
    for index, source in enumerate(sources):
        y = HEIGHT - 24
        x = MARGIN_LEFT + index * 180
        colour = PALETTE[index % len(PALETTE)]
        parts += [f'<rect x="{x}" y="{y - 10}" width="10" height="10" fill="{colour}"/>',
                  f'<text x="{x + 14}" y="{y}" font-size="11" {FONT} fill="#444">{escape(source)}</text>']
    if not series.points:
        parts.append(f'<text x="{WIDTH / 2:.0f}" y="{HEIGHT / 2:.0f}" text-anchor="middle" font-size="13" {FONT} '
                     f'fill="#888">no figures</text>')
    parts.append("</svg>")
    return "\n".join(parts) + "\n"


def html(series: Series) -> str:
    title = escape(f"{series.subject_name} · {series.indicator_name}")
    rows = "\n".join(
        f"<tr><td>{escape(p.period)}</td><td>{escape(plain(p.written_value))} {escape(p.written_unit)}</td>"
        f"<td>{escape(p.sources)}</td></tr>" for p in series.points)
    return (f'<!DOCTYPE html>\n<html lang="zh">\n<head>\n<meta charset="utf-8">\n<title>{title}</title>\n'
            f"</head>\n<body>\n{svg(series)}<table>\n"
            "<tr><th>期间 period</th><th>数值 value</th><th>来源 source</th></tr>\n"
            f"{rows}\n</table>\n</body>\n</html>\n")


RENDERERS = {".svg": svg, ".html": html, ".htm": html}


def write_chart(project, graph_files, subject: str, indicator: str, output: str) -> int:
    """Render the series to `output` (.svg, .html, or - for SVG on stdout); returns the figure count."""
    from pathlib import Path

    from kg.errors import KgError
    from kg.fsutil import write_atomic
    from kg.pipeline import read_input_graph
    from kg.series import indicator_series

    suffix = ".svg" if output == "-" else Path(output).suffix.lower()
    if suffix not in RENDERERS:
        raise KgError("write the chart to a .svg or .html file", "-o")
    series = indicator_series(read_input_graph(project, graph_files), project.queries, subject, indicator)
    write_atomic(output, RENDERERS[suffix](series).encode("utf-8"))
    return len(series.points)

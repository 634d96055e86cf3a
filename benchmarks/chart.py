"""A horizontal bar chart of time ratios as a standalone SVG (no plotting library needed).

Each group is one measured quantity; each bar one ratio (ours ÷ openai-python, ours ÷ floor, ...),
drawn on a log scale so 0.1x and 10x sit equally far from the 1x line.
"""

from __future__ import annotations

import math
from typing import List, Sequence, Tuple
from xml.sax.saxutils import escape

# (label, colour) of the bar kinds, in drawing order within a group.
SERIES: Sequence[Tuple[str, str]] = (
    ("ours ÷ openai-python", "#1f77b4"),
    ("ours ÷ floor (requests)", "#9ecae1"),
    ("ours-urllib3 ÷ openai-python", "#d62728"),
    ("ours-urllib3 ÷ floor (urllib3)", "#f4a6a6"),
)
LOW, HIGH = 0.01, 10.0  # the axis; ratios outside are drawn at the edge and labelled with their value
BAR, GAP, LEFT, RIGHT, TOP = 13, 10, 230, 70, 80
WIDTH = 900


def _x(value: float) -> float:
    span = WIDTH - LEFT - RIGHT
    clamped = min(max(value, LOW), HIGH)
    return LEFT + span * (math.log10(clamped) - math.log10(LOW)) / (math.log10(HIGH) - math.log10(LOW))


def _fmt(value: float) -> str:
    return f"{value:.3f}" if value < 0.1 else f"{value:.2f}"


def render(title: str, groups: List[Tuple[str, List[Tuple[int, float]]]]) -> str:
    """``groups``: (label, [(series index, ratio), ...]); returns the SVG text."""
    rows = sum(max(len(bars), 1) for _, bars in groups)
    height = TOP + rows * BAR + len(groups) * GAP + 60
    out: List[str] = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{WIDTH}" height="{height}" '
        f'viewBox="0 0 {WIDTH} {height}" font-family="DejaVu Sans, Arial, sans-serif" font-size="11">',
        f'<rect width="{WIDTH}" height="{height}" fill="white"/>',
        f'<text x="{WIDTH / 2}" y="20" text-anchor="middle" font-size="14" font-weight="bold">{escape(title)}</text>',
    ]
    for index, (label, colour) in enumerate(SERIES):  # two columns, two rows
        legend_x, legend_y = LEFT + (index % 2) * 260, 32 + (index // 2) * 16
        out.append(f'<rect x="{legend_x}" y="{legend_y}" width="11" height="11" fill="{colour}"/>')
        out.append(f'<text x="{legend_x + 15}" y="{legend_y + 10}">{escape(label)}</text>')
    bottom = height - 40
    for tick in (0.01, 0.03, 0.1, 0.3, 1, 3, 10):
        x = _x(tick)
        colour, width = ("#333", 1.5) if tick == 1 else ("#ddd", 1)
        out.append(f'<line x1="{x:.1f}" y1="{TOP - 6}" x2="{x:.1f}" y2="{bottom}" stroke="{colour}" '
                   f'stroke-width="{width}"/>')
        out.append(f'<text x="{x:.1f}" y="{bottom + 14}" text-anchor="middle">{tick:g}x</text>')
    out.append(f'<text x="{(LEFT + WIDTH - RIGHT) / 2}" y="{bottom + 30}" text-anchor="middle">'
               "ratio, log scale: left of 1x = ours takes less time (less memory for RSS)</text>")
    y = TOP
    for label, bars in groups:
        group_height = max(len(bars), 1) * BAR
        out.append(f'<text x="{LEFT - 8}" y="{y + group_height / 2 + 4:.1f}" text-anchor="end">{escape(label)}</text>')
        for series, ratio in bars:
            x0, x1 = _x(1.0), _x(ratio)
            left, width = min(x0, x1), max(abs(x1 - x0), 1.0)
            colour = SERIES[series][1]
            out.append(f'<rect x="{left:.1f}" y="{y + 1}" width="{width:.1f}" height="{BAR - 2}" fill="{colour}">'
                       f"<title>{escape(SERIES[series][0])}: {_fmt(ratio)}</title></rect>")
            anchor, tx = ("end", left - 3) if ratio < 1 else ("start", left + width + 3)
            out.append(f'<text x="{tx:.1f}" y="{y + BAR - 3}" text-anchor="{anchor}" font-size="10">'
                       f"{_fmt(ratio)}</text>")
            y += BAR
        if not bars:
            y += BAR
        y += GAP
    out.append("</svg>")
    return "\n".join(out) + "\n"

"""A small line chart drawn on the server as plain SVG (presentation attributes only, no
script, no style=, so it sits inline under the strict CSP). The page shows the same numbers in
a table beside it; the SVG is aria-hidden."""

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from kombel.observations.growth import Growth

COLORS = ["#0b6e4f", "#2f5fb3", "#a15c00", "#7a4eb0", "#b3261e", "#5b6475"]
W, H, LEFT, RIGHT, TOP, BOTTOM = 320, 170, 28, 8, 10, 44


def growth_chart(growth: Growth) -> SafeString:
    if not growth.points:
        return mark_safe("")
    n = len(growth.points)
    low, high = growth.low, growth.high
    span = (high - low) or 1

    def x(i: int) -> float:
        return LEFT + (W - LEFT - RIGHT) * (i / (n - 1) if n > 1 else 0.5)

    def y(v: float) -> float:
        return TOP + (H - TOP - BOTTOM) * (1 - (v - low) / span)

    parts = [
        f'<svg class="chart" role="img" aria-hidden="true" viewBox="0 0 {W} {H}" '
        f'width="{W}" height="{H}" xmlns="http://www.w3.org/2000/svg">'
    ]
    for level in range(low, high + 1, growth.step):
        parts.append(
            f'<line class="axis" x1="{LEFT}" x2="{W - RIGHT}" y1="{y(level):.1f}" '
            f'y2="{y(level):.1f}" stroke="#ddd"/>'
            f'<text x="4" y="{y(level) + 3:.1f}">{level}</text>'
        )
    for i, point in enumerate(growth.points):
        if i == 0 or i == n - 1 or n <= 6:
            parts.append(
                f'<text x="{x(i):.1f}" y="{H - BOTTOM + 14}" text-anchor="middle">'
                f"{point.day:%d/%m}</text>"
            )
    for s, section in enumerate(growth.sections):
        color = COLORS[s % len(COLORS)]
        coords = [
            f"{x(i):.1f},{y(p.by_section[section]):.1f}"
            for i, p in enumerate(growth.points)
            if section in p.by_section
        ]
        if len(coords) > 1:
            parts.append(
                f'<polyline fill="none" stroke="{color}" stroke-width="2" '
                f'points="{" ".join(coords)}"/>'
            )
        for c in coords:
            cx, cy = c.split(",")
            parts.append(f'<circle cx="{cx}" cy="{cy}" r="3" fill="{color}"/>')
        parts.append(
            f'<rect x="{LEFT + (s % 2) * 150}" y="{H - 22 + (s // 2) * 12 - 8}" width="8" '
            f'height="8" fill="{color}"/><text x="{LEFT + 12 + (s % 2) * 150}" '
            f'y="{H - 22 + (s // 2) * 12}">{escape(section[:24])}</text>'
        )
    parts.append("</svg>")
    return mark_safe("".join(parts))  # noqa: S308  (numbers and escaped titles)

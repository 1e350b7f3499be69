"""Small SVG charts drawn on the server by leather (wireservice's charting library).

leather writes plain SVG with presentation attributes only — no `style=`, no script — so the
charts sit inline in the page under the strict Content Security Policy. Every chart is shown
beside a table of the same numbers (screen readers, copying); the SVG itself is aria-hidden.
"""

from collections.abc import Sequence
from functools import lru_cache
from typing import Any

from django.utils.safestring import SafeString, mark_safe

WIDTH = 320
COLORS = ["#0b6e4f", "#2f5fb3", "#a15c00", "#7a4eb0", "#b3261e", "#5b6475", "#1b8a9a"]


def _theme() -> Any:
    import leather

    theme = leather.theme
    theme.background_color = "#ffffff"
    for name in ("title", "legend", "tick", "axis_title"):
        setattr(theme, f"{name}_font_family", "system-ui, sans-serif")
    theme.tick_font_size = "11"
    theme.legend_font_size = "12"
    theme.default_series_colors = COLORS
    theme.margin = 0.03  # a fraction of the width (leather 0.4.1 mishandles whole numbers)
    return leather


def _svg(chart: Any, height: int) -> SafeString:
    svg: str = chart.to_svg(width=WIDTH, height=height)
    # Drawn from numbers and our own labels, escaped by leather's ElementTree writer.
    return mark_safe(  # noqa: S308
        svg.replace("<svg ", '<svg class="chart" role="img" aria-hidden="true" ', 1)
    )


def distribution_chart(counts: Sequence[int]) -> SafeString:
    """Share of answers on each point of the scale (1..k), as columns."""
    return _distribution(tuple(counts))


# The same numbers draw the same chart: leather spends most of a chart choosing tick marks, so
# each process keeps the charts it drew (a few kilobytes each).
@lru_cache(maxsize=1024)
def _distribution(counts: tuple[int, ...]) -> SafeString:
    if not sum(counts):
        return mark_safe("")  # nothing to draw: the table says 0
    leather = _theme()
    total = sum(counts)
    chart = leather.Chart()
    chart.add_y_scale(0, 100)
    chart.add_y_axis(ticks=[0, 50, 100], tick_formatter=lambda v, i, c: f"{v:.0f}%")
    chart.add_columns([(str(point), 100 * n / total) for point, n in enumerate(counts, start=1)])
    return _svg(chart, 150)


def change_chart(
    wave_labels: Sequence[str],
    series: Sequence[tuple[str, Sequence[float | None]]],
    low: float,
    high: float,
) -> SafeString:
    """Construct means across waves: one line per construct on the scale's range."""
    frozen = tuple((name, tuple(means)) for name, means in series)
    return _change(tuple(wave_labels), frozen, low, high)


@lru_cache(maxsize=256)
def _change(
    wave_labels: tuple[str, ...],
    series: tuple[tuple[str, tuple[float | None, ...]], ...],
    low: float,
    high: float,
) -> SafeString:
    leather = _theme()
    chart = leather.Chart()
    count = len(wave_labels)
    chart.add_x_scale(1, max(count, 2))
    chart.add_x_axis(
        ticks=list(range(1, count + 1)),
        tick_formatter=lambda v, i, c: wave_labels[int(v) - 1][:8] if 1 <= v <= count else "",
    )
    chart.add_y_scale(low, high)
    chart.add_y_axis(
        ticks=[low + (high - low) * f for f in (0, 0.5, 1)], tick_formatter=lambda v, i, c: f"{v:g}"
    )
    drawn = 0
    for name, means in series:
        points = [(i, m) for i, m in enumerate(means, start=1) if m is not None]
        if points:
            chart.add_line(points, name=name, width=2)
            drawn += 1
    if not drawn:
        return mark_safe("")  # no wave has answers yet
    return _svg(chart, 220)

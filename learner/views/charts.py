"""Chart geometry for the programme reports: presentation only, drawn as a small SVG on the
server so the phone needs no chart library."""

from __future__ import annotations

# The bar chart: drawn on the server as a small SVG, no chart library on the phone.
# 340 units drawn about 330 px wide on a 360 px phone: the 17-unit text stays near 16 px.
CHART_WIDTH, ROW_HEIGHT, LEGEND_HEIGHT, PAD, VALUE_ROOM = 340, 54, 36, 8, 56


def bar_chart(rows: list[tuple[str, list[int]]], series: list[tuple[str, str]]) -> dict:
    """Stacked horizontal bars, one row per label; series: (name, colour) of each stacked part."""
    biggest = max((sum(values) for _label, values in rows), default=0) or 1
    scale = (CHART_WIDTH - 2 * PAD - VALUE_ROOM) / biggest
    legend, x = [], PAD
    for name, colour in series:
        legend.append({"x": x, "name": name, "colour": colour})
        x += 28 + 10 * len(name)  # about 10 units a letter at 17-unit text
    drawn = []
    for index, (label, values) in enumerate(rows):
        top = LEGEND_HEIGHT + index * ROW_HEIGHT
        bars, x = [], PAD
        for value, (_name, colour) in zip(values, series, strict=True):
            width = round(value * scale, 1)
            if width:
                bars.append({"x": x, "width": width, "colour": colour})
            x += width
        drawn.append({"label": label, "label_y": top + 18, "bar_y": top + 26, "bars": bars,
                      "value": sum(values), "value_x": x + 6, "value_y": top + 41})
    return {"width": CHART_WIDTH, "height": LEGEND_HEIGHT + len(rows) * ROW_HEIGHT + PAD,
            "legend": legend, "rows": drawn}

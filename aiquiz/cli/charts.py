"""Terminal charts from block characters, as plain strings (the caller styles and prints them)."""

from __future__ import annotations

EIGHTHS = " ▁▂▃▄▅▆▇█"


def bar(fraction: float, width: int = 10) -> str:
    """A horizontal bar: filled blocks, then light shade for the rest."""
    n = max(0, min(width, round(fraction * width)))
    return "█" * n + "░" * (width - n)


def columns(values: list[float], height: int, top: float) -> list[str]:
    """A column chart, one character per value, `height` rows (top row first), eighth-block
    resolution; any value above 0 shows at least a sliver."""
    rows = []
    for level in range(height, 0, -1):
        row = []
        for v in values:
            filled = (v / top * height) if top > 0 else 0.0
            part = filled - (level - 1)
            if part >= 1:
                row.append("█")
            elif part <= 0:
                row.append("▁" if level == 1 and v > 0 else " ")
            else:
                row.append(EIGHTHS[max(1, round(part * 8))])
        rows.append("".join(row))
    return rows


def labelled(rows: list[str], top_label: str, bottom_label: str, first: str,
             last: str) -> list[str]:
    """Rows with a left axis (top and bottom values) and dates under the first and last column."""
    pad = max(len(top_label), len(bottom_label))
    out = []
    for i, row in enumerate(rows):
        label = top_label if i == 0 else bottom_label if i == len(rows) - 1 else ""
        out.append(f"{label:>{pad}} │{row}")
    width = len(rows[0]) if rows else 0
    gap = max(1, width - len(first) - len(last))
    out.append(" " * pad + "  " + first + " " * gap + last)
    return out

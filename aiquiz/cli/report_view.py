"""`aiquiz progress` in the terminal: the report (learner/report.py) laid out for the console's
width. Every line is packed to fit (60 columns and up) from whole parts, so no word, item name
or command is ever broken; terminals wide enough get one row per checklist item."""

from __future__ import annotations

from datetime import datetime

from rich.cells import cell_len
from rich.console import Console
from rich.text import Text

from ..errors import AiquizError
from ..learner.mastery import ITEMS
from ..learner.report import practice_command
from ..study.selection import resolve_item
from .charts import bar, columns, labelled

SEP = " · "


def pct(x) -> str:
    return "—" if x is None else f"{100 * x:.0f}%"


def duration(seconds: float) -> str:
    m = round(seconds / 60)
    return f"{m // 60} h {m % 60:02d} min" if m >= 60 else f"{m} min"


def ago(iso: str | None, now: datetime) -> str:
    if not iso:
        return "never"
    days = (now.date() - datetime.fromisoformat(iso).date()).days
    return "today" if days <= 0 else "yesterday" if days == 1 else f"{days} days ago"


def plural(n: int, word: str) -> str:
    return f"{n} {word}" if n == 1 else f"{n} {word}s"


def pack(parts: list[str], width: int, indent: str = "") -> list[str]:
    """Whole parts joined by ' · ' into lines no wider than `width` (a part too wide for any
    line gets a line of its own)."""
    lines: list[str] = []
    cur = ""
    for p in parts:
        if cur and cell_len(indent + cur + SEP + p) <= width:
            cur += SEP + p
        else:
            if cur:
                lines.append(indent + cur)
            cur = p
    if cur:
        lines.append(indent + cur)
    return lines


def short_command(item: str, profile: str | None, width: int) -> str:
    """The command that practises `item`, with the item's full name when it fits, else the
    longest start of the name that fits and still names only it (aiquiz accepts either)."""
    full = practice_command(item, profile)
    if cell_len(full) <= width:
        return full
    words = item.split()
    for k in range(len(words) - 1, 0, -1):
        if words[k - 1].lower() in ("for", "of", "with", "from", "w.r.t.", "(no", "(simple"):
            continue
        part = " ".join(words[:k])
        cmd = practice_command(part, profile)
        if cell_len(cmd) <= width and _names_only(part, item):
            return cmd
    return full


def _names_only(part: str, item: str) -> bool:
    try:
        return resolve_item(part) == item
    except AiquizError:
        return False


class ReportView:
    def __init__(self, console: Console, report: dict, data_dir: str):
        self.c, self.r, self.data_dir = console, report, data_dir
        self.w = max(40, console.width)
        self.now = datetime.fromisoformat(report["at"])
        self.profile = None if report["profile"] == "default" else report["profile"]
        self.out: list[Text] = []  # printed at once: one console call, not one per line

    def line(self, text: str, style: str = "") -> None:
        self.out.append(Text(text, style=style))

    def blank(self) -> None:
        self.out.append(Text(""))

    def lines(self, parts: list[str], indent: str = "", style: str = "") -> None:
        for ln in pack(parts, self.w, indent):
            self.line(ln, style)

    def heading(self, text: str) -> None:
        self.blank()
        self.line(text, "bold underline")

    # -------------------------------------------------------------------------------- all
    def render(self) -> None:
        r = self.r
        o = r["overall"]
        self.lines([f"Progress ({r['profile']} profile)", plural(r["attempts"], "answer"),
                    plural(r["questions_seen"], "question") + " seen",
                    f"{duration(r['time']['total_seconds'])} practised"], style="bold")
        self.lines([f"Overall {bar(o['mastery'])} {pct(o['mastery'])} {o['level']}",
                    f"{o['done']}/{o['items']} items done",
                    "streak " + plural(r["streak"]["current"], "day")])
        self.checklist()
        self.topics()
        self.due()
        self.activity()
        self.readiness()
        self.next_steps()
        self.blank()
        self.lines([f"[x] = mastery {pct(o['done_at'])}+ over {o['done_questions']}+ distinct "
                    "questions answered right", f"data: {self.data_dir}"], style="dim")
        self.c.print(Text("\n").join(self.out), no_wrap=True, overflow="ignore", crop=False)

    def checklist(self) -> None:
        self.heading("Checklist")
        for cat, c in self.r["categories"].items():
            self.lines([cat, f"{bar(c['mastery'])} {pct(c['mastery'])} {c['level']}",
                        f"{c['done']}/{len(c['items'])} done",
                        plural(c["attempts"], "answer") + f", {pct(c['accuracy'])} right"],
                       style="bold")
            for item, i in c["items"].items():
                mark = "[x]" if i["done"] else "[ ]"
                stats = [f"{bar(i['mastery'])} {pct(i['mastery']):>4} {i['level']:<10}",
                         f"{plural(i['attempts'], 'answer'):>12}", f"{pct(i['accuracy']):>4} right",
                         f"last {ago(i['last_practised'], self.now)}"]
                style = "" if i["attempts"] or i["mastery"] else "dim"
                row = f"  {mark} {item:<40} " + SEP.join(stats)
                if cell_len(row) <= self.w:
                    self.line(row, style)
                else:
                    self.line(f"  {mark} {item}", style)
                    self.lines(stats, "      ", style)

    def topics(self) -> None:
        topics = self.r["topics"]
        if not topics:
            return
        self.heading("Topics")
        name_w = max(len(t) for t in topics)
        show_last = self.w >= name_w + 55
        head = f"  {'topic':<{name_w}} {'answers':>7} {'right':>5} {'mastery':<13} level"
        self.line(head + ("       last practised" if show_last else ""), "dim")
        for t, v in topics.items():
            row = (f"  {t:<{name_w}} {v['attempts']:>7} {pct(v['accuracy']):>5} "
                   f"{bar(v['mastery'], 8)} {pct(v['mastery']):>4} {v['level']:<11}")
            if show_last:
                row += f" {ago(v['last_practised'], self.now)}"
            self.line(row.rstrip())

    def due(self) -> None:
        d = self.r["due"]
        self.heading("Reviews")
        self.lines([f"due now: {d['now']}", f"later today: {d['later_today']}"])
        days = [f"{datetime.fromisoformat(x['date']).strftime('%a')} {x['count']}"
                for x in d["next_7_days"]]
        self.lines(["next 7 days: " + days[0]] + days[1:] + [f"after that: {d['later']}"])

    def activity(self) -> None:
        act = self.r["activity"]
        self.heading("Last 30 days")
        counts = [a["answers"] for a in act]
        top = max(counts) or 1
        first = datetime.fromisoformat(act[0]["date"]).strftime("%b %d")
        self.line("answers per day")
        for ln in labelled(columns(counts, 4, top), str(top), "0", first, "today"):
            self.line(ln)
        series = [m["mastery"] for m in self.r["mastery_over_time"]]
        self.line("overall mastery")
        for ln in labelled(columns(series, 4, 1.0), "100%", "0%", first, "today"):
            self.line(ln)
        s, t = self.r["streak"], self.r["time"]
        self.lines([f"streak: {plural(s['current'], 'day')} (longest {s['longest']})",
                    plural(s["days_practised"], "day") + " practised in all"])
        self.lines([f"time practised: {duration(t['today_seconds'])} today",
                    f"{duration(t['last_7_days_seconds'])} in the last 7 days",
                    f"{duration(t['total_seconds'])} in all"])

    def readiness(self) -> None:
        self.heading("Readiness")
        for role, v in self.r["readiness"].items():
            self.lines([f"{role:<8} {bar(v['readiness'])} {pct(v['readiness'])} {v['level']}"])
            held = v["held_back_by"]
            if held:
                self.lines(["held back by: " + held[0]] + held[1:], "  ", style="dim")

    def next_steps(self) -> None:
        self.heading("Next: your three weakest items")
        for n, w in enumerate(self.r["weakest"], 1):
            self.lines([f"{n}. {w['item']}", f"{w['level']} {pct(w['mastery'])}"
                        + ("" if w["ready"] else " (prerequisites first)")])
            self.line("   " + short_command(w["item"], self.profile, self.w - 3), "cyan")
        if not self.r["weakest"]:
            self.line(f"All {len(ITEMS)} items mastered. Keep them fresh: aiquiz practice")


def render_report(console: Console, report: dict, data_dir: str) -> None:
    ReportView(console, report, data_dir).render()

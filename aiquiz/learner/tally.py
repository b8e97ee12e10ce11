"""Progress figures from the attempt history, against the checklist categories and items.

A `Tally` is the whole report in a mergeable form: counts per category and checklist item, and
the sets of questions seen and answered correctly. The store keeps a tally of its snapshot next
to it (`progress.summary.json`), so `aiquiz progress` adds only the journal's few attempts to it
instead of re-reading a history of 100,000 attempts.
"""

from __future__ import annotations

from ..syllabus import CATEGORIES


class Tally:
    def __init__(self) -> None:
        self.cats = {c: [0, 0] for c in CATEGORIES}
        self.items = {c: {i: [0, 0] for i in items} for c, items in CATEGORIES.items()}
        self.seen: set[str] = set()
        self.right: set[str] = set()

    def add(self, a: dict) -> None:
        cat = a.get("category")
        if cat not in self.cats:
            return
        ok = 1 if a.get("correct") else 0
        self.cats[cat][0] += 1
        self.cats[cat][1] += ok
        item = self.items[cat].get(a.get("checklist_item"))
        if item is not None:
            item[0] += 1
            item[1] += ok
        key = str(a.get("question"))
        self.seen.add(key)
        if ok:
            self.right.add(key)

    def add_all(self, attempts) -> "Tally":
        for a in attempts:
            self.add(a)
        return self

    # serialisation for the summary file
    def to_json(self) -> dict:
        return {"cats": self.cats, "items": self.items, "seen": sorted(self.seen),
                "right": sorted(self.right)}

    @classmethod
    def from_json(cls, data: dict) -> "Tally":
        """A tally from a saved summary; ValueError unless every part has the exact shape
        `to_json` writes (counts are whole numbers, right <= tried; names are text)."""
        t = cls()
        if not isinstance(data, dict) or not isinstance(data.get("cats"), dict) \
                or not isinstance(data.get("items"), dict):
            raise ValueError("not a summary")
        for c, pair in data["cats"].items():
            if c in t.cats:
                t.cats[c] = _pair(pair)
        for c, items in data["items"].items():
            if not isinstance(items, dict):
                raise ValueError("not a summary")
            for i, pair in items.items():
                if c in t.items and i in t.items[c]:
                    t.items[c][i] = _pair(pair)
        t.seen, t.right = _names(data.get("seen")), _names(data.get("right"))
        return t

    def report(self) -> dict:
        cats = {c: {"attempts": n, "correct": ok,
                    "items": {i: {"attempts": m, "correct": k}
                              for i, (m, k) in self.items[c].items()}}
                for c, (n, ok) in self.cats.items()}
        return {
            "attempts": sum(n for n, _ in self.cats.values()),
            "correct": sum(ok for _, ok in self.cats.values()),
            "questions_seen": len(self.seen),
            "questions_correct": len(self.right),
            "categories": cats,
        }


def _pair(v) -> list[int]:
    if not (isinstance(v, list) and len(v) == 2
            and all(isinstance(x, int) and not isinstance(x, bool) for x in v)
            and 0 <= v[1] <= v[0]):
        raise ValueError("not a count")
    return [v[0], v[1]]


def _names(v) -> set[str]:
    if not isinstance(v, list) or not all(isinstance(x, str) for x in v):
        raise ValueError("not a list of names")
    return set(v)


def progress_report(attempts: list[dict]) -> dict:
    return Tally().add_all(attempts).report()


def summarise(attempts: list[dict]) -> dict:
    """What the store saves beside a snapshot (see ProgressStore.compact)."""
    return Tally().add_all(attempts).to_json()


def load_tally(store) -> tuple[Tally, list[str]]:
    """The tally of everything recorded, cheaply when the snapshot's summary is current (and
    it is made current when it was not, so only one command pays for reading everything)."""
    summary, journal, warnings = store.summary_and_journal(summarise)
    if summary is not None:
        try:
            return Tally.from_json(summary).add_all(journal), warnings
        except ValueError:
            pass  # a damaged summary is only a cache: fall back to the full history
    history = store.load()
    return Tally().add_all(history.attempts), history.warnings


def load_report(store) -> tuple[dict, list[str]]:
    tally, warnings = load_tally(store)
    return tally.report(), warnings

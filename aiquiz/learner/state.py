"""The learner's state (tally + learner model) from the store, cheaply, and what the store saves
beside its snapshot.

The summary file holds the tally and the learner model of the snapshot's attempts (the model
carries its own `version`, the count `n` of attempts it folded and the id of the last). Reading
it and adding the journal's attempts is O(journal). A summary of today's format without a model
(or of another model version) is migrated: the whole history is replayed once, and the store is
compacted so the next read is cheap again. No attempt is dropped or rewritten on the way.
"""

from __future__ import annotations

import contextlib

from ..errors import StoreError
from .model import LearnerModel
from .store import ProgressStore
from .tally import Tally


def summarise(attempts: list[dict]) -> dict:
    """The full summary of a history: tally and learner model."""
    return {**Tally().add_all(attempts).to_json(),
            "model": LearnerModel().add_all(attempts).to_json()}


def summariser(store: ProgressStore, known: tuple[Tally, LearnerModel] | None = None):
    """A `summarise` for `store.compact` that folds only the attempts the saved summary (or
    `known`, a tally and model just computed) has not seen: compaction writes the snapshot as the
    old one's attempts followed by the journal's, so the summary's first `n` attempts are the
    history's first `n` (checked by the id of the last). Anything else (no summary, another
    model version, a mismatch) replays everything."""

    def summarise_incrementally(attempts: list[dict]) -> dict:
        try:
            if known is not None:
                tally, model = known
            else:
                prior = _read_summary(store)
                if prior is None:
                    return summarise(attempts)
                tally, model = Tally.from_json(prior), LearnerModel.from_json(prior["model"])
            n = model.n
            if n <= len(attempts) and (n == 0 or attempts[n - 1].get("id") == model.last_id):
                rest = attempts[n:]
                return {**tally.add_all(rest).to_json(), "model": model.add_all(rest).to_json()}
        except (KeyError, TypeError, ValueError, AttributeError):
            pass
        return summarise(attempts)

    return summarise_incrementally


def _read_summary(store: ProgressStore) -> dict | None:
    from ..safeio import loads, read_regular

    try:
        raw, _ = read_regular(store.summary)
        data = loads(raw)
    except (OSError, ValueError):
        return None
    summary = data.get("summary") if isinstance(data, dict) else None
    return summary if isinstance(summary, dict) else None


def compact(store: ProgressStore, lazy: bool = False) -> int:
    return store.compact(summariser(store), lazy=lazy)


def load_state(store: ProgressStore, migrate: bool = True) -> tuple[Tally, LearnerModel, list[str]]:
    """The tally and the learner model of everything recorded, and warnings about the files.

    Cheap when the snapshot's summary is current (summary + journal). Otherwise the whole
    history is replayed and, with `migrate`, the store is compacted so the summary is current
    next time (a read-only data folder only costs speed). A stale summary of an intact
    snapshot is rebuilt by the store from one read of it."""
    summary, journal, warnings = store.summary_and_journal(summarise if migrate else None)
    if summary is not None:
        try:
            tally = Tally.from_json(summary)
            if "model" in summary:
                model = LearnerModel.from_json(summary["model"])
            elif not store.path.exists():
                model = LearnerModel()  # no snapshot yet: the journal is the whole history
            else:
                raise ValueError("a summary of the previous format")
            return tally.add_all(journal), model.add_all(journal), warnings
        except (KeyError, TypeError, ValueError, AttributeError):
            pass  # only a cache: replay the history
    history = store.load()
    tally = Tally().add_all(history.attempts)
    model = LearnerModel().add_all(history.attempts)
    if migrate and history.attempts and not history.warnings:
        try:
            with contextlib.suppress(FileNotFoundError):
                store.summary.unlink()  # only a cache; without it compaction rewrites it
            store.compact(summariser(store, (tally, model)))
        except (StoreError, OSError):
            pass
    return tally, model, history.warnings


def load_report(store: ProgressStore, now=None,
                profile: str | None = None) -> tuple[dict, list[str]]:
    """The progress report (learner.report) of everything recorded, at `now` (UTC)."""
    from datetime import datetime, timezone

    from .report import build_report

    tally, model, warnings = load_state(store)
    return build_report(tally, model, now or datetime.now(timezone.utc), profile), warnings

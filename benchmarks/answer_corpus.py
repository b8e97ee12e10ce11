"""How often aiquiz's equivalence check agrees with other graders' public answer-test tables.

Usage:  python benchmarks/answer_corpus.py [--all]

Grades every case of tests/fixtures/answer_tests.yaml (STACK, PrairieLearn and WeBWorK rows
re-created in aiquiz's syntax, and issue 9's hard cases) and prints the agreement per source and
overall, then the disagreements grouped by class, with the explanations of
tests/fixtures/answer_tests_known.yaml. A disagreement that file does not explain is listed as
"unexplained"; a listed case that now agrees is listed as "stale". --all also prints each case.
Exits 1 when there is anything unexplained or stale (as tests/test_answer_corpus.py would fail).
"""

from __future__ import annotations

import argparse
import sys
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.answer_corpus import ISSUE_9, agrees, graded, load_known  # noqa: E402

ORDER = ["STACK", "PrairieLearn", "WeBWorK"]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--all", action="store_true", help="print every case and its verdict")
    args = parser.parse_args()

    known = load_known()
    explained = {**known["external"], **known["issue_9_pending"]}
    results = graded()

    tally: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    by_class: dict[str, list[str]] = defaultdict(list)
    unexplained, stale = [], []
    for case, verdict in results.values():
        ok = agrees(case, verdict)
        tally[case.grader][0] += ok
        tally[case.grader][1] += 1
        if args.all:
            print(f"{'agree   ' if ok else 'DISAGREE'} {case.id:18} {verdict.kind:10} "
                  f"expected {'equivalent' if case.expected else 'different':10} "
                  f"{case.answer}  vs  {case.reference}")
        entry = explained.get(case.id)
        if ok and entry:
            stale.append(case.id)
        elif not ok and entry:
            by_class[entry["class"]].append(f"{case.id} ({case.grader}): {entry['why']}")
        elif not ok:
            unexplained.append(f"{case.id} ({case.grader}): aiquiz says {verdict.kind}, "
                               f"expected {'equivalent' if case.expected else 'different'}: "
                               f"{case.answer}  vs  {case.reference}")

    external = [g for g in ORDER if g in tally] + sorted(
        g for g in tally if g not in ORDER and g != ISSUE_9)
    parts = [f"{g} {tally[g][0]}/{tally[g][1]}" for g in external]
    agree = sum(tally[g][0] for g in external)
    total = sum(tally[g][1] for g in external)
    print("Agreement with other graders: " + ", ".join(parts)
          + f", total {agree}/{total} ({100 * agree / total:.1f}%)")
    if ISSUE_9 in tally:
        print(f"Issue 9 hard cases (not in the total): {tally[ISSUE_9][0]}/{tally[ISSUE_9][1]} "
              "agree")

    print("\nDisagreements by class:")
    for klass in sorted(by_class, key=lambda k: (-len(by_class[k]), k)):
        print(f"\n  {klass} ({len(by_class[klass])}): {' '.join(known['classes'].get(klass, '').split())}")
        for line in by_class[klass]:
            print(f"    - {line}")
    if unexplained:
        print(f"\nUnexplained disagreements ({len(unexplained)}): add them to "
              "tests/fixtures/answer_tests_known.yaml with a reason")
        for line in unexplained:
            print(f"    - {line}")
    if stale:
        print(f"\nStale entries ({len(stale)}): these now agree; remove them from "
              "tests/fixtures/answer_tests_known.yaml")
        for case_id in stale:
            print(f"    - {case_id}")
    return 1 if unexplained or stale else 0


if __name__ == "__main__":
    sys.exit(main())

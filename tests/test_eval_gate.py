"""The evaluation gate: attribution accuracy on PolNeAR dev may not fall below the pinned floors.

Floors live in ``tests/eval_floors.json``. Raise them freely when the numbers
go up. Lowering one needs an entry in its ``lowered`` list (metric, from, to,
reason) and the same reason in the commit message; ``high_water`` keeps the
highest floor ever pinned, so a silent lowering fails this test.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
DEV = ROOT.parent / "shared" / "data" / "polnear" / "dev"
FLOORS = json.loads((Path(__file__).parent / "eval_floors.json").read_text(encoding="utf-8"))


def _metrics(report) -> dict[str, float]:
    return {
        "content_lenient_f1": report.content_lenient.f1,
        "content_exact_f1": report.content_exact.f1,
        "speaker_accuracy": report.speaker_accuracy,
        "end_to_end_f1": report.end_to_end.f1,
    }


@pytest.mark.model
@pytest.mark.skipif(not DEV.is_dir(), reason="PolNeAR dev is not at ../shared/data/polnear/dev")
def test_dev_scores_stay_above_the_floors():
    from onrecord.evaluate import evaluate_polnear

    got = _metrics(evaluate_polnear(DEV))
    below = {m: (round(got[m], 4), floor) for m, floor in FLOORS["floors"].items() if got[m] < floor}
    assert not below, f"below the pinned floors (got, floor): {below}"


def test_floors_are_only_lowered_with_a_recorded_reason():
    floors, high = FLOORS["floors"], FLOORS["high_water"]
    assert set(floors) == set(high) == {"content_lenient_f1", "content_exact_f1", "speaker_accuracy", "end_to_end_f1"}
    for metric, floor in floors.items():
        assert high[metric] >= floor, f"raise high_water[{metric!r}] with the floor"
        if floor < high[metric]:
            reasons = [e for e in FLOORS["lowered"] if e["metric"] == metric and e["to"] == floor and e["reason"].strip()]
            assert reasons, f"{metric} was lowered from {high[metric]} to {floor} without a recorded reason"

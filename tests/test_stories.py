"""Syndicated copies: MinHash signatures, LSH band keys and the copy test, on invented wire text."""

from __future__ import annotations

from onrecord.stories import BANDS, COPY_JACCARD, band_keys, is_copy, shingles, signature, similarity

WIRE = (
    "The foreign minister of Valdoria said on Tuesday that international monitors at the Tessel dam "
    "were unacceptable, rejecting a proposal the Northern Union envoy had presented a day earlier. "
    "Speaking to reporters in Orlin, the minister said the dam was a matter of national security and "
    "that no foreign inspectors would be allowed near it while talks continued. The envoy, Peter "
    "Haldane, had said on Monday that Valdoria agreed to the monitors as part of a wider settlement. "
    "Diplomats in Orlin said the two sides would meet again next week to discuss the border commission."
)
# the same story as another outlet carried it: a new first line, a word changed, a sentence cut, a footer
COPY = (
    "ORLIN (Coastline Wire) - " + WIRE.replace("on Tuesday", "on Tuesday afternoon").replace(
        " Diplomats in Orlin said the two sides would meet again next week to discuss the border commission.", ""
    ) + " Reporting by the Coastline Wire desk; editing by staff."
)
OTHER = (
    "President Dask of Valdoria said on Thursday that the government was prepared to lift the export "
    "tariffs on grain if the talks with Kestria continued, a move traders in the capital had long asked "
    "for. The announcement came after a week of negotiations over the Amber Road crossing, which Kestrian "
    "officials said Valdoria had agreed to reopen for aid convoys. Markets rose on the news in Orlin."
)


def test_a_syndicated_copy_is_a_copy_and_another_story_is_not() -> None:
    a, b, c = signature(WIRE), signature(COPY), signature(OTHER)
    assert a is not None and b is not None and c is not None
    assert similarity(a, b) >= COPY_JACCARD and is_copy(a, b)
    assert similarity(a, c) < 0.1 and not is_copy(a, c)
    assert set(band_keys(a)) & set(band_keys(b))  # the index finds the copy as a candidate
    assert not set(band_keys(a)) & set(band_keys(c))


def test_the_estimate_follows_the_true_jaccard() -> None:
    x, y = set(shingles(WIRE).tolist()), set(shingles(COPY).tolist())
    true = len(x & y) / len(x | y)
    assert abs(similarity(signature(WIRE), signature(COPY)) - true) < 0.15  # 128 permutations: se ≈ 0.04


def test_signatures_are_deterministic_and_sized() -> None:
    sig = signature(WIRE)
    assert sig == signature(WIRE) and len(sig) == 128 * 4
    assert len(band_keys(sig)) == BANDS and all(-(2**63) <= k < 2**63 for k in band_keys(sig))
    assert similarity(sig, sig) == 1.0


def test_short_or_empty_texts_are_never_grouped() -> None:
    assert signature("") is None and signature("Officials said the talks went well.") is None
    assert not is_copy(None, signature(WIRE))

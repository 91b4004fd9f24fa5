"""The redactor on real judgment paragraphs it was not tuned on (skips without them).

The held-out split, the planted number formats and the scoring are those of
bench/redaction.py (`fazhi.disclosure.redaction.evaluate`).
"""

import pytest

from fazhi.disclosure.redaction.evaluate import data_path, evaluate, load, summary
from fazhi.disclosure.redaction.planted import FORMATS


@pytest.fixture(scope="module")
def heldout(shared_data):
    path = data_path(shared_data)
    if not path.exists():
        pytest.skip(f"{path} not found")
    res = evaluate(load(path), "heldout")
    return res, summary(res)


@pytest.mark.shared_data
def test_heldout_numbers_are_found_in_every_planted_format(heldout):
    res, figures = heldout
    assert figures["numbers"] > 1500
    assert figures["number_recall"] >= 0.995, res["full"]["missed_numbers"][:10]
    assert figures["number_precision"] >= 0.995
    drawn = {fmt for _, fmt in res["full"]["formats"]}
    assert len(drawn) == len(FORMATS)  # every listed format was planted


@pytest.mark.shared_data
def test_heldout_names_keep_their_precision(heldout):
    _, figures = heldout
    assert figures["name_precision"] >= 0.975
    assert figures["name_recall"] >= 0.965  # 0.9692 measured (docs/redaction.md)

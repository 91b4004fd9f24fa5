"""Routing benchmark: fazhi's router against a plain TF-IDF + LinearSVC, 5-fold CV.

Data: ../shared/data/tipdm2020c_messages/train.csv (泰迪杯 2020 C 附件2, 6,135 citizen
messages, 7 一级标签). Text = 留言主题 + 留言详情, as `read_training_csv` joins them.

Both models see exactly the same folds (StratifiedKFold, 5 folds, shuffled, seed 0):
- fazhi: `fazhi.desk.routing.Router` (char 1-3-grams hashed into 2**22 buckets, those in
  fewer than 2 training texts dropped, sublinear TF-IDF; LinearSVC C=1 with sigmoid
  calibration on 3 internal folds, for the top-3 probabilities).
- peer: TfidfVectorizer(analyzer="char", ngram_range=(1, 3)) + LinearSVC(), defaults.

How the router's settings were chosen: once, before this benchmark existed, on a single
dev split of this file (rows with md5(留言详情) % 5 == 1 held out, 1,227 messages),
among char 1-2/1-3/1-4/2-4-grams, min_df 1/2, C 0.3-2, jieba word n-grams, a separate
subject vectorizer, LogisticRegression, SGD and Complement NB. They are fixed in code;
nothing here is tuned to the folds. All variants lay within about 0.015 macro-F1 of each
other on the dev split (0.895-0.914), which is the noise level of that split.

Throughput: one thread (OMP/OpenBLAS/MKL limited to 1 before numpy loads; the machine may be
shared, so the figure is a floor), classifying
each held-out fold in batches of 256 messages with `Router.predict`; the rate of single
`Router.suggest` calls is printed too. train_s: `Router.train` on all 6,135 messages.
"""

from __future__ import annotations

import os

for _var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ[_var] = "1"
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "fazhi.settings.test")

import sys  # noqa: E402
import time  # noqa: E402
from pathlib import Path  # noqa: E402

import django  # noqa: E402

django.setup()

import numpy as np  # noqa: E402
from sklearn.feature_extraction.text import TfidfVectorizer  # noqa: E402
from sklearn.metrics import accuracy_score, f1_score  # noqa: E402
from sklearn.model_selection import StratifiedKFold  # noqa: E402
from sklearn.pipeline import make_pipeline  # noqa: E402
from sklearn.svm import LinearSVC  # noqa: E402

from fazhi.desk.routing import Router, read_training_csv  # noqa: E402

REPO = Path(__file__).resolve().parent.parent
DATA = REPO.parent / "shared" / "data" / "tipdm2020c_messages" / "train.csv"
FOLDS = 5
BATCH = 256
SINGLE_CALLS = 300


def peer():
    return make_pipeline(
        TfidfVectorizer(analyzer="char", ngram_range=(1, 3)), LinearSVC()
    )


def main() -> int:
    if not DATA.is_file():
        print(
            f"routing benchmark skipped: {DATA} not found (it is not part of the repo)"
        )
        return 0
    texts, labels = read_training_csv(DATA)
    y = np.array(labels)
    print(f"data: {DATA.name}, {len(texts)} messages, {len(set(labels))} classes")
    folds = StratifiedKFold(n_splits=FOLDS, shuffle=True, random_state=0)
    ours = np.empty(len(y), dtype=object)
    theirs = np.empty(len(y), dtype=object)
    predict_s = 0.0
    for k, (train, test) in enumerate(folds.split(texts, y), start=1):
        train_texts = [texts[i] for i in train]
        test_texts = [texts[i] for i in test]
        started = time.perf_counter()
        router = Router.train(train_texts, list(y[train]))
        fit_s = time.perf_counter() - started
        started = time.perf_counter()
        predicted = []
        for at in range(0, len(test_texts), BATCH):
            predicted += router.predict(test_texts[at : at + BATCH])
        predict_s += time.perf_counter() - started
        ours[test] = predicted
        started = time.perf_counter()
        theirs[test] = peer().fit(train_texts, y[train]).predict(test_texts)
        peer_s = time.perf_counter() - started
        print(
            f"fold {k}: fazhi macro-F1 {f1_score(y[test], predicted, average='macro'):.4f}"
            f" (train {fit_s:.1f} s), peer {f1_score(y[test], theirs[test], average='macro'):.4f}"
            f" (train+predict {peer_s:.1f} s)",
            flush=True,
        )
    single = texts[:SINGLE_CALLS]
    started = time.perf_counter()
    for text in single:
        router.suggest(text)
    single_rate = len(single) / (time.perf_counter() - started)

    started = time.perf_counter()
    Router.train(texts, labels)
    train_s = time.perf_counter() - started

    macro = f1_score(y, ours.astype(str), average="macro")
    peer_macro = f1_score(y, theirs.astype(str), average="macro")
    accuracy = accuracy_score(y, ours.astype(str))
    peer_accuracy = accuracy_score(y, theirs.astype(str))
    rate = len(texts) / predict_s
    print(
        f"fazhi: macro-F1 {macro:.4f}, accuracy {accuracy:.4f} (pooled over {FOLDS} folds)"
    )
    print(f"peer:  macro-F1 {peer_macro:.4f}, accuracy {peer_accuracy:.4f}")
    print(
        f"throughput, one thread: {rate:.0f} messages/s in batches of {BATCH}, "
        f"{single_rate:.0f} messages/s as single suggest() calls"
    )
    print(f"training on all {len(texts)} messages: {train_s:.1f} s")
    print(
        f"BENCH routing macro_f1={macro:.4f} peer_macro_f1={peer_macro:.4f} "
        f"accuracy={accuracy:.4f} msgs_per_s={rate:.0f} train_s={train_s:.1f}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())

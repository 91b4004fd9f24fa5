"""The router: character n-gram TF-IDF and a linear classifier with calibrated probabilities.

The design and its measured figures are in docs/routing.md. Hyperparameters were chosen
once on a development split of the public 泰迪杯 2020 messages and are fixed here; they are
not tuned per district or per run.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import unicodedata
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import joblib
import numpy as np
import scipy.sparse as sp
import sklearn
from django.utils.translation import gettext as _
from sklearn.base import BaseEstimator, ClassifierMixin, TransformerMixin
from sklearn.calibration import CalibratedClassifierCV
from sklearn.feature_extraction import FeatureHasher
from sklearn.feature_extraction.text import TfidfTransformer
from sklearn.linear_model import SGDClassifier
from sklearn.pipeline import Pipeline

from .errors import ModelVersionError, RoutingError

FORMAT = 1
NGRAMS = (1, 3)
# Below this many training messages an n-gram seen once is kept: a small district set
# would otherwise lose most of its vocabulary.
MIN_DF_FROM = 200
CALIBRATION_FOLDS = 3
# The linear classifier: modified Huber loss, L2 penalty ALPHA, the weights averaged over
# SEEDS runs of stochastic gradient descent (chosen on a dev split, see docs/routing.md).
ALPHA = 1e-4
SEEDS = 5
_SPACE = re.compile(r"\s+")


@dataclass(frozen=True)
class Suggestion:
    """One candidate category for a message, with the model's probability for it."""

    label: str
    confidence: float


def normalize(text: str) -> str:
    """Return the text as the model sees it: NFKC-folded, lower case, no whitespace.

    The public data were stored without whitespace, so a message typed with line breaks
    or full-width spaces must look the same to the model.
    """
    return _SPACE.sub("", unicodedata.normalize("NFKC", text or "")).lower()


def join_message(subject: str, detail: str) -> str:
    """Return subject and detail as one text (the subject first, as the citizen wrote it)."""
    subject, detail = (subject or "").strip(), (detail or "").strip()
    if subject and detail:
        return f"{subject}。{detail}"
    return subject or detail


def char_ngrams(text: str) -> list[str]:
    """Return the character 1-, 2- and 3-grams of a text (built with C-level maps)."""
    bigrams = list(map(str.__add__, text, text[1:]))
    grams = list(text)
    grams += bigrams
    grams += map(str.__add__, bigrams, text[2:])
    return grams


class CharNgramCounter(TransformerMixin, BaseEstimator):
    """Count the character 1-3-grams of texts, keeping those seen in >= min_df texts.

    It does what CountVectorizer(analyzer="char", ngram_range=(1, 3), min_df=...) does
    on normalised text, two to three times faster at transform: n-grams are hashed in C
    (FeatureHasher, 2**22 buckets, few collisions for the ~1M n-grams of 6,000 messages) instead of being looked up one by one in a Python
    dict, and the buckets of n-grams rarer than min_df in the training texts are dropped.
    """

    def __init__(self, min_df: int = 1, n_features: int = 2**22) -> None:
        self.min_df = min_df
        self.n_features = n_features

    def _hash(self, texts: list[str]) -> sp.csr_matrix:
        hasher = FeatureHasher(
            n_features=self.n_features,
            input_type="string",
            alternate_sign=False,
            dtype=np.float32,
        )
        return hasher.transform(char_ngrams(text) for text in texts)

    def fit(self, texts: list[str], y=None) -> CharNgramCounter:
        df = np.bincount(self._hash(texts).indices, minlength=self.n_features)
        self.columns_ = np.flatnonzero(df >= self.min_df)
        return self

    def _bucket_to_column(self) -> np.ndarray:
        # Built on first use and not saved: 2**22 int32s are 16 MiB. Selecting columns
        # with it costs O(non-zeros), where matrix[:, columns_] costs O(n_features)
        # per call, which made single suggestions slow.
        remap = self.__dict__.get("_remap")
        if remap is None:
            remap = np.full(self.n_features, -1, dtype=np.int32)
            remap[self.columns_] = np.arange(len(self.columns_), dtype=np.int32)
            self.__dict__["_remap"] = remap
        return remap

    def transform(self, texts: list[str]) -> sp.csr_matrix:
        hashed = self._hash(texts)
        columns = self._bucket_to_column()[hashed.indices]
        keep = columns >= 0
        rows = np.repeat(np.arange(len(texts)), np.diff(hashed.indptr))[keep]
        indptr = np.zeros(len(texts) + 1, dtype=np.int64)
        np.cumsum(np.bincount(rows, minlength=len(texts)), out=indptr[1:])
        return sp.csr_matrix(
            (hashed.data[keep], columns[keep], indptr),
            shape=(len(texts), len(self.columns_)),
        )

    def __getstate__(self) -> dict:
        state = super().__getstate__()
        state.pop("_remap", None)
        return state


class AveragedHuberClassifier(ClassifierMixin, BaseEstimator):
    """A linear classifier: the mean of `seeds` SGD fits with the modified Huber loss.

    Each fit is `SGDClassifier(loss="modified_huber", alpha=alpha)` with another shuffling
    seed (0, 1, ...); their one-vs-rest weights and intercepts are averaged into a single
    linear model, so prediction costs one sparse product, as for one fit. Averaging
    removes most of the seed-to-seed spread of a single SGD run (about 0.004 macro-F1 on
    the dev split) and the result is deterministic.
    """

    def __init__(self, alpha: float = ALPHA, seeds: int = SEEDS) -> None:
        self.alpha = alpha
        self.seeds = seeds

    def fit(self, X, y) -> AveragedHuberClassifier:
        fits = [
            SGDClassifier(
                loss="modified_huber", alpha=self.alpha, random_state=seed
            ).fit(X, y)
            for seed in range(self.seeds)
        ]
        self.classes_ = fits[0].classes_
        # Fortran order: decision_function computes X @ coef_.T, and scipy copies a
        # non-contiguous dense operand on every call (2 ms for one message).
        self.coef_ = np.asfortranarray(np.mean([f.coef_ for f in fits], axis=0))
        self.intercept_ = np.mean([f.intercept_ for f in fits], axis=0)
        return self

    def decision_function(self, X) -> np.ndarray:
        """Return the one-vs-rest scores (one column per class; 1-D for two classes)."""
        scores = X @ self.coef_.T + self.intercept_
        return scores.ravel() if scores.shape[1] == 1 else scores

    def predict(self, X) -> np.ndarray:
        scores = self.decision_function(X)
        if scores.ndim == 1:
            return self.classes_[(scores > 0).astype(int)]
        return self.classes_[scores.argmax(axis=1)]


def _pipeline(n_texts: int, n_splits: int) -> Pipeline:
    counter = CharNgramCounter(min_df=2 if n_texts >= MIN_DF_FROM else 1)
    classifier = CalibratedClassifierCV(
        AveragedHuberClassifier(),
        method="sigmoid",
        cv=n_splits,
        ensemble=False,
        n_jobs=1,
    )
    return Pipeline(
        [
            ("counts", counter),
            ("tfidf", TfidfTransformer(sublinear_tf=True)),
            ("classifier", classifier),
        ]
    )


class Router:
    """Suggest the category of a call from its text.

    Train with `Router.train(texts, labels)`, then `suggest(text)` returns the best
    categories with probabilities. A router is saved as two files: `PATH` (joblib) and
    `PATH` with suffix `.json` (labels, training size, date, versions).
    """

    def __init__(self, pipeline: Pipeline, metadata: dict) -> None:
        self.pipeline = pipeline
        self.metadata = metadata

    @property
    def labels(self) -> list[str]:
        return list(self.metadata["labels"])

    @classmethod
    def train(cls, texts: list[str], labels: list[str]) -> Router:
        """Fit a router on texts and their category labels.

        Raises RoutingError when the data cannot make a model: texts and labels of
        different lengths, fewer than two categories, or a category with a single message
        (its probability could not be calibrated).
        """
        if len(texts) != len(labels):
            raise RoutingError(
                _("There are %(texts)d texts but %(labels)d labels.")
                % {"texts": len(texts), "labels": len(labels)},
                code="length_mismatch",
            )
        counts = Counter(labels)
        if len(counts) < 2:
            raise RoutingError(
                _("Training needs at least two categories."), code="too_few_classes"
            )
        rare = sorted(label for label, n in counts.items() if n < 2)
        if rare:
            raise RoutingError(
                _("Each category needs at least two messages; too few for: %(labels)s")
                % {"labels": "、".join(rare)},
                code="too_few_examples",
            )
        docs = [normalize(t) for t in texts]
        n_splits = min(CALIBRATION_FOLDS, min(counts.values()))
        pipeline = _pipeline(len(docs), n_splits)
        pipeline.fit(docs, list(labels))
        metadata = {
            "format": FORMAT,
            "labels": [str(c) for c in pipeline.classes_],
            "counts": {str(k): v for k, v in sorted(counts.items())},
            "training_size": len(docs),
            "trained_at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
            "sklearn_version": sklearn.__version__,
            "features": f"char {NGRAMS[0]}-{NGRAMS[1]}-gram TF-IDF",
            "classifier": f"modified Huber SGD (alpha={ALPHA:g}, mean of {SEEDS} seeds),"
            " sigmoid calibration",
        }
        return cls(pipeline, metadata)

    def predict_proba(self, texts: list[str]) -> np.ndarray:
        """Return one row of class probabilities per text, columns in `labels` order."""
        return self.pipeline.predict_proba([normalize(t) for t in texts])

    def predict(self, texts: list[str]) -> list[str]:
        """Return the most probable category of each text."""
        proba = self.predict_proba(texts)
        labels = self.labels
        return [labels[i] for i in proba.argmax(axis=1)]

    def suggest(self, text: str, k: int = 3) -> list[Suggestion]:
        """Return the k most probable categories, best first.

        Confidences are calibrated probabilities: each lies in [0, 1] and together they
        sum to at most 1. A caller compares the first one with the routing threshold.
        """
        return self.suggest_many([text], k=k)[0]

    def suggest_many(self, texts: list[str], k: int = 3) -> list[list[Suggestion]]:
        """Return `suggest(text, k)` for many texts at once (much faster per text)."""
        proba = self.predict_proba(texts)
        labels = self.labels
        k = max(0, min(k, len(labels)))
        order = np.argsort(-proba, axis=1, kind="stable")[:, :k]
        return [
            [Suggestion(labels[j], round(float(row[j]), 4)) for j in idx]
            for row, idx in zip(proba, order, strict=True)
        ]

    def save(self, path: str | Path) -> None:
        """Write the model to `path` and its metadata to `path` with suffix `.json`."""
        path = Path(path)
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_name(path.name + ".tmp")
        joblib.dump({"format": FORMAT, "pipeline": self.pipeline}, tmp, compress=3)
        tmp.replace(path)
        metadata_path(path).write_text(
            json.dumps(self.metadata, ensure_ascii=False, indent=2) + "\n",
            encoding="utf-8",
        )

    @classmethod
    def load(cls, path: str | Path) -> Router:
        """Read a model saved by `save`.

        Raises RoutingError when the file is missing or unreadable, and ModelVersionError
        when it was made by another scikit-learn version (the user must retrain).
        Only load models this installation wrote: joblib files can run code.
        """
        path = Path(path)
        if not path.is_file():
            raise RoutingError(
                _(
                    "No routing model at %(path)s. Train one first: fazhi desk train --data FILE.csv"
                )
                % {"path": path},
                code="model_missing",
            )
        try:
            metadata = json.loads(metadata_path(path).read_text(encoding="utf-8"))
        except (OSError, ValueError) as exc:
            raise RoutingError(
                _(
                    "The description file of the routing model %(path)s is missing or damaged; please retrain the model."
                )
                % {"path": path},
                code="metadata_unreadable",
            ) from exc
        made_with = metadata.get("sklearn_version")
        if made_with != sklearn.__version__ or metadata.get("format") != FORMAT:
            raise ModelVersionError(
                _(
                    "The routing model %(path)s was trained with scikit-learn %(theirs)s, but this installation has %(ours)s. Please retrain it: fazhi desk train --data FILE.csv"
                )
                % {"path": path, "theirs": made_with, "ours": sklearn.__version__},
                code="model_version",
            )
        try:
            stored = joblib.load(path)
        except Exception as exc:  # a truncated or foreign file: any unpickling error
            raise RoutingError(
                _(
                    "The routing model %(path)s cannot be read; please retrain the model."
                )
                % {"path": path},
                code="model_unreadable",
            ) from exc
        return cls(stored["pipeline"], metadata)


def metadata_path(path: str | Path) -> Path:
    """Return the JSON metadata file that goes with a model file."""
    return Path(path).with_suffix(".json")

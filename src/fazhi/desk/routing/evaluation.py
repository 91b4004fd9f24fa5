"""Scores of a router on labelled messages: accuracy, macro-F1, per-class F1, confusion."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from sklearn.metrics import accuracy_score, confusion_matrix, f1_score

from .model import Router


@dataclass(frozen=True)
class Evaluation:
    """The figures of one evaluation; `labels` orders `f1` and both matrix axes."""

    size: int
    accuracy: float
    macro_f1: float
    labels: list[str]
    f1: dict[str, float]
    support: dict[str, int]
    confusion: np.ndarray


def score(truth: list[str], predicted: list[str], labels: list[str]) -> Evaluation:
    """Return the figures for predictions against the true labels.

    `labels` is the list the matrix is ordered by; labels found only in the data (which
    the model never learnt) are added at the end, so they count as errors.
    """
    labels = list(labels) + sorted(set(truth) - set(labels))
    present = sorted(set(truth) | set(predicted), key=labels.index)
    per_class = f1_score(truth, predicted, labels=labels, average=None, zero_division=0)
    return Evaluation(
        size=len(truth),
        accuracy=float(accuracy_score(truth, predicted)),
        macro_f1=float(
            f1_score(truth, predicted, labels=present, average="macro", zero_division=0)
        ),
        labels=labels,
        f1={label: float(v) for label, v in zip(labels, per_class, strict=True)},
        support={label: truth.count(label) for label in labels},
        confusion=confusion_matrix(truth, predicted, labels=labels),
    )


def evaluate(router: Router, texts: list[str], labels: list[str]) -> Evaluation:
    """Classify the texts with the router and score the result."""
    return score(list(labels), router.predict(texts), router.labels)

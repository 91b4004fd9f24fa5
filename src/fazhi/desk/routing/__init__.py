"""Automatic routing of calls (有呼必应 / 企业呼): suggest a category from the text.

Public API for the desk:

    Router.train(texts, labels) / Router.load(path) / router.save(path)
    router.suggest(text, k=3) -> [Suggestion(label, confidence), ...]
    default_model_path()      -> var/desk/router.joblib
    get_router()              -> the district's router (trained from the demo set at first use)
    suggest_route(text)       -> RouteSuggestion: top-3 and whether a dispatcher must decide
    read_training_csv(path)   -> (texts, labels) from 留言主题, 留言详情, 一级标签
    record_decision(...)      -> keep the dispatcher's choice for the next training
    load_catalogue()          -> the dispatch catalogue (派单目录)

See docs/routing.md.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings

from .catalogue import CatalogueEntry, load_catalogue, uncovered_categories
from .data import read_training_csv, write_training_csv
from .errors import ModelVersionError, RoutingError
from .feedback import read_feedback, record_decision
from .model import Router, Suggestion, join_message

__all__ = [
    "DEMO_TRAINING_SET",
    "CatalogueEntry",
    "ModelVersionError",
    "RouteSuggestion",
    "Router",
    "RoutingError",
    "Suggestion",
    "default_model_path",
    "get_router",
    "join_message",
    "load_catalogue",
    "read_feedback",
    "read_training_csv",
    "record_decision",
    "routing_threshold",
    "suggest_route",
    "uncovered_categories",
    "write_training_csv",
]

DEMO_TRAINING_SET = (
    Path(__file__).resolve().parent.parent / "demo_data" / "routing_train.csv"
)
DEFAULT_THRESHOLD = 0.5
_cache: dict[Path, tuple[float, Router]] = {}
_lock = threading.Lock()


def default_model_path() -> Path:
    """Return the district's model file: FAZHI_VAR_DIR/desk/router.joblib."""
    return Path(settings.FAZHI_VAR_DIR) / "desk" / "router.joblib"


def get_router() -> Router:
    """Return the district's router, trained from the demo set on first use if absent.

    The loaded model is kept per process and reloaded when its file changes (after
    `fazhi desk train`). Raises ModelVersionError if the file was made by another
    scikit-learn version.
    """
    path = default_model_path()
    with _lock:
        if not path.is_file():
            texts, labels = read_training_csv(DEMO_TRAINING_SET)
            Router.train(texts, labels).save(path)
        mtime = path.stat().st_mtime
        cached = _cache.get(path)
        if cached is None or cached[0] != mtime:
            cached = (mtime, Router.load(path))
            _cache[path] = cached
        return cached[1]


def routing_threshold() -> float:
    """Return FAZHI_ROUTING_THRESHOLD (default 0.5): below it a dispatcher decides."""
    return float(getattr(settings, "FAZHI_ROUTING_THRESHOLD", DEFAULT_THRESHOLD))


@dataclass(frozen=True)
class RouteSuggestion:
    """The router's top categories for a call, and whether it may be routed on them.

    `automatic` is False when the best confidence is below the threshold: the call then
    goes to a dispatcher untouched, with the suggestions only shown as hints.
    """

    suggestions: list[Suggestion]
    threshold: float

    @property
    def best(self) -> Suggestion | None:
        return self.suggestions[0] if self.suggestions else None

    @property
    def automatic(self) -> bool:
        return self.best is not None and self.best.confidence >= self.threshold


def suggest_route(
    text: str, *, k: int = 3, router: Router | None = None
) -> RouteSuggestion:
    """Return the top-k suggestions for a call's text and the threshold decision."""
    router = router or get_router()
    return RouteSuggestion(router.suggest(text, k=k), routing_threshold())

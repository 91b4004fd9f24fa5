"""Automatic routing of calls (有呼必应 / 企业呼): suggest a category from the text.

Public API for the desk:

    Router.train(texts, labels) / Router.load(path) / router.save(path)
    router.suggest(text, k=3) -> [Suggestion(label, confidence), ...]
    default_model_path()      -> var/desk/router.joblib
    get_router()              -> the district's router, or None before `fazhi desk train`
    suggest_route(text)       -> RouteSuggestion: top-3 and whether a dispatcher must decide
    NO_MODEL_MESSAGE          -> what staff pages say while the district has no model
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
from django.utils.translation import gettext_lazy

from .catalogue import CatalogueEntry, load_catalogue, uncovered_categories
from .data import read_training_csv, write_training_csv
from .errors import ModelVersionError, RoutingError
from .feedback import read_feedback, record_decision
from .model import Router, Suggestion, join_message

__all__ = [
    "NO_MODEL_MESSAGE",
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
    "model_missing",
    "read_feedback",
    "read_training_csv",
    "record_decision",
    "routing_threshold",
    "suggest_route",
    "uncovered_categories",
    "write_training_csv",
]

NO_MODEL_MESSAGE = gettext_lazy(
    "This district has no trained routing model yet; run fazhi desk train."
)
DEFAULT_THRESHOLD = 0.5
_cache: dict[Path, tuple[float, Router]] = {}
_lock = threading.Lock()


def default_model_path() -> Path:
    """Return the district's model file: FAZHI_VAR_DIR/desk/router.joblib."""
    return Path(settings.FAZHI_VAR_DIR) / "desk" / "router.joblib"


def get_router() -> Router | None:
    """Return the district's router, or None while it has trained none.

    Without a model no call is routed: every call waits for a dispatcher, and the staff
    pages say NO_MODEL_MESSAGE. The loaded model is kept per process and reloaded when its
    file changes (after `fazhi desk train`). Raises ModelVersionError if the file was made
    by another scikit-learn version.
    """
    path = default_model_path()
    with _lock:
        if not path.is_file():
            _cache.pop(path, None)
            return None
        mtime = path.stat().st_mtime
        cached = _cache.get(path)
        if cached is None or cached[0] != mtime:
            cached = (mtime, Router.load(path))
            _cache[path] = cached
        return cached[1]


def model_missing() -> bool:
    """Return True while the district has no trained routing model."""
    return not default_model_path().is_file()


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
    """Return the top-k suggestions for a call's text and the threshold decision.

    Without a model (none given, none trained) there are no suggestions: the call goes
    to a dispatcher untouched.
    """
    router = router or get_router()
    suggestions = router.suggest(text, k=k) if router is not None else []
    return RouteSuggestion(suggestions, routing_threshold())

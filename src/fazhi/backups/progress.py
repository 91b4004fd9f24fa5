"""Progress of the long steps of a backup or restore, on the operator's terminal."""

from __future__ import annotations

import time
from typing import TextIO

LOG_EVERY = 5.0  # seconds between lines when the output is not a terminal


class Progress:
    """Prints `label: 37% (n/total unit)`: in place on a terminal; elsewhere (a log) a line
    every few seconds of a long step and one at its end.

    A `total` of 0 means unknown: the count alone is shown.
    """

    def __init__(self, out: TextIO | None, label: str, total: int = 0, unit: str = ""):
        self.out, self.label, self.total, self.unit = out, label, total, unit
        self.done = 0
        self.tty = bool(out is not None and getattr(out, "isatty", lambda: False)())
        self._last_shown = -1.0

    def advance(self, n: int = 1) -> None:
        self.set(self.done + n)

    def set(self, done: int, total: int | None = None) -> None:
        self.done = done
        if total is not None:
            self.total = total
        if self.out is None:
            return
        if self.tty:
            now = time.monotonic()
            if now - self._last_shown >= 0.2:
                self._last_shown = now
                self.out.write("\r" + self._line())
                self.out.flush()
        elif time.monotonic() - self._last_shown >= LOG_EVERY:
            # A log file gets a line now and then on a long step, not a line per page.
            if self._last_shown >= 0:
                self.out.write(self._line() + "\n")
            self._last_shown = time.monotonic()

    def finish(self) -> None:
        if self.out is None:
            return
        if self.total:
            self.done = self.total
        if self.tty:
            self.out.write("\r" + self._line() + "\n")
        else:
            self.out.write(self._line() + "\n")
        self.out.flush()

    def _line(self) -> str:
        unit = f" {self.unit}" if self.unit else ""
        if not self.total:
            return f"{self.label}: {self.done}{unit}"
        pct = min(100, self.done * 100 // self.total)
        return f"{self.label}: {pct}% ({self.done}/{self.total}{unit})"

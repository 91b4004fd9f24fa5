"""Signals of the workdays app."""

from django.dispatch import Signal

# Sent after an import of holiday data commits, with `years` (sorted list of ints): the
# years whose working days may have changed. Whoever stores deadlines recomputes those
# that touch these years (in particular the provisional ones).
calendar_changed = Signal()

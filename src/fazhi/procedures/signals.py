"""The one domain signal of the engine: sent after every committed step of a case.

Receivers get `case` and `event`. They are readers (publication drafts, call metrics,
notifications); they never change the case themselves.
"""

from django.dispatch import Signal

case_changed = Signal()

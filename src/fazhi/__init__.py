"""fazhi (法治): the rule-of-law work of a Chinese district government."""

__version__ = "0.1.0"

"""Analyze: the computations a KAM expert would make, once per build.

Input: the validated `Document`, the tables the loader read (purchase lines
aggregated per period and product; portfolio customers by column) and the day the
document speaks for. Output: `Figures`, plain values (dataclasses of numbers and
texts) that the document, the review (`kam check`) and every other output share.
Every function here is pure: no I/O, no formatting, no labels.
"""

from kam.analysis.figures import Figures, analyze

__all__ = ["Figures", "analyze"]

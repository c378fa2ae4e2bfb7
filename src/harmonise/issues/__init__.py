"""Findings: :class:`Issue` and :class:`Report` (DESIGN.md §2 principle 4).

Rule: imports only ``harmonise.model`` (and nothing from formats, store or anything above).
"""

from harmonise.issues.report import Issue, Location, Report, Severity

__all__ = ["Issue", "Location", "Report", "Severity"]

"""Pure rules over model objects: crosswalk, data and metadata validation (STANDARDS.md §6.4).

Rule: no I/O, no store or formats import; imports model, issues, config and errors only.
"""

from harmonise.validate.catalogue import (
    all_rules,
    rule_by_code,
    validate_crosswalk,
    validate_package,
    validate_packages,
    validate_variable_data,
)
from harmonise.validate.context import SYSTEM_MISSING, CrosswalkContext, canonical_value
from harmonise.validate.crosswalk_rules import check_figure_coverage
from harmonise.validate.rule import Rule, RuleGroup, apply_waivers

__all__ = [
    "SYSTEM_MISSING",
    "CrosswalkContext",
    "Rule",
    "RuleGroup",
    "all_rules",
    "apply_waivers",
    "canonical_value",
    "check_figure_coverage",
    "rule_by_code",
    "validate_crosswalk",
    "validate_package",
    "validate_packages",
    "validate_variable_data",
]

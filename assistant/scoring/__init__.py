"""The deterministic scoring core: exact decimals, frameworks as data.

Never imports a face, a network client or the language-model layer.
"""

from assistant.scoring.achievement import achievement, round_half_up
from assistant.scoring.engine import ScoreReport, report_json, score_metrics
from assistant.scoring.framework import (
    Framework,
    QuotaRule,
    get_framework,
    get_quota,
    list_frameworks,
    list_quotas,
)
from assistant.scoring.quotas import QuotaResult, grade_by_quota, largest_remainder

__all__ = [
    "Framework",
    "QuotaResult",
    "QuotaRule",
    "ScoreReport",
    "achievement",
    "get_framework",
    "get_quota",
    "grade_by_quota",
    "largest_remainder",
    "list_frameworks",
    "list_quotas",
    "report_json",
    "round_half_up",
    "score_metrics",
]

"""What the data says about each indicator, in the shape the review rules need."""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal

from assistant.claims.units import parse_unit
from assistant.model.metrics import Indicator, MetricsFile
from assistant.scoring.engine import IndicatorScore, ScoreReport


def period_key(label: str) -> tuple[int, str] | None:
    """Sortable key of a period label: 2023, 112 (ROC), 2023H1; None when it has no year."""
    match = re.match(r"\s*(\d{2,4})", label)
    if not match:
        return None
    year = int(match.group(1))
    if year < 1911:
        year += 1911
    return year, label[match.end() :].strip().lower()


@dataclass(frozen=True)
class Facts:
    indicator: Indicator
    score: IndicatorScore
    percent: bool

    @property
    def id(self) -> str:
        return self.indicator.id

    @property
    def actual(self) -> Decimal | None:
        return self.indicator.actual

    @property
    def met(self) -> bool | None:
        """True when the target was met (achievement ≥ 100), None when not measurable."""
        if self.score.achievement is None:
            return None
        return self.score.achievement >= 100

    def reference_values(self) -> list[Decimal]:
        """Target, baseline and history values: what a number in the text may be about besides the actual."""
        values = [self.indicator.target, self.indicator.baseline, *(v for _, v in self.history())]
        return [v for v in values if v is not None]

    def history(self) -> list[tuple[tuple[int, str], Decimal]]:
        items = []
        for label, value in self.indicator.history.items():
            key = period_key(label)
            if key is not None and value is not None:
                items.append((key, value))
        return sorted(items)

    def earlier(self, period: str) -> list[tuple[str, Decimal]]:
        """History before ``period`` as (label as written, value), oldest first."""
        current = period_key(period)
        dated = [
            (key, label, value)
            for label, value in self.indicator.history.items()
            if value is not None
            and (key := period_key(label)) is not None
            and (current is None or key < current)
        ]
        return [(label, value) for _, label, value in sorted(dated, key=lambda item: item[0])]

    def previous(self, period: str) -> Decimal | None:
        """The value of the latest history period before ``period``."""
        earlier = self.earlier(period)
        return earlier[-1][1] if earlier else None

    def series(self, period: str) -> list[Decimal]:
        """History before ``period`` then the actual, oldest first."""
        current = period_key(period)
        values = [v for k, v in self.history() if current is None or k < current]
        if self.actual is not None:
            values.append(self.actual)
        return values

    def history_value(self, year: int) -> Decimal | None:
        return next((v for (y, _), v in self.history() if y == year), None)


def build_facts(metrics: MetricsFile, report: ScoreReport) -> dict[str, Facts]:
    scores = {s.id: s for s in report.indicators}
    return {
        ind.id: Facts(ind, scores[ind.id], parse_unit(ind.unit).percent)
        for _, _, _, ind in metrics.indicators()
    }

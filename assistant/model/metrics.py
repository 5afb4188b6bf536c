"""The metrics contract ``kaoping/metrics@1`` (contract §1) as pydantic models.

Numbers are :class:`~decimal.Decimal` read by :func:`parse_decimal`; enumerated
fields accept the words officers use (正向/逆向, 成果指標 …) and store the
contract's ids. Checks that span several fields (unique ids, weights given for
all or none) live in :func:`consistency_problems`, so each problem can point at
the exact item at fault rather than at the whole file.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Annotated, Any, Final, Literal

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, PlainSerializer
from pydantic_core import PydanticCustomError

from assistant.model.errors import InputProblem, ModelPath
from assistant.model.numbers import NumberFormatError, format_decimal, parse_decimal

SCHEMA_ID: Final = "kaoping/metrics@1"


def _to_decimal(value: object) -> object:
    if value is None:
        return None
    try:
        return parse_decimal(value)
    except NumberFormatError:
        raise PydanticCustomError(
            "number", "not a number Kaoping can read: {value}", {"value": str(value)}
        ) from None


def _alias(choices: dict[str, str]) -> BeforeValidator:
    """Accept loose spellings and zh-TW words for an enumerated field."""

    def convert(value: object) -> object:
        if isinstance(value, str):
            key = value.strip().lower()
            return choices.get(key, key)
        return value

    return BeforeValidator(convert)


def _to_text(value: object) -> object:
    """Periods and ids written as bare numbers in YAML/JSON (2023) are text."""
    if isinstance(value, bool):
        return value
    if isinstance(value, int | Decimal):
        return str(value)
    return value


Dec = Annotated[
    Decimal,
    BeforeValidator(_to_decimal),
    PlainSerializer(format_decimal, return_type=str, when_used="json"),
    Field(json_schema_extra={"anyOf": [{"type": "number"}, {"type": "string"}]}),
]
Text = Annotated[str, BeforeValidator(_to_text)]
Id = Annotated[str, BeforeValidator(_to_text), Field(pattern=r"^[A-Za-z0-9._-]+$", max_length=128)]
Name = Annotated[str, BeforeValidator(_to_text), Field(min_length=1)]
# Goal and indicator ids are only unique within a file; officers may write 目標一 or G1.1.
LocalId = Annotated[str, BeforeValidator(_to_text), Field(min_length=1, max_length=128)]

Direction = Annotated[
    Literal["higher", "lower"],
    _alias({
        "正向": "higher", "正向指標": "higher", "越高越好": "higher", "higher-is-better": "higher",
        "up": "higher", "逆向": "lower", "逆向指標": "lower", "越低越好": "lower",
        "lower-is-better": "lower", "down": "lower",
    }),
]  # fmt: skip
IndicatorType = Annotated[
    Literal["input", "process", "output", "outcome"],
    _alias({
        "投入": "input", "投入指標": "input", "過程": "process", "過程指標": "process",
        "產出": "output", "產出指標": "output", "成果": "outcome", "成果指標": "outcome",
    }),
]  # fmt: skip
Level = Annotated[
    Literal["central", "local", "institution"],
    _alias({"中央": "central", "地方": "local", "機構": "institution", "機關": "institution"}),
]
Method = Annotated[Literal["ratio", "progress", "complement"], _alias({})]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True, populate_by_name=True)


class Indicator(_Strict):
    """One KPI: its target, its actual value and how to read it."""

    id: LocalId
    name: Name
    aliases: list[Text] = Field(
        default_factory=list, description="other names the narrative may use for this indicator"
    )
    definition: Text | None = Field(None, description="衡量標準, e.g. 實支數 ÷ 預算數 × 100%")
    type: IndicatorType | None = None
    unit: Text = ""
    direction: Direction = Field(description="higher: larger is better; lower: smaller is better")
    baseline: Dec | None = None
    target: Dec
    actual: Dec | None = Field(None, description="null = not yet measurable")
    weight: Dec | None = Field(None, ge=0)
    history: dict[Text, Dec | None] = Field(default_factory=dict, description="period -> value")
    data_source: Text | None = None
    self_rating: Text | None = Field(None, description="the agency's own claimed rating id")
    explanation: Text | None = Field(None, description="the agency's reason for a shortfall")
    method: Method | None = Field(
        None, description="achievement method, overriding the framework's"
    )
    criterion: Text | None = Field(
        None, description="sub-item of the framework section this indicator is scored under"
    )


class Goal(_Strict):
    """A strategic performance goal (策略績效目標) and its indicators."""

    id: LocalId
    name: Name
    weight: Dec | None = Field(None, ge=0)
    section: Text | None = Field(None, description="framework section this goal is scored under")
    indicators: list[Indicator] = Field(min_length=1)


class Agency(_Strict):
    id: Id
    name: Name
    level: Level


class MetricsFile(_Strict):
    """One agency, one period: the input of scoring, drafting and review."""

    schema_: Literal["kaoping/metrics@1"] = Field(SCHEMA_ID, alias="schema")
    agency: Agency
    period: Annotated[str, BeforeValidator(_to_text), Field(min_length=1)]
    framework: Text = "tw-kpi"
    goals: list[Goal] = Field(min_length=1)

    def indicators(self) -> list[tuple[int, int, Goal, Indicator]]:
        """Every indicator with its goal and positions, in file order."""
        return [
            (gi, ii, goal, ind)
            for gi, goal in enumerate(self.goals)
            for ii, ind in enumerate(goal.indicators)
        ]


def consistency_problems(metrics: MetricsFile) -> list[InputProblem]:
    """Checks across items: unique ids, and weights given for all siblings or none."""
    problems: list[InputProblem] = []
    seen_goals: dict[str, int] = {}
    for gi, goal in enumerate(metrics.goals):
        if goal.id in seen_goals:
            problems.append(
                InputProblem("err.duplicate_id", {"id": goal.id}, path=("goals", gi, "id"))
            )
        seen_goals.setdefault(goal.id, gi)
    seen: dict[str, ModelPath] = {}
    for gi, ii, _goal, ind in metrics.indicators():
        path: ModelPath = ("goals", gi, "indicators", ii, "id")
        if ind.id in seen:
            problems.append(InputProblem("err.duplicate_id", {"id": ind.id}, path=path))
        seen.setdefault(ind.id, path)
    problems += _mixed_weights([g.weight for g in metrics.goals], ("goals",))
    for gi, goal in enumerate(metrics.goals):
        problems += _mixed_weights([i.weight for i in goal.indicators], ("goals", gi, "indicators"))
    return problems


def _mixed_weights(weights: list[Decimal | None], parent: ModelPath) -> list[InputProblem]:
    given = [w is not None for w in weights]
    if all(given):
        if weights and sum(w for w in weights if w is not None) == 0:
            return [InputProblem("err.weights_zero", path=(*parent, 0, "weight"))]
        return []
    if not any(given):
        return []
    missing = given.index(False)
    return [InputProblem("err.weights_mixed", path=(*parent, missing, "weight"))]


def metrics_json_schema() -> dict[str, Any]:
    """The JSON Schema printed by ``kaoping schema metrics``."""
    schema = MetricsFile.model_json_schema(by_alias=True, mode="validation")
    schema.update(
        {
            "$schema": "https://json-schema.org/draft/2020-12/schema",
            "$id": "urn:kaoping:schema:metrics@1",
            "title": "Kaoping metrics file (kaoping/metrics@1)",
        }
    )
    return schema

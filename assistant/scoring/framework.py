"""Scoring frameworks as data: the schema of ``assistant/frameworks/*.yaml`` and its loader.

A framework says how achievement is computed, where it is capped, how values
are rounded at each step, which rating an indicator gets and which grade the
overall score gets, and (optionally) the weighted sections that goals are
scored under. Users may add or override frameworks in ``$KAOPING_HOME/frameworks``.
"""

from __future__ import annotations

from decimal import Decimal
from functools import cache
from pathlib import Path
from typing import Annotated, Literal

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, ValidationError, model_validator

from assistant.i18n import localized
from assistant.model.errors import KaopingInputError, ModelPath
from assistant.model.numbers import parse_decimal
from assistant.model.source import decode_utf8, load_yaml_text, read_input_bytes
from assistant.model.validation import problems_from_validation

BUILTIN_DIR = Path(__file__).resolve().parent.parent / "frameworks"

Label = dict[str, str]
Dec = Annotated[Decimal, BeforeValidator(parse_decimal)]
Method = Literal["ratio", "progress", "complement"]


class _Data(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Band(_Data):
    """One rating or grade: values at or above ``min`` (``None`` = everything below)."""

    id: str
    min: Dec | None
    label: Label
    aliases: tuple[str, ...] = ()
    color: str | None = None
    consequence: Label | None = None


class Outcome(_Data):
    """A rating or grade that is not a band (not measurable, not demonstrated)."""

    id: str
    label: Label


class Scale(_Data):
    """Ordered bands, best first; the last one catches everything below."""

    bands: tuple[Band, ...] = Field(min_length=1)
    not_measurable: Outcome

    @model_validator(mode="after")
    def _ordered(self) -> Scale:
        mins = [b.min for b in self.bands]
        if mins[-1] is not None or any(m is None for m in mins[:-1]):
            raise ValueError("only the last band may (and must) have min: null")
        given = [m for m in mins if m is not None]
        if given != sorted(given, reverse=True) or len(set(given)) != len(given):
            raise ValueError("band minimums must strictly decrease")
        return self

    def decide(self, value: Decimal | None) -> Band | Outcome:
        if value is None:
            return self.not_measurable
        for band in self.bands:
            if band.min is None or value >= band.min:
                return band
        return self.bands[-1]  # pragma: no cover - the last band has no minimum

    def rank(self, band_id: str) -> int:
        """0 for the best band; the not-measurable outcome ranks last."""
        for index, band in enumerate(self.bands):
            if band.id == band_id:
                return index
        return len(self.bands)

    def find(self, text: str) -> Band | Outcome | None:
        """A band by id, label or alias (``綠燈`` -> green)."""
        key = text.strip().lower()
        candidates: tuple[Band | Outcome, ...] = (*self.bands, self.not_measurable)
        for item in candidates:
            names = {item.id.lower(), *(v.lower() for v in item.label.values())}
            if isinstance(item, Band):
                names |= {a.lower() for a in item.aliases}
            if key in names:
                return item
        return None


class Achievement(_Data):
    method: Method = "ratio"
    lower_method: Method | None = None
    ceiling: Dec = Decimal(200)

    def method_for(self, direction: str) -> Method:
        if direction == "lower" and self.lower_method:
            return self.lower_method
        return self.method


class Rounding(_Data):
    """Decimal places, applied half-up once at the end of each named step."""

    achievement: int = Field(2, ge=0, le=6)
    points: int = Field(2, ge=0, le=6)
    goal: int = Field(2, ge=0, le=6)
    section: int = Field(2, ge=0, le=6)
    overall: int = Field(2, ge=0, le=6)


class Points(_Data):
    cap: Dec = Decimal(100)
    floor: Dec = Decimal(0)


class Item(_Data):
    id: str
    name: Label
    weight: Dec = Field(ge=0)
    aliases: tuple[str, ...] = ()

    def matches(self, text: str) -> bool:
        key = text.strip().lower()
        return key in {
            self.id.lower(),
            *(v.lower() for v in self.name.values()),
            *(a.lower() for a in self.aliases),
        }


class Section(Item):
    items: tuple[Item, ...] = ()

    def item_for(self, text: str) -> Item | None:
        return next((i for i in self.items if i.matches(text)), None)


class NotDemonstrated(_Data):
    """Overall grade when a section has no indicator with all of ``requires``."""

    section: str
    requires: tuple[Literal["actual", "baseline"], ...]
    grade: Outcome


class Source(_Data):
    title: str
    section: str | None = None
    url: str | None = None
    note: str | None = None


class Convention(_Data):
    field: str
    note: Label


class Ranking(_Data):
    quota: str | None = None


class Framework(_Data):
    kind: Literal["framework"] = "framework"
    id: str = Field(pattern=r"^[a-z0-9][a-z0-9._-]*$")
    name: Label
    description: Label = Field(default_factory=dict)
    sources: tuple[Source, ...] = Field(min_length=1)
    conventions: tuple[Convention, ...] = ()
    achievement: Achievement = Achievement()
    rounding: Rounding = Rounding()
    points: Points = Points()
    sections: tuple[Section, ...] = ()
    not_demonstrated: NotDemonstrated | None = None
    ratings: Scale
    grades: Scale
    ranking: Ranking = Ranking()

    @model_validator(mode="after")
    def _sections_known(self) -> Framework:
        if self.not_demonstrated and self.section(self.not_demonstrated.section) is None:
            raise ValueError(
                f"not_demonstrated names unknown section {self.not_demonstrated.section}"
            )
        return self

    def section(self, section_id: str) -> Section | None:
        return next((s for s in self.sections if s.id == section_id), None)

    def section_for(self, text: str) -> Section | None:
        return next((s for s in self.sections if s.matches(text)), None)

    def title(self, lang: str | None = None) -> str:
        return localized(self.name, lang)


class QuotaGrade(_Data):
    id: str
    share: Dec = Field(gt=0)
    label: Label | None = None


class QuotaRule(_Data):
    id: str
    name: Label
    source: str
    grades: tuple[QuotaGrade, ...] = Field(min_length=2)
    min_units: int = Field(1, ge=1)
    small_group: Literal["absolute", "quota"] = "absolute"
    convention: Label | None = None

    @model_validator(mode="after")
    def _shares_total(self) -> QuotaRule:
        if sum(g.share for g in self.grades) != 100:
            raise ValueError("quota shares must add up to 100")
        return self


class QuotaFile(_Data):
    kind: Literal["quotas"]
    quotas: tuple[QuotaRule, ...]


def _load_data_file(path: Path, model: type[_Data]) -> _Data:
    file = str(path)
    data, smap = load_yaml_text(decode_utf8(read_input_bytes(path, file), file), file)
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        problems = problems_from_validation(exc, model)
        raise KaopingInputError([smap.locate(p) for p in problems]) from None


def _kind_of(path: Path) -> str:
    head = path.read_text(encoding="utf-8", errors="replace")[:400]
    return "quotas" if "kind: quotas" in head else "framework"


def _dirs(home: Path | None) -> list[Path]:
    dirs = [BUILTIN_DIR]
    if home is not None and (home / "frameworks").is_dir():
        dirs.append(home / "frameworks")
    return dirs


@cache
def _registry(home: Path | None) -> tuple[dict[str, Framework], dict[str, QuotaRule]]:
    frameworks: dict[str, Framework] = {}
    quotas: dict[str, QuotaRule] = {}
    for folder in _dirs(home):
        for path in sorted(folder.glob("*.yaml")):
            if _kind_of(path) == "quotas":
                quota_file = _load_data_file(path, QuotaFile)
                assert isinstance(quota_file, QuotaFile)
                quotas.update({q.id: q for q in quota_file.quotas})
            else:
                framework = _load_data_file(path, Framework)
                assert isinstance(framework, Framework)
                frameworks[framework.id] = framework
    return frameworks, quotas


def list_frameworks(home: Path | None = None) -> list[Framework]:
    return sorted(_registry(home)[0].values(), key=lambda f: f.id)


def get_framework(
    framework_id: str, home: Path | None = None, *, field: str | None = None, path: ModelPath = ()
) -> Framework:
    """A framework by id; an unknown id names ``field`` (an option) or ``path`` (in a file)."""
    frameworks = _registry(home)[0]
    if framework_id not in frameworks:
        raise KaopingInputError.one(
            "err.unknown_framework",
            field=field or (None if path else "framework"),
            path=path,
            id=framework_id,
            known=", ".join(sorted(frameworks)),
        )
    return frameworks[framework_id]


def list_quotas(home: Path | None = None) -> list[QuotaRule]:
    return sorted(_registry(home)[1].values(), key=lambda q: q.id)


def get_quota(quota_id: str, home: Path | None = None) -> QuotaRule:
    quotas = _registry(home)[1]
    if quota_id not in quotas:
        raise KaopingInputError.one(
            "err.unknown_quota", field="quota", id=quota_id, known=", ".join(sorted(quotas))
        )
    return quotas[quota_id]

"""The shape of the reference data: the one definition that the loader, the JSON output and the schema share."""

from __future__ import annotations

import re
import unicodedata
from typing import TYPE_CHECKING, Annotated, Literal, Self

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    StrictFloat,
    StrictInt,
    StringConstraints,
    ValidationError,
    model_validator,
)
from pydantic_core import InitErrorDetails, PydanticCustomError

if TYPE_CHECKING:
    from collections.abc import Iterable, Iterator

# An amount with a mass or volume unit, or anything "per kilogram": the data is a comparison, never a prescribing aid.
_DOSE = re.compile(
    r"\b\d+(?:[.,]\d+)?\s*(?:mg|mcg|µg|μg|ug|ng|g|ml|iu|units?)\b|\bmg\s*/\s*kg\b|/\s*kg\b|\bper\s+(?:kg|kilogram)\b",
    re.IGNORECASE,
)


def _plain_text(value: str) -> str:
    control = next((char for char in value if unicodedata.category(char) == "Cc"), None)
    if control is not None:
        raise PydanticCustomError(
            "control_character",
            "contains the control character U+{code}; text must be plain and on one line",
            {"code": f"{ord(control):04X}"},
        )
    if dose := _DOSE.search(value):
        raise PydanticCustomError(
            "dose", "gives a dose ('{dose}'); this data never states doses", {"dose": dose.group()}
        )
    return value


Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1), AfterValidator(_plain_text)]
Id = Annotated[str, StringConstraints(pattern=r"^[a-z0-9]+(?:-[a-z0-9]+)*$")]
Minutes = Annotated[StrictInt | StrictFloat, Field(ge=0, allow_inf_nan=False)]
Percent = Annotated[StrictInt | StrictFloat, Field(ge=0, le=100, allow_inf_nan=False)]


class _Model(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class _Figure(_Model):
    text: Text = Field(description="The figure in words, as the source puts it ('within 1 minute', 'not stated').")
    describes: Text | None = Field(
        default=None, description="Which effect the figure describes, where that is not the plain one."
    )
    secondary: bool = Field(default=False, description="True when the figure is quoted from a secondary source.")
    sources: list[Id] = Field(default=[], description="Ids of the sources that support the figure.")

    def _require_sources_for_numbers(self, *bounds: float | None) -> None:
        if any(bound is not None for bound in bounds) and not self.sources:
            raise PydanticCustomError("unsourced_number", "a number needs at least one source id in 'sources'")

    @staticmethod
    def _check_order(low: float | None, high: float | None, low_name: str, high_name: str) -> None:
        if low is not None and high is not None and low > high:
            raise PydanticCustomError("range_order", f"{low_name} must be <= {high_name}")


class Timing(_Figure):
    """A time from the moment of giving: onset, duration, time to peak plasma level."""

    min_minutes: Minutes | None = Field(default=None, description="Lower bound in minutes; null when not stated.")
    max_minutes: Minutes | None = Field(default=None, description="Upper bound in minutes; null when not stated.")

    @property
    def bounds(self) -> tuple[float | None, float | None]:
        return self.min_minutes, self.max_minutes

    @model_validator(mode="after")
    def _check(self) -> Self:
        self._check_order(self.min_minutes, self.max_minutes, "min_minutes", "max_minutes")
        self._require_sources_for_numbers(self.min_minutes, self.max_minutes)
        return self


class Bioavailability(_Figure):
    """The share of the drug that reaches the blood, against intravenous."""

    min_percent: Percent | None = Field(default=None, description="Lower bound in percent; null when not stated.")
    max_percent: Percent | None = Field(default=None, description="Upper bound in percent; null when not stated.")

    @property
    def bounds(self) -> tuple[float | None, float | None]:
        return self.min_percent, self.max_percent

    @model_validator(mode="after")
    def _check(self) -> Self:
        self._check_order(self.min_percent, self.max_percent, "min_percent", "max_percent")
        self._require_sources_for_numbers(self.min_percent, self.max_percent)
        return self


class Route(_Model):
    """A route by which ketamine is given."""

    id: Id
    name: Text = Field(description="Display name, e.g. 'Intravenous'.")
    aliases: list[Text] = Field(default=[], description="Other names a user may type, e.g. 'po' or 'by mouth'.")
    onset: Timing = Field(description="How soon the effect starts.")
    duration: Timing = Field(description="How long the effect of one administration lasts.")
    lasting_relief: Timing | None = Field(
        default=None, description="Pain relief that outlasts the effect of one dose, e.g. weeks after infusions."
    )
    time_to_peak: Timing | None = Field(default=None, description="Time to the peak plasma level.")
    bioavailability: Bioavailability
    notes: list[Text] = Field(default=[], description="Short facts about the route.")
    caveats: list[Text] = Field(default=[], description="Contradictions and limits of the figures.")
    sources: list[Id] = Field(min_length=1, description="Ids of the sources for the route, its notes and caveats.")

    def figures(self) -> Iterator[tuple[str, Timing | Bioavailability]]:
        for name in ("onset", "duration", "lasting_relief", "time_to_peak", "bioavailability"):
            figure = getattr(self, name)
            if figure is not None:
                yield name, figure


GuidelineRating = Literal["moderate", "weak", "weak or none", "none", "not rated"]


class GuidelineEvidence(_Model):
    """The strength of evidence the 2018 consensus guideline (cohen2018) gives one indication."""

    indication: Text
    rating: GuidelineRating
    detail: Text | None = None


class Finding(_Model):
    """What a key trial or review found."""

    text: Text
    sources: list[Id] = Field(min_length=1)


class Condition(_Model):
    """A pain condition ketamine has been studied for."""

    id: Id
    name: Text
    aliases: list[Text] = []
    covers: list[Text] = Field(default=[], description="The conditions the article names under this heading.")
    article_claim: Text = Field(description="What the source article claims.")
    guideline: list[GuidelineEvidence] = Field(default=[], description="The 2018 consensus guideline's ratings.")
    findings: list[Finding] = Field(default=[], description="Key trials and reviews.")
    discrepancy: Text | None = Field(default=None, description="How the article and the evidence differ.")
    routes: list[Id] = Field(default=[], description="Ids of the routes the evidence concerns.")
    sources: list[Id] = Field(min_length=1)


SideEffectCategory = Literal["common", "anaesthetic-dose", "rare", "caution", "long-term", "trials", "opioid-contrast"]


class SideEffect(_Model):
    """A side effect, caution, or contrast with opioids."""

    id: Id
    name: Text
    category: SideEffectCategory
    article: Text = Field(description="What the source article says.")
    literature: Text | None = Field(default=None, description="What the literature adds, where it differs.")
    sources: list[Id] = Field(min_length=1)


SourceKind = Literal["article", "guideline", "trial", "review", "pharmacokinetics", "label"]


class Source(_Model):
    """A bibliography entry."""

    id: Id
    kind: SourceKind
    title: Text | None = None
    authors: Text | None = None
    publisher: Text | None = None
    venue: Text | None = Field(default=None, description="Journal and issue, e.g. 'Pain 2009;145(3):304-311'.")
    year: Annotated[int, Field(ge=1900, le=2100)] | None = None
    doi: Annotated[str, StringConstraints(pattern=r"^10\.\d{4,9}/\S+$")] | None = None
    pmid: Annotated[str, StringConstraints(pattern=r"^\d{1,9}$")] | None = None
    pmcid: Annotated[str, StringConstraints(pattern=r"^PMC\d+$")] | None = None
    url: Annotated[str, StringConstraints(pattern=r"^https?://\S+$")] | None = None
    note: Text | None = None

    @model_validator(mode="after")
    def _check(self) -> Self:
        if self.title is None and self.venue is None:
            raise PydanticCustomError("untitled_source", "a source needs a title or a venue")
        return self


class DataSet(_Model):
    """The whole data file: routes, conditions, side effects and the sources they cite.

    An educational reference, not medical advice: it holds no doses.
    """

    routes: list[Route] = Field(min_length=1)
    conditions: list[Condition] = []
    side_effects: list[SideEffect] = []
    sources: list[Source] = []

    @model_validator(mode="after")
    def _check_references(self) -> Self:
        problems = [*self._duplicate_keys(), *self._unknown_references()]
        if problems:
            raise ValidationError.from_exception_data(type(self).__name__, problems)
        return self

    def _duplicate_keys(self) -> Iterator[InitErrorDetails]:
        """Ids must be unique, and a name a user types must lead to one entry only."""
        for collection in ("routes", "conditions", "side_effects", "sources"):
            seen: dict[str, tuple[int, str]] = {}
            for index, entry in enumerate(getattr(self, collection)):
                keys = [("id", entry.id)]
                if isinstance(entry, Route | Condition):
                    keys += [("name", entry.name)] + [(f"aliases.{n}", alias) for n, alias in enumerate(entry.aliases)]
                for field, key in keys:
                    owner_index, owner = seen.setdefault(key.casefold(), (index, entry.id))
                    if owner_index != index:
                        yield _error(
                            "duplicate_key",
                            "'{key}' is already used by {owner}",
                            {"key": key, "owner": f"{collection}[{owner_index}] ('{owner}')"},
                            (collection, index, *_split(field)),
                        )

    def _unknown_references(self) -> Iterator[InitErrorDetails]:
        source_ids = {source.id for source in self.sources}
        route_ids = {route.id for route in self.routes}
        for path, kind, ref in self._references():
            if ref not in (route_ids if kind == "route" else source_ids):
                yield _error("unknown_reference", "unknown {kind} id '{ref}'", {"kind": kind, "ref": ref}, path)

    def _references(self) -> Iterator[tuple[tuple[str | int, ...], str, str]]:
        def sources(
            path: tuple[str | int, ...], ids: Iterable[str]
        ) -> Iterator[tuple[tuple[str | int, ...], str, str]]:
            for n, ref in enumerate(ids):
                yield (*path, "sources", n), "source", ref

        for i, route in enumerate(self.routes):
            yield from sources(("routes", i), route.sources)
            for name, figure in route.figures():
                yield from sources(("routes", i, name), figure.sources)
        for i, condition in enumerate(self.conditions):
            yield from sources(("conditions", i), condition.sources)
            for j, finding in enumerate(condition.findings):
                yield from sources(("conditions", i, "findings", j), finding.sources)
            for n, ref in enumerate(condition.routes):
                yield ("conditions", i, "routes", n), "route", ref
        for i, effect in enumerate(self.side_effects):
            yield from sources(("side_effects", i), effect.sources)


def _split(field: str) -> tuple[str | int, ...]:
    return tuple(int(part) if part.isdigit() else part for part in field.split("."))


def _error(kind: str, message: str, context: dict[str, object], loc: tuple[str | int, ...]) -> InitErrorDetails:
    return InitErrorDetails(type=PydanticCustomError(kind, message, context), loc=loc, input=None)

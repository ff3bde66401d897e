"""The shape of the reference data: the one definition that the loader, the JSON output and the schema share."""

from __future__ import annotations

import datetime
import math
import re
import unicodedata
from typing import TYPE_CHECKING, Annotated, Any, Literal, Self

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    ModelWrapValidatorHandler,
    StrictFloat,
    StrictInt,
    StringConstraints,
    ValidationError,
    WithJsonSchema,
    model_validator,
)
from pydantic_core import InitErrorDetails, PydanticCustomError

from .choices import CautionKind
from .fields import ROUTE_FIGURES, name_key

if TYPE_CHECKING:
    from collections.abc import Iterator

TEN_YEARS_IN_MINUTES = 10 * 365 * 24 * 60
"""The most minutes a time may state: plenty for any figure, and small enough that the timeline's arithmetic on it
(sums, logarithms) and the views' formatting stay finite."""

# Words for a number that may stand before a unit: "two milligrams", "twenty-five mg", "half a gram".
_NUMBER_WORD = (
    r"zero|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen"
    r"|seventeen|eighteen|nineteen|twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety|hundred|thousand"
    r"|half|halves|quarters?|thirds?"
)
# Units of mass, volume or activity, abbreviated or spelled out, singular or plural. The micro sign is matched as the
# Greek mu that NFKC makes of it.
_UNIT = (
    r"(?:(?:milli|micro|nano)-?)?gram(?:me)?s?|(?:m|mc|\N{GREEK SMALL LETTER MU}|u|n)?gs?|gms?"
    r"|(?:(?:milli|micro|deci|centi)-?)?lit(?:re|er)s?|[mdc]ls?|[\N{GREEK SMALL LETTER MU}u]l|ccs?|cm3"
    r"|i\.?u\.?|international\s+units?|units?|m?mol(?:es?)?|m?eq"
    r"|oz|ounces?|(?:tea|table|dessert)spoon(?:ful)?s?|tsps?|tbsps?"
)
# A unit of mass or volume after "a" or "an" ("a milligram", "a teaspoon"): "a unit" stays plain English.
_ONE_UNIT = r"(?:(?:milli|micro|nano)-?gram(?:me)?|(?:milli)?lit(?:re|er)|(?:tea|table|dessert)spoon(?:ful)?|ounce)"
_PER_KILOGRAM = r"(?:kgs?|kilo(?:gram(?:me)?s?)?)(?!\w)"
# An amount with a mass or volume unit, or anything "per kilogram": the data is a comparison, never a prescribing aid.
# It is matched in lower case after NFKC normalisation, so that full-width letters and signs such as U+338E (mg) are
# caught too. Every branch but the slash starts at a word boundary, which keeps the search fast.
_DOSE = re.compile(
    rf"\b(?:(?:\d+(?:[.,]\d+)*\s*-?|(?:{_NUMBER_WORD})(?:[\s-]+(?:and\s+)?(?:an?\s+)?(?:{_NUMBER_WORD}))*"
    r"(?:\s+of)?(?:\s+an?)?[\s-])"
    rf"\s*(?:{_UNIT})(?!\w)"
    rf"|an?\s+{_ONE_UNIT}(?!\w)"
    rf"|per\s*{_PER_KILOGRAM}"
    r"|kg\s*\^?[-\N{MINUS SIGN}]\s*1(?!\d))"  # kg-1, and kg with a superscript minus one
    rf"|/\s*{_PER_KILOGRAM}"
)

# What text may not contain, by Unicode category: controls, format characters (the zero-width space, the soft hyphen,
# the bidi controls) and the line and paragraph separators, which a terminal or a table cell would break a line at.
_FORBIDDEN_CATEGORIES = {
    "Cc": "control character",
    "Cf": "format character",
    "Zl": "line separator",
    "Zp": "paragraph separator",
}
# Characters that show nothing though they are not format characters, so that a name with one looks like another:
# the combining grapheme joiner, variation selectors, the braille blank and the Hangul fillers.
_INVISIBLE = frozenset("\u034f\u115f\u1160\u2800\u3164\uffa0" + "".join(map(chr, range(0xFE00, 0xFE10))))
# Characters that reorder the text around them, so a terminal would show something other than what is stored.
_BIDI_CONTROLS = frozenset("\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
# Every character that is not printable ASCII: the only ones whose category needs looking up.
_NOT_PRINTABLE_ASCII = re.compile(r"[^\x20-\x7e]")

# Letters whose scripts may share a word: Japanese writes kanji, hiragana and katakana together.
_SCRIPT_GROUPS = {"HIRAGANA": "CJK", "KATAKANA": "CJK", "IDEOGRAPHIC": "CJK"}
_LETTERS = frozenset({"Lu", "Ll", "Lt", "Lo"})


def _plain_characters(value: str) -> str:
    for match in _NOT_PRINTABLE_ASCII.finditer(value):
        character = match.group()
        kind = (
            "control character"
            if character in _BIDI_CONTROLS
            else "invisible character"
            if character in _INVISIBLE or 0xE0100 <= ord(character) <= 0xE01EF
            else _FORBIDDEN_CATEGORIES.get(unicodedata.category(character))
        )
        if kind is not None:
            raise PydanticCustomError(
                "control_character",
                "contains the {kind} U+{code}; text must be plain and on one line",
                {"kind": kind, "code": f"{ord(character):04X}"},
            )
    return value


def _no_dose(value: str) -> str:
    if dose := _dose(value):
        raise PydanticCustomError("dose", "gives a dose ('{dose}'); this data never states doses", {"dose": dose})
    return value


def _dose(value: str) -> str | None:
    """The words of `value` that state a dose, as written, or None."""
    if value.isascii():
        found = _DOSE.search(value.lower())
        return value[found.start() : found.end()] if found else None
    # NFKC one character at a time, remembering where each character of the result came from, so that the words
    # are quoted as the file has them (full-width letters stay full-width).
    origin: list[int] = []
    pieces: list[str] = []
    for index, character in enumerate(value):
        piece = unicodedata.normalize("NFKC", character).lower()
        pieces.append(piece)
        origin += [index] * len(piece)
    found = _DOSE.search("".join(pieces))
    return value[origin[found.start()] : origin[found.end() - 1] + 1] if found else None


def _one_script_per_word(value: str) -> str:
    """A name whose word mixes scripts ('Intravenous' with a Cyrillic 'a') looks like another name but is not it."""
    if value.isascii():
        return value
    for word in value.split():
        scripts = dict.fromkeys(
            _script(letter)
            for letter in unicodedata.normalize("NFKC", word)
            if unicodedata.category(letter) in _LETTERS
        )
        if len(scripts) > 1:
            *others, last = scripts
            raise PydanticCustomError(
                "mixed_scripts",
                "mixes {scripts} letters in one word ('{word}')",
                {"scripts": f"{', '.join(others)} and {last}", "word": word},
            )
    return value


def _script(letter: str) -> str:
    """The script of a letter, from the first word of its Unicode name: 'LATIN SMALL LETTER A' is Latin."""
    script = unicodedata.name(letter, "UNKNOWN").split(" ", 1)[0]
    script = _SCRIPT_GROUPS.get(script, script)
    return script if script == "CJK" else script.title()


def _finite(value: object) -> object:
    if isinstance(value, float) and not math.isfinite(value):
        raise PydanticCustomError("not_a_number", "must be a number, not {value}", {"value": str(value)})
    return value


def _without_negative_zero(value: float) -> float:
    """-0.0 is stored as 0.0, so that no view or JSON shows '-0'; an int stays an int."""
    return 0.0 if isinstance(value, float) and value == 0 else value


_Trimmed = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]
Text = Annotated[_Trimmed, AfterValidator(_plain_characters), AfterValidator(_no_dose)]
# A title is cited as published, even where it names an amount ('... 1% ketamine ...').
Title = Annotated[_Trimmed, AfterValidator(_plain_characters)]
# A name or alias a user types to reach an entry.
Name = Annotated[Text, AfterValidator(_one_script_per_word)]
Id = Annotated[str, StringConstraints(pattern=r"^[a-z0-9]+(?:-[a-z0-9]+)*$")]
# A number is an int or a float, never a bool or a string, never nan or infinite (the before-validator runs first, so
# that nan is named rather than compared), and never -0.0.
Minutes = Annotated[
    StrictInt | StrictFloat,
    Field(ge=0, le=TEN_YEARS_IN_MINUTES),
    AfterValidator(_without_negative_zero),
    BeforeValidator(_finite),
    WithJsonSchema({"type": "number", "minimum": 0, "maximum": TEN_YEARS_IN_MINUTES}),
]
Percent = Annotated[
    StrictInt | StrictFloat,
    Field(ge=0, le=100),
    AfterValidator(_without_negative_zero),
    BeforeValidator(_finite),
    WithJsonSchema({"type": "number", "minimum": 0, "maximum": 100}),
]


class _Model(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


Substance = Literal["racemic", "esketamine"]
Quotes = Annotated[
    list[Text],
    Field(description="The source article's exact words that the entry draws on, each a sentence or a phrase."),
]


class _Figure(_Model):
    text: Text = Field(description="The figure in words, as the source puts it ('within 1 minute', 'not stated').")
    describes: Text | None = Field(
        default=None, description="Which effect the figure describes, where that is not the plain one."
    )
    secondary: bool = Field(default=False, description="True when the figure is quoted from a secondary source.")
    substance: Substance = Field(
        default="racemic", description="'esketamine' where the figure was measured with S(+)-ketamine only."
    )
    sources: list[Id] = Field(default=[], description="Ids of the sources that support the figure.")
    quotes: Quotes = []

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

    @model_validator(mode="after")
    def _check(self) -> Self:
        self._check_order(self.min_minutes, self.max_minutes, "min_minutes", "max_minutes")
        self._require_sources_for_numbers(self.min_minutes, self.max_minutes)
        return self


class Bioavailability(_Figure):
    """The share of the drug that reaches the blood, against intravenous."""

    min_percent: Percent | None = Field(default=None, description="Lower bound in percent; null when not stated.")
    max_percent: Percent | None = Field(default=None, description="Upper bound in percent; null when not stated.")

    @model_validator(mode="after")
    def _check(self) -> Self:
        self._check_order(self.min_percent, self.max_percent, "min_percent", "max_percent")
        self._require_sources_for_numbers(self.min_percent, self.max_percent)
        return self


class Route(_Model):
    """A route by which ketamine is given."""

    id: Id
    name: Name = Field(description="Display name, e.g. 'Intravenous'.")
    aliases: list[Name] = Field(default=[], description="Other names a user may type, e.g. 'po' or 'by mouth'.")
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
    quotes: Quotes = []


GuidelineRating = Literal["moderate", "weak", "weak or none", "none", "not rated"]


class GuidelineEvidence(_Model):
    """The strength of evidence the 2018 consensus guideline (cohen2018) gives one indication."""

    indication: Text
    rating: GuidelineRating
    detail: Text | None = None
    secondary: bool = Field(default=False, description="True when the rating was read in a summary of the guideline.")


Design = Literal[
    "randomised trial",
    "meta-analysis",
    "systematic review",
    "cohort",
    "case series",
    "open-label trial",
    "pharmacokinetic study",
    "guideline",
]
Certainty = Literal["high", "moderate", "low", "very low"]


class Finding(_Model):
    """What a key trial or review found, in the columns of a summary of findings (Cochrane Handbook, chapter 14)."""

    text: Text = Field(description="The finding in one line.")
    design: Design = Field(description="What kind of study it is.")
    participants: Annotated[StrictInt, Field(ge=1)] | None = Field(default=None, description="How many took part.")
    population: Text | None = Field(default=None, description="Who took part.")
    intervention: Text | None = Field(
        default=None, description="Route, substance and regimen, in words: never an amount."
    )
    comparator: Text | None = Field(default=None, description="What it was compared with.")
    outcome: Text | None = Field(default=None, description="The outcome, as the source defines it.")
    follow_up: Text | None = Field(default=None, description="How long the participants were followed.")
    result: Text | None = Field(default=None, description="The result as the source reports it, with its interval.")
    certainty: Certainty | None = Field(default=None, description="GRADE certainty, where the source grades it.")
    substance: Substance = Field(default="racemic", description="'esketamine' where the study used S(+)-ketamine.")
    sources: list[Id] = Field(min_length=1)


class Condition(_Model):
    """A pain condition ketamine has been studied for."""

    id: Id
    name: Name
    aliases: list[Name] = []
    covers: list[Text] = Field(default=[], description="The conditions the article names under this heading.")
    article_claim: Text = Field(description="What the source article claims.")
    guideline: list[GuidelineEvidence] = Field(default=[], description="The 2018 consensus guideline's ratings.")
    findings: list[Finding] = Field(default=[], description="Key trials and reviews.")
    discrepancy: Text | None = Field(default=None, description="How the article and the evidence differ.")
    routes: list[Id] = Field(default=[], description="Ids of the routes the evidence concerns.")
    sources: list[Id] = Field(min_length=1)
    quotes: Quotes = []


# "mild" is the article's word for the side effects it lists as "generally mild and temporary".
SideEffectCategory = Literal["mild", "anaesthetic-dose", "rare", "caution", "long-term", "trials", "opioid-contrast"]


class SideEffect(_Model):
    """A side effect, caution, or contrast with opioids."""

    id: Id
    name: Text
    category: SideEffectCategory
    article: Text = Field(description="What the source article says.")
    literature: Text | None = Field(default=None, description="What the literature adds, where it differs.")
    sources: list[Id] = Field(min_length=1)
    quotes: Quotes = []


class Caution(_Model):
    """What a label, a regulator or a guideline warns of: the things a pharmacist checks first."""

    id: Id
    kind: CautionKind
    name: Text
    text: Text = Field(description="What the sources say, each statement attributed to its source.")
    routes: list[Id] = Field(default=[], description="Ids of the routes it concerns; empty means every route.")
    substance: Literal["racemic", "esketamine", "both"] = Field(description="The substance the caution concerns.")
    secondary: bool = Field(default=False, description="True when any of the text is quoted from a secondary source.")
    sources: list[Id] = Field(min_length=1)
    quotes: Quotes = []


class OverviewEntry(_Model):
    """A general statement of the source article, which belongs to no route or condition, beside the literature."""

    id: Id
    topic: Text
    quotes: Annotated[list[Text], Field(min_length=1, description="The article's exact words.")]
    literature: Text | None = Field(default=None, description="What the literature says, where it differs.")
    sources: list[Id] = Field(min_length=1)


class GlossaryEntry(_Model):
    """A term the reference uses, in words a patient can read."""

    id: Id
    term: Text = Field(description="The term as shown.")
    aliases: list[Text] = Field(default=[], description="Other names a user may type, e.g. 'Tmax'.")
    definition: Text = Field(description="One or two plain sentences.")
    related: list[Id] = Field(default=[], description="Ids of related glossary entries.")
    sources: list[Id] = Field(min_length=1)


SourceKind = Literal[
    "article",
    "guideline",
    "trial",
    "review",
    "pharmacokinetics",
    "label",
    "regulatory",
    "case-series",
    "reference",
]


class Source(_Model):
    """A bibliography entry."""

    id: Id
    kind: SourceKind
    title: Title | None = Field(
        default=None, description="The title as published; the one text that may name an amount."
    )
    authors: Text | None = None
    publisher: Text | None = None
    venue: Text | None = Field(default=None, description="Journal and issue, e.g. 'Pain 2009;145(3):304-311'.")
    year: Annotated[StrictInt, Field(ge=1900, le=2100)] | None = None
    doi: (
        Annotated[str, StringConstraints(pattern=r"^10\.[0-9]{4,9}/\S+$"), AfterValidator(_plain_characters)] | None
    ) = None
    pmid: Annotated[str, StringConstraints(pattern=r"^[0-9]{1,9}$")] | None = None
    pmcid: Annotated[str, StringConstraints(pattern=r"^PMC[0-9]+$")] | None = None
    url: Annotated[str, StringConstraints(pattern=r"^https?://\S+$"), AfterValidator(_plain_characters)] | None = None
    accessed: datetime.date | None = Field(default=None, description="When a web source was read.")
    revised: Text | None = Field(default=None, description="A label's revision, as the label dates it ('10/2024').")
    missing_because: Text | None = Field(
        default=None,
        description="Why an identifier, the authors, the year or an access date is missing, for 'data validate "
        "--strict': a gap said is not a gap hidden.",
    )
    note: Text | None = None

    @model_validator(mode="after")
    def _check(self) -> Self:
        if self.title is None and self.venue is None:
            raise PydanticCustomError("untitled_source", "a source needs a title or a venue")
        return self


class Meta(_Model):
    """What the data set is and how current: openFDA's `meta.last_updated`, for this reference."""

    title: Text
    version: Text = Field(description="The data's own version, e.g. '2026.11.26'.")
    reviewed: datetime.date = Field(description="When the data was last checked against its sources.")
    evidence_as_of: datetime.date = Field(description="The latest publication date the data reflects.")


class DataSet(_Model):
    """The whole data file: routes, conditions, side effects, cautions, the article's general statements, and the
    sources they cite.

    An educational reference, not medical advice: it holds no doses.
    """

    meta: Meta | None = Field(default=None, description="What the data set is, and how current.")
    routes: list[Route] = Field(min_length=1)
    conditions: list[Condition] = []
    side_effects: list[SideEffect] = []
    cautions: list[Caution] = []
    overview: list[OverviewEntry] = []
    glossary: list[GlossaryEntry] = []
    sources: list[Source] = []

    @model_validator(mode="wrap")
    @classmethod
    def _check_references(cls, data: Any, handler: ModelWrapValidatorHandler[DataSet]) -> DataSet:
        # Read from the raw document, so that a broken reference is reported beside the field problems of the same
        # file rather than only once they are fixed.
        problems = list(_cross_reference_problems(data))
        try:
            dataset = handler(data)
        except ValidationError as error:
            raise ValidationError.from_exception_data(cls.__name__, [*_rendered(error), *problems]) from None
        if problems:
            raise ValidationError.from_exception_data(cls.__name__, problems)
        return dataset


Loc = tuple[str | int, ...]

# Sources read on the web, which a reader can only find again knowing when they were read.
WEB_KINDS = frozenset({"article", "reference", "regulatory"})


def incomplete(data: DataSet) -> list[str]:
    """What `data validate --strict` reports: a data set without its `[meta]`, and sources with no DOI, PMID or URL,
    no authors or publisher, no year, or (read on the web) no access date, unless `missing_because` says why."""
    problems = [] if data.meta is not None else ["meta: missing: the data set's title, version and dates"]
    for index, source in enumerate(data.sources):
        gaps = [
            gap
            for gap, missing in (
                ("no DOI, PMID or URL", not (source.doi or source.pmid or source.url)),
                ("no authors or publisher", not (source.authors or source.publisher)),
                ("no year", source.year is None),
                ("no access date for a web source", source.kind in WEB_KINDS and source.accessed is None),
            )
            if missing
        ]
        if gaps and not source.missing_because:
            problems.append(
                f"sources[{index}] ({source.id}): {'; '.join(gaps)}; add them, or say why in missing_because"
            )
    return problems


def _cross_reference_problems(document: Any) -> Iterator[InitErrorDetails]:
    if isinstance(document, dict):
        yield from _duplicate_keys(document)
        yield from _reference_problems(document)
        yield from _quotes_without_an_article(document)


def _duplicate_keys(document: dict[str, Any]) -> Iterator[InitErrorDetails]:
    """Ids must be unique, and a name a user types must lead to one entry only."""
    for collection in ("routes", "conditions", "side_effects", "cautions", "overview", "glossary", "sources"):
        seen: dict[str, tuple[int, str]] = {}
        for index, entry in _entries(document, collection):
            keys: list[tuple[Loc, object]] = [(("id",), entry.get("id"))]
            if collection in {"routes", "conditions", "glossary"}:
                name = "term" if collection == "glossary" else "name"
                keys.append(((name,), entry.get(name)))
                keys += [(("aliases", n), alias) for n, alias in _strings(entry.get("aliases"))]
            for field, key in keys:
                if not isinstance(key, str):
                    continue
                owner_index, owner = seen.setdefault(name_key(key), (index, str(entry.get("id"))))
                if owner_index != index:
                    yield _error(
                        "duplicate_key",
                        "'{key}' is already used by {owner}",
                        {"key": key, "owner": f"{collection}[{owner_index}] ('{owner}')"},
                        (collection, index, *field),
                    )


def _reference_problems(document: dict[str, Any]) -> Iterator[InitErrorDetails]:
    """Every id referred to must name an entry, once per list."""
    kinds = (("source", "sources"), ("route", "routes"), ("glossary", "glossary"))
    known = {kind: set(_ids(document, collection)) for kind, collection in kinds}
    listed: dict[Loc, set[str]] = {}
    for loc, kind, ref in _references(document):
        in_this_list = listed.setdefault(loc[:-1], set())
        if ref not in known[kind]:
            yield _error("unknown_reference", "unknown {kind} id '{ref}'", {"kind": kind, "ref": ref}, loc)
        elif ref in in_this_list:
            yield _error("repeated_reference", "'{ref}' is listed twice", {"ref": ref}, loc)
        in_this_list.add(ref)


def _quotes_without_an_article(document: dict[str, Any]) -> Iterator[InitErrorDetails]:
    """Quotes are an article's words, so whatever quotes must cite a source of kind 'article'."""
    articles = {
        entry["id"]
        for _, entry in _entries(document, "sources")
        if entry.get("kind") == "article" and isinstance(entry.get("id"), str)
    }
    for collection in ("routes", "conditions", "side_effects", "cautions", "overview"):
        for i, entry in _entries(document, collection):
            cited = {ref for _, ref in _strings(entry.get("sources"))}
            quoting: list[tuple[Loc, set[str]]] = [((collection, i, "quotes"), cited)] if entry.get("quotes") else []
            if collection == "routes":
                for name in ROUTE_FIGURES:
                    figure = entry.get(name)
                    if isinstance(figure, dict) and figure.get("quotes"):
                        own = {ref for _, ref in _strings(figure.get("sources"))}
                        quoting.append(((collection, i, name, "quotes"), cited | own))
            for loc, sources in quoting:
                if not sources & articles:
                    yield _error(
                        "quote_without_article", "quotes the article but cites no source of kind 'article'", {}, loc
                    )


def _references(document: dict[str, Any]) -> Iterator[tuple[Loc, str, str]]:
    """Every id the document refers to, with its place and what kind of entry it must name."""

    def cited(loc: Loc, holder: object) -> Iterator[tuple[Loc, str, str]]:
        if isinstance(holder, dict):
            for n, ref in _strings(holder.get("sources")):
                yield (*loc, "sources", n), "source", ref

    for i, route in _entries(document, "routes"):
        yield from cited(("routes", i), route)
        for name in ROUTE_FIGURES:
            yield from cited(("routes", i, name), route.get(name))
    for i, condition in _entries(document, "conditions"):
        yield from cited(("conditions", i), condition)
        findings = condition.get("findings")
        for j, finding in enumerate(findings if isinstance(findings, list) else []):
            yield from cited(("conditions", i, "findings", j), finding)
        for n, ref in _strings(condition.get("routes")):
            yield ("conditions", i, "routes", n), "route", ref
    for collection in ("side_effects", "cautions", "overview", "glossary"):
        for i, entry in _entries(document, collection):
            yield from cited((collection, i), entry)
    for i, entry in _entries(document, "glossary"):
        for n, ref in _strings(entry.get("related")):
            yield ("glossary", i, "related", n), "glossary", ref
    for i, caution in _entries(document, "cautions"):
        for n, ref in _strings(caution.get("routes")):
            yield ("cautions", i, "routes", n), "route", ref


def _entries(document: dict[str, Any], collection: str) -> Iterator[tuple[int, dict[str, Any]]]:
    entries = document.get(collection)
    for index, entry in enumerate(entries if isinstance(entries, list) else []):
        if isinstance(entry, dict):
            yield index, entry


def _ids(document: dict[str, Any], collection: str) -> Iterator[str]:
    for _, entry in _entries(document, collection):
        if isinstance(entry.get("id"), str):
            yield entry["id"]


def _strings(value: object) -> Iterator[tuple[int, str]]:
    for index, item in enumerate(value if isinstance(value, list) else []):
        if isinstance(item, str):
            yield index, item


def _rendered(error: ValidationError) -> Iterator[InitErrorDetails]:
    """The problems of a failed validation, carried over with their messages already written."""
    for problem in error.errors(include_url=False):
        # Without a context, the message is kept as it is, braces and all.
        kind = PydanticCustomError(problem["type"], problem["msg"])
        yield InitErrorDetails(type=kind, loc=problem["loc"], input=problem["input"])


def _error(kind: str, message: str, context: dict[str, object], loc: Loc) -> InitErrorDetails:
    return InitErrorDetails(type=PydanticCustomError(kind, message, context), loc=loc, input=None)

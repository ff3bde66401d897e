"""Citations: every shipped source written in each format and read back by that format's own parser."""

from __future__ import annotations

import ast
import datetime
import json
import re
import subprocess
import sys
import warnings
from pathlib import Path
from typing import TYPE_CHECKING, Any

import citeproc
import jsonschema
import pybtex.database
import pytest
import rispy
from citeproc import Citation, CitationItem, CitationStylesBibliography, CitationStylesStyle, formatter
from citeproc.source.json import CiteProcJSON

from ketamine_cli import citations
from ketamine_cli.citations import apa, bibtex, csl_json, ris
from ketamine_cli.models import Source
from ketamine_cli.records import Record
from ketamine_cli.render import DISCLAIMER

if TYPE_CHECKING:
    from collections.abc import Callable

    from ketamine_cli.models import DataSet

JOURNAL_KINDS = {"article", "trial", "review", "pharmacokinetics", "case-series", "guideline"}

# A source made up to carry every special character BibTeX has, a lone brace included, into each field that is text.
HOSTILE = Source(
    id="hostile-2024",
    kind="reference",  # a web page
    title="Costs & benefits: 100% of #1 cases_{braced} or a lone { brace, ~tilde, ^caret, $dollar and a \\ backslash",
    authors="O'Brien-Smith AB, de la Cruz M, et al.",
    venue="Notes & Queries 2024;12(3):45-67",
    year=2024,
    doi="10.1234/a_b%c{d}",
    url="https://example.org/path_with_underscores?q=a&b=%7E#frag",
    accessed=datetime.date(2025, 3, 5),
    note="Read with 50% attention & care_fully {so}.",
)


@pytest.fixture(scope="module")
def sources(data: DataSet) -> list[Source]:
    return list(data.sources)


def by_id(sources: list[Source], source_id: str) -> Source:
    return next(source for source in sources if source.id == source_id)


# BibTeX -------------------------------------------------------------------------------------------------------------

UNLATEX = {
    r"\textbackslash{}": "\\",
    r"\textbraceleft{}": "{",
    r"\textbraceright{}": "}",
    r"\textasciitilde{}": "~",
    r"\textasciicircum{}": "^",
    **{f"\\{character}": character for character in "&%$#_"},
}


def unlatex(value: str) -> str:
    """A field's value as plain text again, reversing exactly the escapes a BibTeX entry may hold."""
    pattern = "|".join(re.escape(escape) for escape in UNLATEX)
    return re.sub(pattern, lambda match: UNLATEX[match.group()], value)


def test_bibtex_reads_back_with_pybtex_one_entry_per_source_in_order(sources: list[Source]) -> None:
    parsed = pybtex.database.parse_string(bibtex(sources), "bibtex")
    assert list(parsed.entries) == [source.id for source in sources]
    for source in sources:
        entry = parsed.entries[source.id]
        fields = entry.fields
        if source.title:
            assert (fields["title"][0], fields["title"][-1]) == ("{", "}")  # braced twice, to keep the capitals
            assert unlatex(fields["title"][1:-1]) == source.title
        else:
            assert "title" not in fields
        assert fields.get("year") == (str(source.year) if source.year else None)
        assert fields.get("doi") == source.doi
        assert fields.get("pmid") == source.pmid
        assert fields.get("pmcid") == source.pmcid
        assert fields.get("url") == source.url
        assert unlatex(fields.get("note", "")) == (source.note or "")
        if source.kind in JOURNAL_KINDS and source.venue:
            assert entry.type == "article"
            assert fields["journal"]
        else:
            assert entry.type in {"misc", "techreport"}


@pytest.mark.parametrize(
    ("source_id", "entry_type", "authors", "fields"),
    [
        (
            "hardy2012",
            "article",
            ["Hardy, J.", "others"],
            {"journal": "J Clin Oncol", "volume": "30", "number": "29", "pages": "3611--3617"},
        ),
        (
            "cohen2018",
            "article",
            12,
            {"journal": "Reg Anesth Pain Med", "volume": "43", "number": "5", "pages": "521--546"},
        ),
        ("noppers2011b", "article", 7, {"journal": "Pain", "volume": "152", "pages": "2173--2178"}),
        ("bell2017", "article", 3, {"journal": "Cochrane Database Syst Rev", "volume": "6", "pages": "CD003351"}),
        # a venue of another shape is the journal, unchanged
        ("ferraro2025", "article", 2, {"journal": "Cochrane Database Syst Rev 2025, CD015373"}),
        ("pierre2023", "misc", ["Pierre, H."], {}),  # the web article
        ("wikipedia-ketamine", "misc", ["{Wikipedia}"], {}),
        (
            "ketalar-label",
            "techreport",
            ["{Par Pharmaceutical}"],
            {"institution": "Par Pharmaceutical", "type": "Drug label"},
        ),
        ("ketamine-injection-label", "techreport", ["{Hospira, a Pfizer company}"], {}),  # the comma stays in
        ("dea1999", "misc", 1, {"howpublished": "Federal Register 1999;64(133):37673-37675"}),
        ("fda2022", "misc", ["{US Food and Drug Administration}"], {}),  # "and" inside a corporate name
        ("sigtermans2009", "article", 7, {}),
    ],
)
def test_bibtex_entry_types_authors_and_fields(
    sources: list[Source], source_id: str, entry_type: str, authors: list[str] | int, fields: dict[str, str]
) -> None:
    parsed = pybtex.database.parse_string(bibtex([by_id(sources, source_id)]), "bibtex")
    entry = parsed.entries[source_id]
    assert entry.type == entry_type
    people = [str(person) for person in entry.persons["author"]]
    assert people == authors if isinstance(authors, list) else len(people) == authors
    assert {name: entry.fields[name] for name in fields} == fields


def test_bibtex_splits_names_into_family_and_initials(sources: list[Source]) -> None:
    parsed = pybtex.database.parse_string(bibtex([by_id(sources, "sigtermans2009")]), "bibtex")
    second = parsed.entries["sigtermans2009"].persons["author"][1]
    assert (second.prelast_names, second.last_names, second.first_names, second.middle_names) == (
        ["van"],
        ["Hilten"],
        ["J."],
        ["J."],
    )


def test_bibtex_escapes_every_special_character_and_keeps_urls_verbatim() -> None:
    text = bibtex([HOSTILE])
    fields = pybtex.database.parse_string(text, "bibtex").entries["hostile-2024"].fields
    assert fields["title"] == (
        r"{Costs \& benefits: 100\% of \#1 cases\_\textbraceleft{}braced\textbraceright{} or a lone "
        r"\textbraceleft{} brace, \textasciitilde{}tilde, \textasciicircum{}caret, \$dollar and a "
        r"\textbackslash{} backslash}"
    )
    assert unlatex(fields["title"][1:-1]) == HOSTILE.title
    assert unlatex(fields["note"]) == HOSTILE.note
    assert fields["howpublished"] == r"Notes \& Queries 2024;12(3):45-67"
    # A URL is read verbatim: its underscores and ampersands stay as they are.
    assert fields["url"] == HOSTILE.url
    assert fields["doi"] == "10.1234/a_b%c%7Bd%7D"  # only braces, which would end the field, are percent-encoded
    assert fields["urldate"] == "2025-03-05"
    authors = pybtex.database.parse_string(text, "bibtex").entries["hostile-2024"].persons["author"]
    assert [str(person) for person in authors] == ["O'Brien-Smith, A. B.", "de la Cruz, M.", "others"]


# RIS ----------------------------------------------------------------------------------------------------------------


def test_ris_reads_back_with_rispy_one_record_per_source_in_order(sources: list[Source]) -> None:
    records = rispy.loads(ris(sources))
    assert [record["id"] for record in records] == [source.id for source in sources]
    for source, record in zip(sources, records, strict=True):
        assert record.get("title") == source.title
        assert record.get("year") == (str(source.year) if source.year else None)
        assert record.get("doi") == source.doi
        assert record.get("accession_number") == (f"PMID:{source.pmid}" if source.pmid else None)
        assert record.get("custom2") == (f"PMCID:{source.pmcid}" if source.pmcid else None)
        assert record.get("urls") == ([source.url] if source.url else None)
        assert record.get("notes") == ([source.note] if source.note else None)
        assert record.get("publisher") == source.publisher
        if source.kind in JOURNAL_KINDS and source.venue:
            assert record["type_of_reference"] == "JOUR"
        else:
            assert record["type_of_reference"] in {"RPRT", "LEGAL", "GOVDOC", "ELEC", "GEN"}


@pytest.mark.parametrize(
    ("source_id", "expected"),
    [
        (
            "rolan2014",
            {
                "type_of_reference": "JOUR",
                "authors": ["Rolan, P.", "Lim, S.", "Sunderland, V.", "Liu, Y.", "Molnar, V."],
                "secondary_title": "Br J Clin Pharmacol",
                "journal_name": "Br J Clin Pharmacol",
                "volume": "77",
                "number": "6",
                "start_page": "1011",
                "end_page": "1016",
                "accession_number": "PMID:24977293",
                "custom2": "PMCID:PMC4093926",
            },
        ),
        ("hardy2012", {"authors": ["Hardy, J."]}),  # RIS has no "et al."
        ("chong2006", {"start_page": "469"}),
        ("pierre2023", {"type_of_reference": "ELEC", "authors": ["Pierre, H."]}),
        ("wikipedia-ketamine", {"type_of_reference": "ELEC", "publisher": "Wikipedia"}),
        (
            "ketalar-label",
            {"type_of_reference": "RPRT", "publisher": "Par Pharmaceutical", "type_of_work": "Drug label"},
        ),
        ("dea1999", {"type_of_reference": "LEGAL", "volume": "64", "number": "133", "start_page": "37673"}),
        ("fda2023", {"type_of_reference": "GOVDOC"}),
    ],
)
def test_ris_types_and_tags(sources: list[Source], source_id: str, expected: dict[str, Any]) -> None:
    [record] = rispy.loads(ris([by_id(sources, source_id)]))
    assert {key: record.get(key) for key in expected} == expected
    if by_id(sources, source_id).publisher and not by_id(sources, source_id).authors:
        assert "authors" not in record  # a corporate author is the publisher, in PB only


def test_ris_keeps_special_characters_and_dates_the_access() -> None:
    text = ris([HOSTILE])
    assert text.startswith("TY  - ELEC\n")
    assert text.endswith("\nER  - \n")
    [record] = rispy.loads(text)
    assert record["title"] == HOSTILE.title
    assert record["urls"] == [HOSTILE.url]
    assert record["access_date"] == "2025/03/05"
    assert record["authors"] == ["O'Brien-Smith, A. B.", "de la Cruz, M."]


# CSL-JSON -----------------------------------------------------------------------------------------------------------


def csl_data_schema() -> dict[str, Any]:
    """The CSL-JSON schema, built from the definitions citeproc-py ships.

    citeproc-py carries the CSL schema's item types and variables (`csl-types.rnc`, `csl-variables.rnc`) but not
    its JSON schema for input data (`schemas/input/csl-data.json`). This is that schema's structure, every name
    from the shipped files: an array of objects with a known `type` and an `id`, no other keys than the variables;
    name variables as lists of names, date variables as date-parts, number variables as strings or numbers, the rest
    as strings.
    """
    folder = Path(citeproc.SCHEMA_PATH).parent
    types = re.findall(r'"([^"]+)"', (folder / "csl-types.rnc").read_text().split("item-types =", 1)[1])
    groups = dict(
        re.findall(
            r"variables\.(\w+) =\s*((?:\|?\s*(?:#[^\n]*\n\s*)?\"[^\"]+\"\s*)+)",
            (folder / "csl-variables.rnc").read_text(),
        )
    )
    names = {group: re.findall(r'"([^"]+)"', text) for group, text in groups.items()}
    assert {"dates", "names", "numbers", "titles", "strings"} <= names.keys()
    assert "article-journal" in types
    assert "PMID" in names["strings"]
    text = {"type": "string"}
    name = {
        "type": "object",
        "properties": dict.fromkeys(("family", "given", "literal", "suffix", "dropping-particle"), text),
        "additionalProperties": False,
        "minProperties": 1,
    }
    part = {"type": ["string", "integer"]}
    date = {
        "type": "object",
        "properties": {
            "date-parts": {
                "type": "array",
                "items": {"type": "array", "items": part, "minItems": 1, "maxItems": 3},
                "minItems": 1,
                "maxItems": 2,
            },
            "literal": text,
        },
        "additionalProperties": False,
    }
    properties: dict[str, Any] = {"id": {"type": ["string", "number"]}, "type": {"enum": types}}
    properties |= {variable: {"type": "array", "items": name} for variable in names["names"]}
    properties |= dict.fromkeys(names["dates"], date)
    properties |= {variable: {"type": ["string", "number"]} for variable in names["numbers"]}
    properties |= dict.fromkeys(names["titles"] + names["strings"], text)
    return {
        "$schema": "http://json-schema.org/draft-07/schema#",
        "type": "array",
        "items": {
            "type": "object",
            "properties": properties,
            "required": ["type", "id"],
            "additionalProperties": False,
        },
    }


def test_csl_json_is_valid_against_the_csl_data_schema(sources: list[Source]) -> None:
    items = csl_json([*sources, HOSTILE])
    jsonschema.validate(items, csl_data_schema(), cls=jsonschema.Draft7Validator)
    assert json.loads(json.dumps(items)) == items
    assert [item["id"] for item in items] == [*(source.id for source in sources), HOSTILE.id]


def test_the_csl_data_schema_rejects_what_csl_does_not_know() -> None:
    schema = csl_data_schema()
    for wrong in (
        [{"id": "x", "type": "journal-article"}],
        [{"id": "x", "type": "article-journal", "pmid": "1"}],
        [{"id": "x", "type": "article-journal", "author": [{"surname": "X"}]}],
        [{"id": "x", "type": "article-journal", "issued": {"date-parts": [["2024", 1, 2, 3]]}}],
    ):
        with pytest.raises(jsonschema.ValidationError):
            jsonschema.validate(wrong, schema, cls=jsonschema.Draft7Validator)


def test_csl_json_renders_with_citeproc_every_item_with_its_title(sources: list[Source]) -> None:
    items = csl_json([*sources, HOSTILE])
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # citeproc-py warns of a variable it does not know
        style = CitationStylesStyle("harvard-cite-them-right", validate=True)
        bibliography = CitationStylesBibliography(style, CiteProcJSON(items), formatter.plain)
        for item in items:
            bibliography.register(Citation([CitationItem(item["id"])]))
        rendered = dict(zip(bibliography.keys, map(str, bibliography.bibliography()), strict=True))
    assert set(rendered) == {item["id"] for item in items}
    for item in items:
        assert item.get("title", item.get("container-title")) in rendered[item["id"]]
    assert rendered["rolan2014"] == (
        "Rolan, P. et al. (2014) \N{LEFT DOUBLE QUOTATION MARK}The absolute bioavailability of racemic ketamine from "
        "a novel sublingual formulation\N{RIGHT DOUBLE QUOTATION MARK}, Br J Clin Pharmacol, 77(6), "
        "pp. 1011\N{EN DASH}1016. Available at: https://doi.org/10.1111/bcp.12264."
    )


def test_csl_json_items(sources: list[Source]) -> None:
    items = {item["id"]: item for item in csl_json(sources)}
    assert items["rolan2014"] == {
        "id": "rolan2014",
        "type": "article-journal",
        "title": "The absolute bioavailability of racemic ketamine from a novel sublingual formulation",
        "author": [
            {"family": "Rolan", "given": "P."},
            {"family": "Lim", "given": "S."},
            {"family": "Sunderland", "given": "V."},
            {"family": "Liu", "given": "Y."},
            {"family": "Molnar", "given": "V."},
        ],
        "container-title": "Br J Clin Pharmacol",
        "volume": "77",
        "issue": "6",
        "page": "1011-1016",
        "issued": {"date-parts": [[2014]]},
        "DOI": "10.1111/bcp.12264",
        "PMID": "24977293",
        "PMCID": "PMC4093926",
        "note": "A novel wafer, 8 healthy men.",
    }
    assert items["bell2017"]["number"] == "CD003351"  # an article number, not a page
    assert "page" not in items["bell2017"]
    assert items["hardy2012"]["author"] == [{"family": "Hardy", "given": "J."}]
    assert items["ketalar-label"]["type"] == "report"
    assert items["ketalar-label"]["author"] == [{"literal": "Par Pharmaceutical"}]
    assert items["ketalar-label"]["publisher"] == "Par Pharmaceutical"
    assert items["pierre2023"]["type"] == "webpage"
    assert items["dea1999"]["type"] == "regulation"
    assert items["fda2022"]["type"] == "document"
    assert csl_json([HOSTILE])[0]["accessed"] == {"date-parts": [[2025, 3, 5]]}


# APA ----------------------------------------------------------------------------------------------------------------


def test_apa_for_two_real_sources(sources: list[Source]) -> None:
    assert apa([by_id(sources, "hardy2012"), by_id(sources, "ketalar-label")]) == (
        "Hardy, J., et al. (2012). Randomized, double-blind, placebo-controlled study to assess the efficacy and "
        "toxicity of subcutaneous ketamine in the management of cancer pain. J Clin Oncol, 30(29), "
        "3611\N{EN DASH}3617. https://doi.org/10.1200/JCO.2012.42.1081\n"
        "\n"
        "Par Pharmaceutical. (n.d.). Ketalar (ketamine hydrochloride injection), US prescribing information "
        "(Revised 10/2024).\n"
    )


@pytest.mark.parametrize(
    ("source_id", "expected"),
    [
        (
            "bell2017",
            "Bell, R. F., Eccleston, C., & Kalso, E. A. (2017). Ketamine as an adjuvant to opioids for cancer pain. "
            "Cochrane Database Syst Rev, 6, Article CD003351. https://doi.org/10.1002/14651858.CD003351.pub3",
        ),
        (
            "schwartzman2009",
            "Schwartzman, R. J., Alexander, G. M., Grothusen, J. R., Paylor, T., Reichenberger, E., & Perreault, M. "
            "(2009). Outpatient intravenous ketamine for the treatment of complex regional pain syndrome: a "
            "double-blind placebo controlled study. Pain, 147(1\N{EN DASH}3), 107\N{EN DASH}115. "
            "https://doi.org/10.1016/j.pain.2009.08.015",
        ),
        (
            "pharmacotherapy2022",  # no author: the title leads
            "Pharmacokinetics of intranasal versus intravenous ketamine. (2022). Pharmacotherapy, 42(4), "
            "298\N{EN DASH}310. https://doi.org/10.1002/phar.2669",
        ),
        (
            "jantzen1985",
            "Jantzen, J. P., Erdmann, K., Hilley, D., & Klein, A. M. (1985). Anaesthesist, 34(7), 346\N{EN DASH}351.",
        ),
        ("pierre2023", "Pierre, H. (2023). Ketamine for Chronic Pain Management."),
    ],
)
def test_apa_references(sources: list[Source], source_id: str, expected: str) -> None:
    assert apa([by_id(sources, source_id)]) == expected + "\n"


def test_apa_dates_a_web_source_with_when_it_was_read() -> None:
    web = Source(
        id="web",
        kind="reference",
        title="Ketamine",
        authors="Doe J",
        url="https://example.org/ketamine",
        accessed=datetime.date(2025, 3, 5),
    )
    assert apa([web]) == "Doe, J. (n.d.). Ketamine. Retrieved March 5, 2025, from https://example.org/ketamine\n"
    undated = web.model_copy(update={"accessed": None})
    assert apa([undated]) == "Doe, J. (n.d.). Ketamine. https://example.org/ketamine\n"


def test_apa_lists_up_to_twenty_authors_then_the_first_nineteen_and_the_last() -> None:
    def names(count: int) -> str:
        return ", ".join(f"Author{n} A" for n in range(1, count + 1))

    twenty = Source(id="twenty", kind="trial", title="T", authors=names(20), year=2020)
    assert apa([twenty]).startswith("Author1, A., Author2, A., ")
    assert ", & Author20, A. (2020)." in apa([twenty])
    many = twenty.model_copy(update={"authors": names(25)})
    assert ", Author19, A., . . . Author25, A. (2020)." in apa([many])
    assert "Author20," not in apa([many])
    two = twenty.model_copy(update={"authors": "Smith J, Jones KL"})
    assert apa([two]) == "Smith, J., & Jones, K. L. (2020). T.\n"


# All formats --------------------------------------------------------------------------------------------------------


def test_records_from_the_cache_cite_like_the_models(sources: list[Source]) -> None:
    """A record read back from the cache holds `accessed` as a string: the citations are the same."""
    models = [*sources, HOSTILE]
    records: list[Any] = [Record(source.model_dump(mode="json")) for source in models]
    assert isinstance(records[-1].accessed, str)
    for write in (bibtex, ris, csl_json, apa):
        assert write(records) == write(models)


def test_nothing_to_cite_is_empty_output() -> None:
    assert (bibtex([]), ris([]), csl_json([]), apa([])) == ("", "", [], "")


def test_every_output_is_deterministic_and_one_line_a_value(sources: list[Source]) -> None:
    for write in (bibtex, ris, apa):
        text = write(sources)
        assert text == write(list(sources))
        assert text.endswith("\n")
        assert not text.endswith("\n\n")
    assert len(apa(sources).split("\n\n")) == len(sources)
    assert all("\n" not in line for line in apa(sources).strip().split("\n\n"))


def test_the_module_imports_the_standard_library_only() -> None:
    """Outside its own package, whose models it names for the type checker only."""
    imported: set[str] = set()
    for node in ast.walk(ast.parse(Path(citations.__file__).read_text())):
        if isinstance(node, ast.Import):
            imported |= {alias.name.split(".")[0] for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and not node.level and node.module:
            imported.add(node.module.split(".")[0])
    assert imported <= sys.stdlib_module_names | {"__future__"}
    loaded = subprocess.run(
        [sys.executable, "-c", "import sys, ketamine_cli.citations; print(*sorted(sys.modules))"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.split()
    assert "ketamine_cli.citations" in loaded
    assert not [name for name in loaded if name.startswith(("pydantic", "ketamine_cli.models"))]


# Through the command line.


def test_sources_in_each_citation_format_read_back(run: Callable[..., Any], data: DataSet) -> None:
    bib = run("sources", "-f", "bibtex")
    assert (bib.exit_code, bib.stderr) == (0, DISCLAIMER + "\n")
    assert list(pybtex.database.parse_string(bib.stdout, "bibtex").entries) == [source.id for source in data.sources]
    records = rispy.loads(run("sources", "--format", "ris").stdout)
    assert [record["id"] for record in records] == [source.id for source in data.sources]
    items = json.loads(run("sources", "-f", "csl-json").stdout)
    assert [item["id"] for item in items] == [source.id for source in data.sources]


def test_cite_names_its_sources_in_the_order_given_each_once(run: Callable[..., Any]) -> None:
    result = run("cite", "sig", "hardy2012", "sigtermans2009")
    assert result.exit_code == 0
    references = result.stdout.strip().split("\n\n")
    assert [reference.split(",")[0] for reference in references] == ["Sigtermans", "Hardy"]
    assert result.stderr == DISCLAIMER + "\n"


def test_cite_an_unknown_source_is_a_usage_error(run: Callable[..., Any]) -> None:
    result = run("cite", "smith2020")
    assert result.exit_code == 2
    assert result.stderr.startswith("ketamine: unknown source 'smith2020'.")

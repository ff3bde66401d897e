"""What each command shows, built once and handed to any renderer: one module per collection, sharing `base`.

A view holds three shapes of the same result: the JSON payload (as the models dump it), a sheet of human text for
the terminal table and Markdown, and a sheet of flat records for CSV, where lists become lines of one cell and
numbers get columns of their own.
"""

from .base import (
    NOT_STATED,
    Sheet,
    View,
    citation,
    data_summary,
    format_minutes,
    format_percent,
    meta_of,
    reviewed_line,
)
from .cautions import caution_list
from .conditions import condition_detail, condition_list
from .glossary import glossary_entry, glossary_list
from .overview import overview_list
from .routes import route_comparison, route_detail, route_list
from .search import search_results
from .selection import select_fields
from .side_effects import side_effect_list
from .sources import source_detail, source_list

__all__ = [
    "NOT_STATED",
    "Sheet",
    "View",
    "caution_list",
    "citation",
    "condition_detail",
    "condition_list",
    "data_summary",
    "format_minutes",
    "format_percent",
    "glossary_entry",
    "glossary_list",
    "meta_of",
    "overview_list",
    "reviewed_line",
    "route_comparison",
    "route_detail",
    "route_list",
    "search_results",
    "select_fields",
    "side_effect_list",
    "source_detail",
    "source_list",
]

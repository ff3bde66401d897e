"""The large data file the benchmark builds: as many routes as asked, each renamed, passing the models."""

from __future__ import annotations

import sys
import tomllib
from pathlib import Path

from ketamine_cli.models import DataSet

sys.path.insert(0, str(Path(__file__).parents[1] / "benchmarks"))
import bigdata  # a script's module, found beside the benchmark that imports it


def test_the_large_file_holds_the_routes_asked_for_renamed_and_passes_the_models() -> None:
    shipped = tomllib.loads(bigdata.SHIPPED.read_text(encoding="utf-8"))
    document = tomllib.loads(bigdata.build(20, bigdata.SHIPPED.read_text(encoding="utf-8")))
    routes = document.pop("routes")
    assert len(routes) == 20
    assert routes[:8] == shipped.pop("routes")
    assert [route["id"] for route in routes[8:11]] == ["iv-1", "im-1", "intranasal-1"]
    assert (routes[18]["name"], routes[18]["aliases"]) == ("Intranasal 2", ["in 2", "nasal 2", "nasal spray 2"])
    assert {key: value for key, value in routes[10].items() if key not in {"id", "name", "aliases"}} == {
        key: value for key, value in routes[2].items() if key not in {"id", "name", "aliases"}
    }
    assert document == shipped
    assert len(DataSet.model_validate({**document, "routes": routes}).routes) == 20

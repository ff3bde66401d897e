from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from helpers import models_of
from typer.testing import CliRunner

from ketamine_cli.cli import app
from ketamine_cli.data import embedded_data_path

if TYPE_CHECKING:
    from collections.abc import Callable, Iterator

    from typer.testing import Result

    from ketamine_cli.models import DataSet


@pytest.fixture(autouse=True, scope="session")
def _own_cache(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    """The tests keep their cache of validated data to themselves, and subprocesses inherit the setting."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("XDG_CACHE_HOME", str(tmp_path_factory.mktemp("cache")))
        yield


@pytest.fixture(scope="session")
def data() -> DataSet:
    """The embedded data as the models build it, not as the commands read it: the tests' account of what the file
    holds, against which the commands' output is checked."""
    return models_of(embedded_data_path())


@pytest.fixture
def run(monkeypatch: pytest.MonkeyPatch) -> Callable[..., Result]:
    """Run the command in-process, as a pipe would see it: no colour, 80 columns."""
    monkeypatch.setenv("NO_COLOR", "1")
    monkeypatch.setenv("COLUMNS", "80")
    monkeypatch.delenv("FORCE_COLOR", raising=False)
    runner = CliRunner()

    def invoke(*args: str) -> Result:
        return runner.invoke(app, list(args))

    return invoke


MINIMAL = Path(__file__).parent / "data" / "minimal.toml"


@pytest.fixture
def big_data_file(tmp_path: Path) -> Callable[[int], Path]:
    """Make a valid data file with this many routes, copied from the minimal one."""

    def make(count: int) -> Path:
        route, sources = MINIMAL.read_text().split("[[sources]]")
        copies = (
            route.replace('"oral"', f'"r{n}"').replace('"Oral"', f'"Route {n}"').replace('["po"]', "[]")
            for n in range(count)
        )
        path = tmp_path / f"routes-{count}.toml"
        path.write_text("".join(copies) + "[[sources]]" + sources)
        return path

    return make

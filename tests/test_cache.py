"""The cache of validated data: used when it can be, never stale, and never in the way when it cannot be."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from ketamine_cli import cache, data, views
from ketamine_cli.data import load_dataset
from ketamine_cli.fields import SIDE_EFFECT_FIELDS, SOURCE_FIELDS
from ketamine_cli.models import DataSet, SideEffect, Source
from ketamine_cli.records import Record

MINIMAL = Path(__file__).parent / "data" / "minimal.toml"


@pytest.fixture
def cache_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    home = tmp_path / "cache-home"
    monkeypatch.setenv("XDG_CACHE_HOME", str(home))
    return home


@pytest.fixture
def routes_file(tmp_path: Path) -> Path:
    path = tmp_path / "routes.toml"
    path.write_text(MINIMAL.read_text())
    return path


@pytest.fixture
def validations(monkeypatch: pytest.MonkeyPatch) -> list[Path]:
    """Every time the models run on a file, its path is recorded here."""
    calls: list[Path] = []
    real = data._validate

    def counting(path: Path, document: dict[str, object]) -> DataSet:
        calls.append(path)
        return real(path, document)

    monkeypatch.setattr(data, "_validate", counting)
    return calls


def entries(cache_home: Path) -> list[Path]:
    return sorted((cache_home / "ketamine").glob("*.cache"))


def test_the_second_load_is_served_from_the_cache(cache_home: Path, routes_file: Path, validations: list[Path]) -> None:
    first = load_dataset(routes_file)
    second = load_dataset(routes_file)
    assert validations == [routes_file]
    assert isinstance(first, DataSet)
    assert isinstance(second, Record)
    assert second.model_dump() == first.model_dump(mode="json")
    assert len(entries(cache_home)) == 1


def test_an_edited_file_is_validated_again_not_served_stale(
    cache_home: Path, routes_file: Path, validations: list[Path]
) -> None:
    load_dataset(routes_file)
    routes_file.write_text(MINIMAL.read_text().replace("max_minutes = 45", "max_minutes = 50"))
    assert load_dataset(routes_file).routes[0].onset.max_minutes == 50
    assert len(validations) == 2
    assert len(entries(cache_home)) == 1  # the file's entry was replaced, not joined by a second one


def test_an_edit_that_breaks_the_file_is_reported_not_hidden_by_the_cache(cache_home: Path, routes_file: Path) -> None:
    load_dataset(routes_file)
    routes_file.write_text(MINIMAL.read_text().replace("max_minutes = 45", "max_minutes = 20"))
    with pytest.raises(data.DataFileError, match="min_minutes must be <= max_minutes"):
        load_dataset(routes_file)


def test_changed_models_are_never_served_an_old_entry(
    cache_home: Path, routes_file: Path, validations: list[Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    load_dataset(routes_file)
    monkeypatch.setattr(cache, "code_fingerprint", lambda: b"models as edited since")
    load_dataset(routes_file)
    assert len(validations) == 2


def test_the_fingerprint_covers_the_models_the_loader_and_pydantic() -> None:
    fingerprint = cache.code_fingerprint()
    here = Path(cache.__file__).parent
    assert (here / "models.py").read_bytes() in fingerprint
    assert (here / "data.py").read_bytes() in fingerprint
    import pydantic.version

    assert Path(pydantic.version.__file__).read_bytes() in fingerprint


def test_a_missing_cache_folder_is_made(cache_home: Path, routes_file: Path) -> None:
    assert not cache_home.exists()
    load_dataset(routes_file)
    assert len(entries(cache_home)) == 1


@pytest.mark.parametrize(
    "damage",
    [b"", b"not a header\n", b'{"key_length": 3}\nabc{"routes": ', b'{"key_length": 1}\n\x00\xff\xfe'],
    ids=["empty", "no header", "cut short", "garbage"],
)
def test_a_corrupt_entry_is_a_miss_and_is_replaced(
    cache_home: Path, routes_file: Path, validations: list[Path], damage: bytes
) -> None:
    load_dataset(routes_file)
    (entry,) = entries(cache_home)
    entry.write_bytes(damage)
    assert load_dataset(routes_file).routes[0].id == "oral"
    assert len(validations) == 2
    assert load_dataset(routes_file).routes[0].id == "oral"
    assert len(validations) == 2  # the damaged entry was written anew


def test_an_unreadable_entry_is_a_miss(cache_home: Path, routes_file: Path, validations: list[Path]) -> None:
    load_dataset(routes_file)
    (entry,) = entries(cache_home)
    entry.unlink()
    entry.mkdir()  # reading it fails whoever runs the tests, root included
    assert load_dataset(routes_file).routes[0].id == "oral"
    assert len(validations) == 2


def test_an_unwritable_cache_is_silently_skipped(
    tmp_path: Path, routes_file: Path, validations: list[Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("the cache folder cannot be made under a file")
    monkeypatch.setenv("XDG_CACHE_HOME", str(blocker))
    assert load_dataset(routes_file).routes[0].id == "oral"
    assert load_dataset(routes_file).routes[0].id == "oral"
    assert len(validations) == 2
    assert blocker.read_text() == "the cache folder cannot be made under a file"


def test_a_relative_cache_home_is_ignored(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", "relative/cache")
    monkeypatch.setenv("HOME", str(tmp_path))
    assert cache.cache_dir() == tmp_path / ".cache" / "ketamine"


def test_processes_racing_on_a_cold_cache_all_succeed(cache_home: Path, routes_file: Path) -> None:
    command = [sys.executable, "-m", "ketamine_cli", "--data", str(routes_file), "routes", "list", "--json"]
    env = {**os.environ, "XDG_CACHE_HOME": str(cache_home)}

    def run(_: int) -> subprocess.CompletedProcess[str]:
        return subprocess.run(command, env=env, capture_output=True, text=True, check=False)

    with ThreadPoolExecutor(max_workers=6) as pool:
        results = list(pool.map(run, range(6)))
    assert {result.returncode for result in results} == {0}
    assert len({result.stdout for result in results}) == 1
    assert [route["id"] for route in json.loads(results[0].stdout)["routes"]] == ["oral"]
    assert len(entries(cache_home)) == 1  # one whole entry, and no leftover drafts
    assert list((cache_home / "ketamine").glob(".tmp-*")) == []
    assert cache.read(routes_file, routes_file.read_bytes()) == load_dataset(routes_file, use_cache=False).model_dump(
        mode="json"
    )


def test_a_cached_command_does_not_import_pydantic(cache_home: Path) -> None:
    program = (
        "import sys\n"
        "from ketamine_cli.cli import app\n"
        "try:\n"
        "    app(['routes', 'compare', '--json'])\n"
        "except SystemExit:\n"
        "    pass\n"
        "print('pydantic' in sys.modules, 'rich' in sys.modules, file=sys.stderr)\n"
    )
    env = {**os.environ, "XDG_CACHE_HOME": str(cache_home)}
    runs = [
        subprocess.run([sys.executable, "-c", program], env=env, capture_output=True, text=True, check=True)
        for _ in range(2)
    ]
    assert [run.stderr.split() for run in runs] == [["True", "False"], ["False", "False"]]
    assert runs[0].stdout == runs[1].stdout


def test_help_and_version_load_neither_pydantic_nor_the_data_layers() -> None:
    program = (
        "import sys\n"
        "from ketamine_cli.cli import app\n"
        "for args in (['--version'], ['routes', '--help']):\n"
        "    try:\n"
        "        app(args)\n"
        "    except SystemExit:\n"
        "        pass\n"
        "print('pydantic' in sys.modules, 'ketamine_cli.views' in sys.modules, file=sys.stderr)\n"
    )
    run = subprocess.run([sys.executable, "-c", program], capture_output=True, text=True, check=True)
    assert run.stderr.split() == ["False", "False"]


def test_views_read_records_exactly_as_they_read_the_models(cache_home: Path) -> None:
    models = load_dataset(use_cache=False)
    load_dataset()
    records = load_dataset()
    assert isinstance(records, Record)
    route, condition = models.routes[0], models.conditions[0]
    record_route, record_condition = records.routes[0], records.conditions[0]
    for build in (
        lambda d: views.route_comparison(d.routes),
        lambda d: views.route_list(d.routes),
        lambda d: views.condition_list(d.conditions),
        lambda d: views.side_effect_list(d.side_effects),
        lambda d: views.source_list(d.sources),
    ):
        assert build(records) == build(models)
    assert views.route_detail(records, record_route) == views.route_detail(models, route)
    assert views.condition_detail(records, record_condition) == views.condition_detail(models, condition)


def test_records_are_read_only(cache_home: Path) -> None:
    load_dataset()
    record = load_dataset()
    with pytest.raises(AttributeError, match="read-only"):
        record.routes = []  # type: ignore[misc]
    with pytest.raises(AttributeError):
        _ = record.no_such_field


def test_field_names_outside_the_models_match_the_models() -> None:
    assert tuple(SideEffect.model_fields) == SIDE_EFFECT_FIELDS
    assert tuple(Source.model_fields) == SOURCE_FIELDS

"""The cache of validated data: used when it can be, never stale, and never in the way when it cannot be."""

from __future__ import annotations

import ast
import json
import os
import re
import stat
import subprocess
import sys
import time
import zlib
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from helpers import models_of
from typer.testing import Result

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
    # A miss serves the validated document as a hit does, so that both give the same output by construction.
    assert isinstance(first, Record)
    assert isinstance(second, Record)
    assert first.model_dump() == second.model_dump() == models_of(routes_file).model_dump(mode="json")
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


def test_the_fingerprint_covers_the_models_the_loader_pydantic_tomli_and_python() -> None:
    fingerprint = cache.code_fingerprint()
    here = Path(cache.__file__).parent
    for name in ("models.py", "fields.py", "choices.py", "data.py"):
        assert (here / name).read_bytes() in fingerprint
    assert sys.version.encode() in fingerprint
    import pydantic.version
    import tomli

    assert Path(pydantic.version.__file__).read_bytes() in fingerprint
    assert (Path(tomli.__file__).parent / "__init__.py").read_bytes() in fingerprint


def test_the_fingerprint_covers_every_module_the_models_import() -> None:
    models = Path(cache.__file__).parent / "models.py"
    imported = {
        f"{node.module}.py"
        for node in ast.walk(ast.parse(models.read_text()))
        if isinstance(node, ast.ImportFrom) and node.level == 1
    }
    assert {"choices.py", "fields.py"} <= imported <= set(cache._SOURCES)


@pytest.fixture
def fresh_fingerprint() -> Iterator[None]:
    """The fingerprint is worked out once a run; a test that changes what it reads starts and ends afresh."""
    cache.code_fingerprint.cache_clear()
    yield
    cache.code_fingerprint.cache_clear()


@pytest.mark.parametrize("change", ["fields.py", "choices.py", "models.py", "data.py", "python"])
@pytest.mark.usefixtures("fresh_fingerprint")
def test_the_fingerprint_changes_with_the_code_and_the_python_version(
    change: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    here = Path(cache.__file__).parent
    copy = tmp_path / "package"
    copy.mkdir()
    for name in ("models.py", "fields.py", "choices.py", "data.py"):
        (copy / name).write_bytes((here / name).read_bytes())
    monkeypatch.setattr(cache, "_HERE", copy)
    before = cache.code_fingerprint()
    cache.code_fingerprint.cache_clear()
    assert cache.code_fingerprint() == before  # the same code gives the same fingerprint
    if change == "python":
        monkeypatch.setattr(sys, "version", "3.99.0 (an upgrade)")
    else:
        (copy / change).write_bytes((copy / change).read_bytes() + b"# edited\n")
    assert cache.code_fingerprint() == before  # remembered for the rest of the run
    cache.code_fingerprint.cache_clear()
    assert cache.code_fingerprint() != before


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


def edit_entry(entry: Path, old: bytes, new: bytes, *, signed: bool) -> None:
    """Replace bytes in an entry's document, leaving its header's length and checksum as they were or making them
    match the edited document."""
    header, rest = entry.read_bytes().split(b"\n", 1)
    fields = json.loads(header)
    key, body = rest[: fields["key_length"]], rest[fields["key_length"] :]
    assert body.count(old) == 1
    body = body.replace(old, new)
    if signed:
        fields |= {"body_length": len(body), "body_crc32": zlib.crc32(body)}
        header = json.dumps(fields, separators=(",", ":")).encode()
    entry.write_bytes(header + b"\n" + key + body)


def assert_validated_again_and_rewritten(routes_file: Path, validations: list[Path]) -> None:
    """The damaged entry was a miss: the file was validated again, served right, and its entry written anew."""
    validated = load_dataset(routes_file)
    assert validated.routes[0].id == "oral"
    assert validated.routes[0].onset is not None
    assert validated.routes[0].onset.max_minutes == 45
    assert validations == [routes_file, routes_file]
    served = load_dataset(routes_file)
    assert validations == [routes_file, routes_file]
    assert served.model_dump() == validated.model_dump() == models_of(routes_file).model_dump(mode="json")


@pytest.mark.parametrize("signed", [False, True], ids=["checksum as it was", "checksum made to match"])
def test_an_entry_whose_routes_were_renamed_is_a_miss(
    cache_home: Path, routes_file: Path, validations: list[Path], signed: bool
) -> None:
    load_dataset(routes_file)
    (entry,) = entries(cache_home)
    edit_entry(entry, b'"routes":[', b'"ROUTES":[', signed=signed)
    assert cache.read(routes_file, routes_file.read_bytes()) is None
    assert_validated_again_and_rewritten(routes_file, validations)


def test_a_figure_changed_inside_an_entry_is_a_miss(
    cache_home: Path, routes_file: Path, validations: list[Path]
) -> None:
    load_dataset(routes_file)
    (entry,) = entries(cache_home)
    edit_entry(entry, b'"max_minutes":45', b'"max_minutes":50', signed=False)
    assert cache.read(routes_file, routes_file.read_bytes()) is None
    assert_validated_again_and_rewritten(routes_file, validations)


@pytest.mark.parametrize("signed", [False, True], ids=["checksum as it was", "checksum made to match"])
def test_an_entry_nested_too_deeply_to_read_is_a_miss(
    cache_home: Path, routes_file: Path, validations: list[Path], signed: bool
) -> None:
    load_dataset(routes_file)
    (entry,) = entries(cache_home)
    edit_entry(entry, b'"routes":[', b'"routes":' + b"[" * 100_000, signed=signed)
    assert cache.read(routes_file, routes_file.read_bytes()) is None
    assert_validated_again_and_rewritten(routes_file, validations)


@pytest.mark.parametrize(
    "document",
    [b"[]", b'"routes"', b"{}", b'{"routes":{}}', b'{"routes":null}', b"{", b"\xff"],
    ids=["a list", "a string", "no routes", "routes not a list", "routes null", "cut short", "not UTF-8"],
)
def test_a_checksummed_document_of_the_wrong_shape_is_a_miss(
    cache_home: Path, routes_file: Path, validations: list[Path], document: bytes
) -> None:
    load_dataset(routes_file)
    (entry,) = entries(cache_home)
    header, rest = entry.read_bytes().split(b"\n", 1)
    body = rest[json.loads(header)["key_length"] :]
    edit_entry(entry, body, document, signed=True)
    assert cache.read(routes_file, routes_file.read_bytes()) is None
    assert_validated_again_and_rewritten(routes_file, validations)


def test_a_damaged_header_is_a_miss(cache_home: Path, routes_file: Path, validations: list[Path]) -> None:
    load_dataset(routes_file)
    (entry,) = entries(cache_home)
    header, rest = entry.read_bytes().split(b"\n", 1)
    assert header.startswith(b'{"format":3,"key_length":')
    entry.write_bytes(b"[" * 100_000 + b"\n" + rest)
    assert_validated_again_and_rewritten(routes_file, validations)


def test_an_entry_holds_the_document_and_a_digest_not_the_file(cache_home: Path, routes_file: Path) -> None:
    content = routes_file.read_bytes()
    document = load_dataset(routes_file).model_dump(mode="json")
    (entry,) = entries(cache_home)
    header, rest = entry.read_bytes().split(b"\n", 1)
    key_length = json.loads(header)["key_length"]
    key, body = rest[:key_length], rest[key_length:]
    path, digest = key.split(b"\0")
    assert path == os.fsencode(routes_file.resolve())
    assert re.fullmatch(rb"[0-9a-f]{64}", digest)
    assert json.loads(body) == document
    assert content not in rest
    assert entry.stat().st_size == len(header) + 1 + len(key) + len(body)


def test_an_entry_is_private_to_the_user(cache_home: Path, routes_file: Path) -> None:
    load_dataset(routes_file)
    (entry,) = entries(cache_home)
    assert stat.S_IMODE(entry.stat().st_mode) == 0o600
    assert entry.stat().st_uid == os.getuid()


@pytest.mark.parametrize("mode", [0o666, 0o620, 0o602], ids=["by all", "by the group", "by others"])
def test_an_entry_others_may_write_is_ignored(
    cache_home: Path, routes_file: Path, validations: list[Path], mode: int
) -> None:
    load_dataset(routes_file)
    (entry,) = entries(cache_home)
    entry.chmod(mode)
    assert cache.read(routes_file, routes_file.read_bytes()) is None
    assert_validated_again_and_rewritten(routes_file, validations)
    assert stat.S_IMODE(entry.stat().st_mode) == 0o600


def test_files_of_another_user_are_ignored_and_left_alone(
    cache_home: Path, routes_file: Path, tmp_path: Path, validations: list[Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    load_dataset(routes_file)
    (entry,) = entries(cache_home)
    folder = cache_home / "ketamine"
    (folder / "0badf00d.cache").write_bytes(b'{"format":2}\n/no/such/data/file\0')  # its data file is gone
    (folder / ".tmp-old").write_bytes(b"a draft")
    old = time.time() - 2 * cache.STALE_DRAFT_SECONDS
    for path in folder.iterdir():
        os.utime(path, (old, old))
    before = {path.name: (path.read_bytes(), path.stat().st_mtime_ns) for path in folder.iterdir()}
    other_file = tmp_path / "other.toml"
    other_file.write_text(MINIMAL.read_text())
    someone_else = entry.stat().st_uid + 1
    with monkeypatch.context() as patch:
        patch.setattr(os, "getuid", lambda: someone_else)
        assert load_dataset(routes_file).routes[0].id == "oral"  # a miss, and the entry is not replaced
        assert load_dataset(other_file).routes[0].id == "oral"  # a write, whose cleaning leaves them alone
        assert load_dataset(routes_file).routes[0].id == "oral"
        assert validations == [routes_file, routes_file, other_file, routes_file]
    after = {path.name: (path.read_bytes(), path.stat().st_mtime_ns) for path in folder.iterdir()}
    assert after == {**before, entry_name(other_file): after[entry_name(other_file)]}
    assert isinstance(load_dataset(routes_file), Record)  # the user's own again: a hit
    assert len(validations) == 4


def drafts(cache_home: Path) -> list[str]:
    return sorted(path.name for path in (cache_home / "ketamine").glob(".tmp-*"))


class InterruptedFile:
    """A file whose writing is cut short by Ctrl-C, after part of the entry is on disk."""

    def __init__(self, descriptor: int, mode: str) -> None:
        self.file = open(descriptor, mode)  # noqa: SIM115 - closed on leaving the with block, as os.fdopen's is

    def __enter__(self) -> InterruptedFile:
        return self

    def __exit__(self, *_: object) -> None:
        self.file.close()

    def write(self, data: bytes) -> None:
        self.file.write(data[:10])
        self.file.flush()
        raise KeyboardInterrupt


def interrupted_replace(*_: object) -> None:
    raise KeyboardInterrupt


@pytest.mark.parametrize(
    ("name", "replacement"),
    [("fdopen", InterruptedFile), ("replace", interrupted_replace)],
    ids=["while writing", "while renaming"],
)
def test_an_interrupted_write_leaves_no_draft(
    cache_home: Path,
    routes_file: Path,
    validations: list[Path],
    monkeypatch: pytest.MonkeyPatch,
    name: str,
    replacement: object,
) -> None:
    (cache_home / "ketamine").mkdir(parents=True)
    with monkeypatch.context() as patch:
        patch.setattr(os, name, replacement)
        with pytest.raises(KeyboardInterrupt):
            load_dataset(routes_file)
    assert list((cache_home / "ketamine").iterdir()) == []
    assert load_dataset(routes_file).routes[0].id == "oral"
    assert len(entries(cache_home)) == 1
    assert drafts(cache_home) == []


def test_old_drafts_are_removed_on_a_write_and_new_ones_kept(cache_home: Path, routes_file: Path) -> None:
    folder = cache_home / "ketamine"
    folder.mkdir(parents=True)
    now = time.time()
    ages = {".tmp-old": 2 * 60 * 60, ".tmp-just-over": 60 * 60 + 60, ".tmp-recent": 60 * 60 - 60, ".tmp-new": 0}
    for name, age in ages.items():
        (folder / name).write_bytes(b"a draft")
        os.utime(folder / name, (now - age, now - age))
    load_dataset(routes_file)  # a hit does no cleaning: this miss does
    assert drafts(cache_home) == [".tmp-new", ".tmp-recent"]


def test_a_hit_does_no_cleaning(cache_home: Path, routes_file: Path, validations: list[Path]) -> None:
    load_dataset(routes_file)
    old = time.time() - 2 * cache.STALE_DRAFT_SECONDS
    (cache_home / "ketamine" / ".tmp-old").write_bytes(b"a draft")
    os.utime(cache_home / "ketamine" / ".tmp-old", (old, old))
    assert isinstance(load_dataset(routes_file), Record)
    assert drafts(cache_home) == [".tmp-old"]


def entry_name(data_path: Path) -> str:
    return f"{zlib.crc32(os.fsencode(data_path)):08x}.cache"


def data_files(tmp_path: Path, count: int) -> list[Path]:
    folder = tmp_path / "data-files"
    folder.mkdir()
    paths = [folder / f"routes-{number}.toml" for number in range(count)]
    for path in paths:
        path.write_text(MINIMAL.read_text())
    return paths


def test_entries_whose_data_file_is_gone_are_removed_on_a_write(cache_home: Path, tmp_path: Path) -> None:
    gone, kept, new = data_files(tmp_path, 3)
    load_dataset(gone)
    load_dataset(kept)
    folder = cache_home / "ketamine"
    (folder / "0badf00d.cache").write_bytes(b"no data file named")
    (folder / "notes.txt").write_text("not the cache's to remove")
    gone.unlink()
    assert sorted(path.name for path in folder.iterdir()) == sorted(
        [entry_name(gone), entry_name(kept), "0badf00d.cache", "notes.txt"]
    )
    load_dataset(new)
    assert sorted(path.name for path in folder.iterdir()) == sorted([entry_name(kept), entry_name(new), "notes.txt"])


def test_at_most_32_entries_are_kept_the_least_recently_used_removed_first(
    cache_home: Path, tmp_path: Path, validations: list[Path]
) -> None:
    assert (cache.MAX_ENTRIES, cache.MAX_BYTES) == (32, 64 * 1024 * 1024)
    assert "At most 32 entries and 64 MiB" in (cache.__doc__ or "")
    *paths, last = data_files(tmp_path, 33)
    start = time.time() - 1000
    for number, path in enumerate(paths):
        load_dataset(path)
        os.utime(cache_home / "ketamine" / entry_name(path), (start + number, start + number))
    assert len(entries(cache_home)) == 32
    assert isinstance(load_dataset(paths[0]), Record)  # the oldest entry, used again, is now the most recent
    load_dataset(last)
    assert [path.name for path in entries(cache_home)] == sorted(
        entry_name(path) for path in [*paths, last] if path != paths[1]
    )
    assert len(validations) == 33


def test_the_folder_is_kept_within_its_size(
    cache_home: Path, tmp_path: Path, validations: list[Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    first, second, third = data_files(tmp_path, 3)
    load_dataset(first)
    (entry,) = entries(cache_home)
    monkeypatch.setattr(cache, "MAX_BYTES", entry.stat().st_size * 2 + 10)  # three entries of one size: room for two
    start = time.time() - 1000
    os.utime(entry, (start, start))
    load_dataset(second)
    load_dataset(third)
    assert [path.name for path in entries(cache_home)] == sorted([entry_name(second), entry_name(third)])
    monkeypatch.setattr(cache, "MAX_BYTES", 100)
    load_dataset(first)
    load_dataset(first)  # an entry larger than the whole bound is never written
    assert len(validations) == 5
    assert [path.name for path in entries(cache_home)] == sorted([entry_name(second), entry_name(third)])


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


def test_help_and_version_load_neither_pydantic_nor_the_data_layers_nor_rich() -> None:
    program = (
        "import sys\n"
        "from ketamine_cli.cli import app\n"
        "for args in (['--version'], ['routes', '--help'], ['routes', 'compare', '--help']):\n"
        "    try:\n"
        "        app(args, prog_name='ketamine')\n"
        "    except SystemExit:\n"
        "        pass\n"
        "print(*(name in sys.modules for name in ('pydantic', 'ketamine_cli.views', 'rich')), file=sys.stderr)\n"
    )
    run = subprocess.run([sys.executable, "-c", program], capture_output=True, text=True, check=True)
    assert run.stderr.split() == ["False", "False", "False"]
    assert "Usage: ketamine routes compare [OPTIONS] [ROUTE]..." in run.stdout


def built(view: views.View) -> views.View:
    """A view with its table and CSV rows made, where it holds the functions that make them."""
    return view._replace(sheet=view.table(), records=view.csv_records())


def test_views_read_records_exactly_as_they_read_the_models(cache_home: Path) -> None:
    models = models_of(data.embedded_data_path())
    records = load_dataset()
    assert isinstance(records, Record)
    route, condition = models.routes[0], models.conditions[0]
    record_route, record_condition = records.routes[0], records.conditions[0]
    for build in (
        lambda d: views.route_comparison(d.routes),
        lambda d: views.route_list(d.routes),
        lambda d: views.condition_list(d.conditions, d.routes),
        lambda d: views.side_effect_list(d.side_effects),
        lambda d: views.source_list(d.sources),
    ):
        assert built(build(records)) == built(build(models))
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


@pytest.mark.parametrize(
    "forged",
    [
        lambda deep: {"routes": [{"id": deep}]},
        lambda deep: {"routes": [{"id": "oral", "aliases": deep}]},
        lambda deep: {"routes": [{"id": "oral"}], "sources": [{"id": "article", "note": {"a": deep}}]},
    ],
    ids=["as the id", "in a list", "in an object"],
)
def test_an_entry_nested_deeper_than_the_models_is_a_miss(
    tmp_path: Path, forged: Callable[[list[object]], dict[str, object]]
) -> None:
    data = tmp_path / "routes.toml"
    data.write_text(MINIMAL.read_text())
    content = data.read_bytes()
    deep: list[object] = []
    for _ in range(600):  # read whole, as the views and the JSON output read a field, this would recurse too far
        deep = [deep]
    cache.write(data, content, forged(deep))  # a checksum made to match, as only a forger would
    assert cache.read(data, content) is None
    assert [route.id for route in load_dataset(data).routes] == ["oral"]  # so the file is validated again
    assert cache.read(data, content) is not None  # and its entry written anew


def test_the_depth_limit_is_the_models_and_room_to_grow(data: DataSet) -> None:
    dumped = data.model_dump(mode="json")
    assert cache._depth_at_most(dumped, 6)
    assert not cache._depth_at_most(dumped, 5)
    # Room for the models to grow, and far below the depth at which reading an entry whole would pass Python's limit.
    assert 6 < cache.MAX_DEPTH <= 100
    assert not cache._depth_at_most({"a": [[[]]]}, 3)
    assert cache._depth_at_most({"a": [[[]]]}, 4)


@pytest.mark.parametrize(
    "command",
    [
        ["routes", "compare", "--json"],
        ["routes", "compare"],
        ["routes", "compare", "-f", "csv"],
        ["routes", "show", "iv", "-f", "markdown"],
        ["conditions", "show", "crps"],
        ["cautions", "--route", "oral", "--json"],
        ["search", "bladder"],
        ["sources", "-f", "bibtex"],
        ["report", "--markdown", "-"],
    ],
)
def test_a_first_run_and_a_cached_run_print_the_same(
    run: Callable[..., Result], cache_home: Path, validations: list[Path], command: list[str]
) -> None:
    first, cached = run(*command), run(*command)
    assert len(validations) == 1  # the first validated the file, the second read the cache
    assert (cached.exit_code, cached.stdout, cached.stderr) == (first.exit_code, first.stdout, first.stderr)
    assert first.exit_code == 0
    assert first.stdout

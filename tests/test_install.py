"""The installed command, run as a real process from another folder, and the wheel that carries the data."""

from __future__ import annotations

import json
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from helpers import installed_command, process, quiet_env

from ketamine_cli.models import DataSet

ROOT = Path(__file__).parents[1]


def test_installed_command_compares_routes_from_any_folder(tmp_path: Path) -> None:
    result = process([installed_command(), "routes", "compare", "--json"], tmp_path)
    assert result.returncode == 0, result.stderr
    document = json.loads(result.stdout)
    assert [r["id"] for r in document["routes"]][:3] == ["iv", "im", "intranasal"]
    assert result.stderr == ""


def test_installed_command_reports_an_unknown_route_without_a_traceback(tmp_path: Path) -> None:
    result = process([installed_command(), "routes", "show", "no-such-route"], tmp_path)
    assert result.returncode == 2
    assert result.stdout == ""
    assert result.stderr.startswith("ketamine: unknown route 'no-such-route'.")
    assert "Traceback" not in result.stderr


@pytest.mark.parametrize("args", [["--version"], ["routes", "compare", "--json"], ["routes", "show", "nope"]])
def test_python_dash_m_is_the_same_command(tmp_path: Path, args: list[str]) -> None:
    module = process([sys.executable, "-m", "ketamine_cli", *args], tmp_path)
    script = process([installed_command(), *args], tmp_path)
    assert (module.returncode, module.stdout, module.stderr) == (script.returncode, script.stdout, script.stderr)
    assert module.stdout or module.stderr


def test_wheel_carries_the_data_and_works_installed_elsewhere(tmp_path: Path) -> None:
    dist = tmp_path / "dist"
    pip = [sys.executable, "-m", "pip", "--disable-pip-version-check", "-q"]
    subprocess.run([*pip, "wheel", "--no-deps", "--no-build-isolation", "-w", str(dist), str(ROOT)], check=True)
    wheel = next(dist.glob("ketamine_cli-*.whl"))
    assert "ketamine_cli/data/routes.toml" in zipfile.ZipFile(wheel).namelist()

    site = tmp_path / "site"
    subprocess.run([*pip, "install", "--no-deps", "--target", str(site), str(wheel)], check=True)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    env = quiet_env(PYTHONPATH=str(site))
    where = subprocess.run(
        [sys.executable, "-c", "from ketamine_cli.data import embedded_data_path; print(embedded_data_path())"],
        cwd=elsewhere,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    assert Path(where.stdout.strip()) == site / "ketamine_cli" / "data" / "routes.toml"
    result = process([str(site / "bin" / "ketamine"), "routes", "compare"], elsewhere, env)
    assert result.returncode == 0, result.stderr
    assert "Intravenous" in result.stdout
    assert "not medical advice" in result.stdout
    schema = process([str(site / "bin" / "ketamine"), "data", "schema"], elsewhere, env)
    assert (schema.returncode, schema.stderr) == (0, "")
    assert json.loads(schema.stdout) == DataSet.model_json_schema()

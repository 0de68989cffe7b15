"""The installables as IT gets them: three wheels built from this checkout. The desk's never
pulls in the server's stack and the server's never pulls in Qt; installed into a fresh virtual
environment (outside the checkout, pinned by the lock file), the desk passes its self-test."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import venv
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
LOCK = ROOT / "requirements" / "lock.txt"
SERVER_ONLY = {
    "fastapi",
    "uvicorn",
    "sqlalchemy",
    "alembic",
    "starlette",
    "argon2-cffi",
    "prometheus-client",
}
DESK_ONLY = {"pyside6-essentials", "shiboken6", "qasync", "keyring", "rapidfuzz"}

pytestmark = pytest.mark.slow


def run(*args: str | Path, cwd: Path = ROOT, timeout: float = 600) -> str:
    done = subprocess.run(  # noqa: S603 - our own tools, fixed arguments
        [str(a) for a in args],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=timeout,
        env={k: v for k, v in os.environ.items() if not k.startswith("PIP_REQUIRE")},
    )
    assert done.returncode == 0, f"{args} failed:\n{done.stdout[-3000:]}\n{done.stderr[-3000:]}"
    return done.stdout


@pytest.fixture(scope="module")
def wheels(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    out = tmp_path_factory.mktemp("wheels")
    run(
        sys.executable,
        "-m",
        "pip",
        "wheel",
        "--quiet",
        "--no-deps",
        "-w",
        out,
        ".",
        "packaging/client",
        "packaging/server",
    )
    found = {p.name.split("-")[0]: p for p in out.glob("*.whl")}
    assert set(found) == {"caredesk", "caredesk_client", "caredesk_server"}
    return found


def resolved(wheels: list[Path], tmp_path: Path) -> set[str]:
    """What pip would install with these wheels, without installing anything."""
    report = tmp_path / "report.json"
    run(
        sys.executable,
        "-m",
        "pip",
        "install",
        "--quiet",
        "--dry-run",
        "--ignore-installed",
        "-c",
        LOCK,
        "--report",
        report,
        *wheels,
    )
    return {
        re.sub(r"[-_.]+", "-", item["metadata"]["name"]).lower()
        for item in json.loads(report.read_text())["install"]
    }


def test_the_desk_never_installs_the_server_nor_the_server_qt(
    wheels: dict[str, Path], tmp_path: Path
) -> None:
    desk = resolved([wheels["caredesk"], wheels["caredesk_client"]], tmp_path)
    assert desk >= DESK_ONLY
    assert not desk & SERVER_ONLY, desk & SERVER_ONLY
    server = resolved([wheels["caredesk_server"], wheels["caredesk_client"]], tmp_path)
    assert SERVER_ONLY - {"starlette"} <= server
    assert not server & DESK_ONLY, server & DESK_ONLY


def test_the_desk_wheel_installed_in_a_fresh_venv_passes_its_self_test(
    wheels: dict[str, Path], tmp_path: Path
) -> None:
    env_dir = tmp_path / "venv"
    venv.create(env_dir, with_pip=True)
    python = env_dir / ("Scripts/python.exe" if os.name == "nt" else "bin/python")
    # The server beside it only because the self-test starts the embedded demo server.
    run(python, "-m", "pip", "install", "--quiet", "-c", LOCK, *wheels.values())
    resources = run(
        python, "-c", "import desktop.resources as r; print(r.resources_dir())", cwd=tmp_path
    )
    assert Path(resources.strip()).is_relative_to(env_dir)  # from the wheel, not the checkout
    caredesk = env_dir / ("Scripts/caredesk.exe" if os.name == "nt" else "bin/caredesk")
    out = run(caredesk, "--self-test", cwd=tmp_path, timeout=180)
    assert "self-test: passed" in out
    assert "caller's account opened" in out

"""The desk as a workstation has it, for the figures that measure the desk process's footprint:
a virtual environment holding only the ``caredesk`` and ``caredesk-client`` wheels built from this
checkout and their dependencies at the lock file's versions. The development environment also
holds the test tools, and they change what the desk loads (httpx imports its command line, with
rich and click, whenever those are installed: 7.5 MB the desk never has in the field).

Dependencies are installed once (again when the lock file or a pyproject changes); the two
wheels are rebuilt and reinstalled at every run, so the figure is always of this checkout's code.
``python()`` returns the interpreter; ``env()`` a PYTHONPATH that exposes ``bench`` and nothing
else of the checkout."""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
import tempfile
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
HOME = ROOT / "build" / "bench-desk-venv"
LOCK = ROOT / "requirements" / "lock.txt"
INPUTS = (LOCK, ROOT / "pyproject.toml", ROOT / "packaging" / "client" / "pyproject.toml")


def _bin(name: str) -> Path:
    return (
        HOME
        / ("Scripts" if os.name == "nt" else "bin")
        / (f"{name}.exe" if os.name == "nt" else name)
    )


def _pip(*args: str | Path) -> None:
    subprocess.run(
        [
            str(_bin("python")),
            "-m",
            "pip",
            "--quiet",
            "--disable-pip-version-check",
            *map(str, args),
        ],
        check=True,
        timeout=900,
    )


def prepare() -> Path:
    """Build (or refresh) the environment; returns its interpreter."""
    digest = hashlib.sha256(b"".join(p.read_bytes() for p in INPUTS)).hexdigest()
    stamp = HOME / ".inputs"
    with tempfile.TemporaryDirectory(prefix="caredesk-bench-wheels-") as folder:
        subprocess.run(
            [
                sys.executable,
                "-m",
                "pip",
                "wheel",
                "--quiet",
                "--no-deps",
                "-w",
                folder,
                ".",
                "packaging/client",
            ],
            cwd=ROOT,
            check=True,
            timeout=600,
            capture_output=True,
        )
        wheels = sorted(Path(folder).glob("*.whl"))
        if not stamp.exists() or stamp.read_text() != digest:
            shutil.rmtree(HOME, ignore_errors=True)
            venv.create(HOME, with_pip=True)
            _pip("install", "-c", LOCK, *wheels)
            stamp.write_text(digest)
        else:
            _pip("install", "--no-deps", "--force-reinstall", *wheels)
    return _bin("python")


def env() -> dict[str, str]:
    """The environment for a process in the desk-only venv: ``bench`` importable from a folder
    that holds nothing else, so ``desktop`` comes from the installed wheel."""
    shown = HOME / "bench-path"
    if not (shown / "bench").exists():
        shown.mkdir(parents=True, exist_ok=True)
        try:
            (shown / "bench").symlink_to(ROOT / "bench", target_is_directory=True)
        except OSError:  # no symlinks (Windows without the right): a copy
            shutil.copytree(ROOT / "bench", shown / "bench")
    out = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "VIRTUAL_ENV")}
    out["PYTHONPATH"] = str(shown)
    out.setdefault("QT_QPA_PLATFORM", "offscreen")
    return out

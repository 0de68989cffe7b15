"""The start-up import budget: what the first signed-in frame does not need is not imported
before it. Each of these comes when first used: the workflow catalogue and its framework (with
jinja2 and phonenumbers) at the first workflow or Ctrl+K, the palette and its index (rapidfuzz)
at the first Ctrl+K, the article pane and its Markdown renderer and sanitiser at the first
article, the role docks for the roles that have them, the lead's charts (pyqtgraph, numpy) for
leads, the contract's modules for what the frame does not show (a snapshot, a workflow's
result, the pharmacy's diary), and the offline cache right after the first frame.

Measured on the desk as it starts (``python -m desktop --demo``, signing in), at its first
painted signed-in frame (``CAREDESK_STARTUP_PROBE=modules``).

The offline cache (``desktop.cache``, with PyNaCl and SQLite) opens just after that frame: the
session waits for the window's first signed-in paint before opening it.
"""

from __future__ import annotations

import os
import subprocess
import sys

NOT_BEFORE_THE_FIRST_FRAME = (
    "nacl",
    "cryptography",  # imported only to carry an earlier desk's cache over
    "desktop.cache",
    "jinja2",
    "phonenumbers",
    "rapidfuzz",
    "pyqtgraph",
    "numpy",
    "markdown_it",
    "nh3",
    # The contract's modules the first frame has no use for (backend_client.models is lazy).
    "backend_client.models.audit",
    "backend_client.models.challenge",
    "backend_client.models.pharmacy",
    "backend_client.models.snapshot",
    "backend_client.models.workflows",
    "desktop.workflows.base",
    "desktop.workflows.registry",
    "desktop.workflows.catalogue",
    "desktop.palette_ranking",
    "desktop.views.command_palette",
    "desktop.views.window.palette_entries",
    "desktop.views.workflow_runner",
    "desktop.views.article_pane",
    "desktop.views.article_editor",
    "desktop.views.text_thread",
    "desktop.views.enquiries",
    "desktop.views.callbacks",
    "desktop.views.diary",
    "desktop.views.escalations",
    "desktop.views.lead_figures",
    "desktop.views.lead_floor",
    "desktop.views.requests",
)


def first_frame_modules(tmp_path) -> set[str]:  # type: ignore[no-untyped-def]
    env = dict(os.environ)
    env.update(
        {
            "QT_QPA_PLATFORM": "offscreen",
            "PYTHON_KEYRING_BACKEND": "keyring.backends.null.Keyring",
            "CAREDESK_DATA_DIR": str(tmp_path),
            "CAREDESK_STARTUP_PROBE": "modules",
        }
    )
    done = subprocess.run(
        [sys.executable, "-m", "desktop", "--demo", "--log-level", "error"],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    line = next((x for x in done.stdout.splitlines() if x.startswith("MODULES ")), None)
    assert line is not None, (done.returncode, done.stdout[-2000:], done.stderr[-2000:])
    assert "READY" in done.stdout
    return set(line.split()[1:])


def test_the_first_frame_imports_only_what_it_needs(tmp_path) -> None:  # type: ignore[no-untyped-def]
    loaded = first_frame_modules(tmp_path)
    assert "desktop.views.main_window" in loaded and "backend_client" in loaded  # it measured
    early = sorted(
        name
        for name in loaded
        if any(name == n or name.startswith(n + ".") for n in NOT_BEFORE_THE_FIRST_FRAME)
    )
    assert early == [], f"imported before the first frame: {early}"

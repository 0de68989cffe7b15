"""Configuration layers: defaults < system file < user file < environment < command line, keys
IT locks, and problems named by file, key and what is wrong."""

from __future__ import annotations

from pathlib import Path

import pytest

from desktop import config
from desktop.__main__ import main


@pytest.fixture
def files(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[Path, Path]:
    system, user = tmp_path / "system.toml", tmp_path / "user.toml"
    monkeypatch.setenv("CAREDESK_SYSTEM_CONFIG", str(system))
    monkeypatch.setenv("CAREDESK_USER_CONFIG", str(user))
    return system, user


def test_each_layer_overrides_the_one_before(files: tuple[Path, Path]) -> None:
    system, user = files
    assert config.load(env={}).server_url == "http://127.0.0.1:8765"
    system.write_text(
        'server_url = "https://system.example"\ntheme = "dark"\nidle_lock_minutes = 8\n'
    )
    user.write_text('server_url = "https://user.example"\ntheme = "light"\n')
    env = {"CAREDESK_SERVER_URL": "https://env.example", "CAREDESK_IDLE_LOCK_MINUTES": "5"}

    loaded = config.load(env=env)
    assert (loaded.server_url, loaded.theme, loaded.idle_lock_minutes) == (
        "https://env.example",
        "light",
        5,
    )
    assert loaded.sources["server_url"] == "environment CAREDESK_SERVER_URL"
    assert loaded.sources["theme"] == f"user file {user}"
    assert loaded.sources["language"] == "default"

    loaded = config.load({"server_url": "https://cli.example"}, env=env)
    assert loaded.server_url == "https://cli.example"
    assert loaded.sources["server_url"] == "command line (server_url)"


def test_a_locked_key_keeps_the_system_value(files: tuple[Path, Path]) -> None:
    system, user = files
    system.write_text(
        'server_url = "https://caredesk.example"\nidle_lock_minutes = 3\n'
        'locked = ["server_url", "idle_lock_minutes"]\n'
    )
    user.write_text('server_url = "https://elsewhere.example"\nidle_lock_minutes = 30\n')
    loaded = config.load(
        {"server_url": "https://cli.example"}, env={"CAREDESK_IDLE_LOCK_MINUTES": "60"}
    )
    assert loaded.server_url == "https://caredesk.example"
    assert loaded.idle_lock_minutes == 3
    assert loaded.locked == {"server_url", "idle_lock_minutes"}
    assert "locked" in loaded.sources["server_url"]
    assert str(system) in loaded.sources["server_url"]


@pytest.mark.parametrize(
    ("layer", "text", "expected"),
    [
        ("user", 'idle_lock_minutes = "ten"\n', "idle_lock_minutes: 'ten' is not a whole number"),
        ("user", "idle_lock_minutes = 0\n", "idle_lock_minutes: 0 is not a whole number"),
        ("user", 'theme = "purple"\n', "theme: 'purple' is not one of system, light, dark"),
        ("user", 'colour = "blue"\n', "colour: not a configuration key"),
        ("user", 'locked = ["theme"]\n', "locked: only the system file can lock keys"),
        ("system", 'locked = ["colour"]\n', "locked: 'colour' is not a configuration key"),
        ("system", "server_url = [1, 2]\n", "server_url: must be text"),
        ("user", "server_url = 'https://x.example\n", "not valid TOML"),
        ("user", 'server_url = "http://caredesk.example"\n', "is not encrypted: use https://"),
        ("user", 'server_url = "ftp://caredesk.example"\n', "is not an address"),
    ],
)
def test_a_bad_value_names_the_file_the_key_and_the_problem(
    files: tuple[Path, Path], layer: str, text: str, expected: str
) -> None:
    path = files[0] if layer == "system" else files[1]
    path.write_text(text)
    with pytest.raises(config.ConfigError) as caught:
        config.load(env={})
    (problem,) = caught.value.problems
    assert problem.startswith(f"{layer} file {path}: ")
    assert expected in problem


def test_bad_values_from_the_environment_and_command_line_are_named_too(
    files: tuple[Path, Path],
) -> None:
    with pytest.raises(config.ConfigError) as caught:
        config.load({"server_url": "http://10.0.0.5:8765"}, env={"CAREDESK_THEME": "neon"})
    problems = "\n".join(caught.value.problems)
    assert "environment CAREDESK_THEME: theme: 'neon'" in problems
    assert "command line (server_url): server_url: 'http://10.0.0.5:8765' is not encrypted" in (
        problems
    )


@pytest.mark.parametrize(
    "url",
    ["http://127.0.0.1:8765", "http://localhost:9000", "http://[::1]:8765", "https://cd.example"],
)
def test_plain_http_only_on_loopback(files: tuple[Path, Path], url: str) -> None:
    assert config.load({"server_url": url}, env={}).server_url == url


def test_print_config_shows_values_and_their_layers(
    files: tuple[Path, Path], capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    system, _user = files
    system.write_text('server_url = "https://caredesk.example"\nlocked = ["server_url"]\n')
    monkeypatch.setenv("CAREDESK_THEME", "dark")
    assert main(["--print-config", "--lang", "pl"]) == 0
    out = capsys.readouterr().out
    assert "server_url        = 'https://caredesk.example'" in out
    assert f"from system file {system} (locked)" in out
    assert "from environment CAREDESK_THEME" in out
    assert "from command line (language)" in out
    assert "idle_lock_minutes = 10" in out


def test_a_bad_file_stops_the_desk_with_the_message(
    files: tuple[Path, Path], capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    files[1].write_text("idle_lock_minutes = -3\n")
    monkeypatch.setenv("QT_QPA_PLATFORM", "offscreen")  # no message box in tests
    assert main([]) == 2
    err = capsys.readouterr().err
    assert f"{files[1]}: idle_lock_minutes: -3 is not a whole number" in err

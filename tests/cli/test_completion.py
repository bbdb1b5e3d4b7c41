"""Shell completion through the installed executable, driven by the environment variables
click's completion scripts set (``_PEKSOS_COMPLETE``, ``COMP_WORDS``, ``COMP_CWORD``)."""

from __future__ import annotations

import os
import subprocess

import pytest

from tests.cli.test_e2e import PEKSOS


def completions(line: str, shell: str = "bash") -> list[str]:
    """What the shell is offered for the last word of ``line`` (empty after a space)."""
    words = line.split() + ([""] if line.endswith(" ") else [])
    env = {
        **os.environ,
        "_PEKSOS_COMPLETE": f"{shell}_complete",
        "COMP_WORDS": " ".join(words),
        "COMP_CWORD": str(len(words) - 1),
    }
    done = subprocess.run([PEKSOS], env=env, capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    return [line.split(",", 1)[1] for line in done.stdout.splitlines()]


@pytest.mark.parametrize(
    ("line", "offered"),
    [
        ("peksos mem", ["member"]),
        ("peksos member reg", ["register"]),
        ("peksos member register --prov", ["--province"]),
        ("peksos member register --province jawa", ["32", "33", "35"]),  # by name
        ("peksos member register --province 3", ["31", "32", "33", "34", "35", "36"]),
        ("peksos certify 32-2010-00001 --level g", ["generalis"]),
        ("peksos certify 32-2010-00001 --field ana", ["anak"]),
        ("peksos education add 32-2010-00001 --level s", ["SMA", "S1", "S2", "S3"]),
        ("peksos actor add X --province 32 --regency bandung", ["3204", "3217", "3273"]),
    ],
)
def test_bash_completes_commands_options_and_the_vocabularies(
    line: str, offered: list[str]
) -> None:
    assert completions(line) == offered


def test_zsh_is_offered_each_province_with_its_name() -> None:
    env = {**os.environ, "_PEKSOS_COMPLETE": "zsh_complete", "COMP_WORDS":
           "peksos member register --province jawa", "COMP_CWORD": "4"}  # fmt: skip
    out = subprocess.run([PEKSOS], env=env, capture_output=True, text=True).stdout.splitlines()
    assert out[:3] == ["plain", "32", "Jawa Barat"]


@pytest.mark.parametrize("shell", ["bash", "zsh", "fish"])
def test_each_shell_gets_a_script_to_source(shell: str) -> None:
    env = {**os.environ, "_PEKSOS_COMPLETE": f"{shell}_source"}
    script = subprocess.run([PEKSOS], env=env, capture_output=True, text=True, timeout=60)
    assert script.returncode == 0 and "_PEKSOS_COMPLETE" in script.stdout

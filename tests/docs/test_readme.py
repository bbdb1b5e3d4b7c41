"""The README is executed: every ```console block is a transcript, run and compared.

The format (README.md, "Development", says the same):

- a line starting with ``$ `` is a command; a command line ending in ``\\`` continues on the
  next line. Every command runs in bash, so ``export``, ``cd``, redirections, ``sqlite3`` and
  ``python3 -c`` work as in a terminal;
- the lines after it, up to the next ``$ `` line, are its expected output: standard output and
  standard error together, as a user sees them. Trailing spaces and trailing blank lines do not
  count;
- ``...`` on a line of its own matches any number of lines (none too); ``...`` inside a line
  matches any text on that line (ids, key ids, timestamps, hashes);
- a last line ``[exit N]`` says the command exits with N; without it the command must exit 0.

The whole README is one session in one temporary directory (the working directory of every
command), with ``HOME``, ``PEKSOS_KEYS`` and ``PEKSOS_DB`` pointing into it, ``NO_COLOR=1`` and
``COLUMNS=80``, and the venv's ``bin`` first on ``PATH``; ``export`` and ``cd`` carry over from
one command to the next, as in a terminal. Each block is one test; run alone (``-k``), a test
first replays the blocks before it.

Fenced blocks of any other kind (```sh, ```text, ```python) are not run; a ``$ peksos`` line in
one of them fails ``test_every_transcript_is_checked``.
"""

from __future__ import annotations

import difflib
import os
import re
import shlex
import shutil
import signal
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest

README = Path(__file__).resolve().parents[2] / "README.md"
BIN = Path(sys.executable).parent
CHECKED = "console"  # the info string of a block that is run
EXIT = re.compile(r"\[exit (\d+)\]")
TIMEOUT = 120  # seconds, per command


@dataclass
class Command:
    line: int  # the README line of its `$ `
    text: str  # as bash gets it (continuation lines included)
    expected: list[str] = field(default_factory=list)
    exit_code: int = 0


@dataclass
class Block:
    line: int  # the README line of its opening fence
    section: str
    commands: list[Command]

    @property
    def id(self) -> str:
        slug = re.sub(r"[^a-z0-9]+", "-", self.section.lower()).strip("-")[:40]
        return f"L{self.line}-{slug}"


# The format.


def parse(text: str) -> tuple[list[Block], list[int]]:
    """The console blocks in order, and the lines of `$ peksos` outside them."""
    blocks: list[Block] = []
    stray: list[int] = []
    section = "top"
    fence: str | None = None  # the fence that opened the block we are in
    body: list[tuple[int, str]] = []
    opened = 0
    for number, line in enumerate(text.splitlines(), start=1):
        if fence is None:
            if match := re.match(r"(`{3,}|~{3,})\s*([\w-]*)", line):
                fence, info, opened, body = match.group(1), match.group(2), number, []
                if info != CHECKED:
                    fence = "!" + fence  # a block we do not run
                continue
            if line.startswith("#"):
                section = line.lstrip("#").strip()
            elif line.lstrip().startswith("$ peksos"):
                stray.append(number)
            continue
        closing = fence.lstrip("!")
        if line.strip().startswith(closing) and not line.strip().strip(closing[0]):
            if not fence.startswith("!"):
                blocks.append(Block(opened, section, transcript(body, opened)))
            fence = None
        elif fence.startswith("!"):
            if line.lstrip().startswith("$ peksos"):
                stray.append(number)
        else:
            body.append((number, line))
    return blocks, stray


def transcript(body: list[tuple[int, str]], opened: int) -> list[Command]:
    """Commands and their expected output, from a console block's lines."""
    commands: list[Command] = []
    lines = iter(body)
    for number, line in lines:
        if line.startswith("$ "):
            text = line[2:]
            while text.endswith("\\"):
                more = next(lines, None)
                if more is None:
                    raise ValueError(f"README.md line {number}: a `\\` continues nothing")
                text += "\n" + more[1]
            commands.append(Command(number, text))
        elif commands:
            commands[-1].expected.append(line.rstrip())
        elif line.strip():
            raise ValueError(f"README.md line {number}: a console block starts with `$ `")
    if not commands:
        raise ValueError(f"README.md line {opened}: a console block without a `$ ` command")
    for command in commands:
        expected = trimmed(command.expected)
        if expected and (marker := EXIT.fullmatch(expected[-1].strip())):
            command.exit_code = int(marker.group(1))
            expected = trimmed(expected[:-1])
        command.expected = expected
    return commands


def trimmed(lines: list[str]) -> list[str]:
    lines = [line.rstrip() for line in lines]
    while lines and not lines[-1]:
        lines.pop()
    return lines


def pattern(expected: list[str]) -> re.Pattern[str]:
    """``...`` alone: any lines; ``...`` in a line: any text; the rest literally."""
    parts = []
    for line in expected:
        if line.strip() == "...":
            parts.append(r"(?:[^\n]*\n)*?")
        else:
            pieces = (re.escape(piece) for piece in line.split("..."))
            parts.append(r"[^\n]*?".join(pieces) + r"\n")
    return re.compile("".join(parts))


def matches(expected: list[str], actual: list[str]) -> bool:
    text = "".join(line + "\n" for line in actual)
    return pattern(expected).fullmatch(text) is not None


# The session.


class Shell:
    """Runs each command in bash, as typed into one terminal: the exported environment and the
    working directory carry over from one command to the next (kept in two files between them).
    """

    def __init__(self, home: Path) -> None:
        self.home = home
        state = home / ".readme"
        state.mkdir()
        self.script, self.env, self.cwd = state / "command", state / "env", state / "cwd"
        env = {
            k: v
            for k, v in os.environ.items()
            if not k.startswith(("PEKSOS_", "XDG_", "FORCE_COLOR", "CLICOLOR", "PYTEST", "LINES"))
        }
        env.update(
            HOME=str(home),
            PATH=f"{BIN}{os.pathsep}{env.get('PATH', '')}",
            PEKSOS_DB=str(home / "ledger.sqlite"),
            PEKSOS_KEYS=str(home / "keys"),
            NO_COLOR="1",
            COLUMNS="80",
            TERM="dumb",
            PYTHONUNBUFFERED="1",  # stdout and stderr interleave as on a terminal
            PYTHONIOENCODING="utf-8",
        )
        self.env.write_text(
            "".join(f"export {k}={shlex.quote(v)}\n" for k, v in env.items()), encoding="utf-8"
        )
        self.cwd.write_text(str(home), encoding="utf-8")

    def run(self, command: str) -> tuple[list[str], int]:
        """Run one command; its output lines (stdout and stderr together) and exit code."""
        self.script.write_text(command + "\n", encoding="utf-8")
        env, cwd = shlex.quote(str(self.env)), shlex.quote(str(self.cwd))
        wrapper = (
            f'. {env}; cd "$(cat {cwd})"; '
            f"trap 'code=$?; export -p > {env}; pwd > {cwd}; exit $code' EXIT; "
            f". {shlex.quote(str(self.script))}"
        )
        process = subprocess.Popen(
            ["bash", "--noprofile", "--norc", "-c", wrapper],
            env={},  # all of it comes from the file, so `unset` carries over too
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        try:
            out, _ = process.communicate(timeout=TIMEOUT)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            out, _ = process.communicate()
            pytest.fail(f"`{command}` timed out; its output:\n{out.decode(errors='replace')}")
        return trimmed(out.decode("utf-8", errors="replace").split("\n")), process.returncode


class Session:
    """Runs the README's blocks in order, each once."""

    def __init__(self, blocks: list[Block]) -> None:
        self.blocks = blocks
        self.home = Path(tempfile.mkdtemp(prefix="peksos-readme-"))
        self.shell = Shell(self.home)
        self.done = 0  # blocks run so far

    def check(self, block: Block) -> None:
        index = self.blocks.index(block)
        replayed = []
        while self.done < index:  # run alone: replay what the README did before
            earlier = self.blocks[self.done]
            if self.execute(earlier):
                replayed.append(f"README.md line {earlier.line}")
        assert self.done == index, "the README's blocks run once, in order"
        problems = self.execute(block)
        if problems and replayed:
            problems.append(f"(replayed first, these blocks did not match either: {replayed})")
        if problems:
            pytest.fail("\n\n".join(problems), pytrace=False)

    def execute(self, block: Block) -> list[str]:
        self.done += 1
        problems = []
        for command in block.commands:
            actual, code = self.shell.run(command.text)
            if code == command.exit_code and matches(command.expected, actual):
                continue
            first = command.text.splitlines()[0]
            lines = [f"README.md line {command.line}: $ {first}"]
            if code != command.exit_code:
                lines.append(f"  exit code {code}, the README says {command.exit_code}")
            if not matches(command.expected, actual):
                lines += difflib.unified_diff(
                    command.expected,
                    actual,
                    f"README.md line {command.line + 1}ff (expected)",
                    "actual output",
                    lineterm="",
                )
            problems.append("\n".join(lines))
        return problems

    def close(self) -> None:
        shutil.rmtree(self.home, ignore_errors=True)


BLOCKS, STRAY = parse(README.read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def session() -> Iterator[Session]:
    if shutil.which("bash") is None:
        pytest.skip("bash is not on PATH")
    opened = Session(BLOCKS)
    yield opened
    opened.close()


@pytest.mark.e2e
@pytest.mark.parametrize("block", BLOCKS, ids=[block.id for block in BLOCKS])
def test_transcript(session: Session, block: Block) -> None:
    if any("sqlite3 " in c.text for c in block.commands) and shutil.which("sqlite3") is None:
        pytest.skip("the sqlite3 command-line shell is not on PATH")
    session.check(block)


def test_every_transcript_is_checked() -> None:
    assert not STRAY, (
        f"README.md lines {STRAY}: `$ peksos` outside a ```{CHECKED} block is never run; "
        f"put it in a ```{CHECKED} block with its real output"
    )
    assert BLOCKS, "README.md has no transcripts"


# The format itself.


def test_wildcards() -> None:
    assert matches(["a ... c"], ["a bb c"])
    assert matches(["a", "...", "d"], ["a", "b", "c", "d"])
    assert matches(["a", "...", "d"], ["a", "d"])
    assert not matches(["a ... c"], ["a b", "c"])  # inside a line: only that line
    assert not matches(["a.c"], ["abc"])  # the rest is literal
    assert not matches(["a"], ["a", "b"])


def test_transcript_format() -> None:
    commands = transcript(
        list(
            enumerate(
                ["$ peksos x \\", "  --y 1", "out  ", "", "[exit 3]", "", "$ cd z", ""],
                start=10,
            )
        ),
        9,
    )
    assert [(c.line, c.text, c.expected, c.exit_code) for c in commands] == [
        (10, "peksos x \\\n  --y 1", ["out"], 3),
        (16, "cd z", [], 0),
    ]


# The help examples.

NAMED = re.compile(r'(?:--as|--admin|actor add|actor revoke|rotate-key|keys show) "([^"]+)"')


def test_help_examples_use_the_walkthroughs_actors() -> None:
    """Copying an example from `--help` into the walkthrough's ledger finds its actor."""
    import click

    from commands.cli import cli

    walkthrough = [b for b in BLOCKS if b.section == "Walkthrough"]
    assert walkthrough, "README.md has no transcript under ## Walkthrough"
    created = {
        name
        for block in walkthrough
        for c in block.commands
        for name in re.findall(r'(?:init --admin|actor add) "([^"]+)"', c.text)
    }
    assert created >= {"Ratna Sari", "Dewi Anggraini", "Bambang Wibisono"}, created

    def commands(group: click.Command, path: str) -> Iterator[tuple[str, click.Command]]:
        yield path, group
        if isinstance(group, click.Group):
            for name, sub in group.commands.items():
                yield from commands(sub, f"{path} {name}")

    strangers = {
        f"{path}: {name}"
        for path, command in commands(cli, "peksos")
        for name in NAMED.findall(command.help or "")
        if name not in created
    }
    assert not strangers, f"help examples name actors the walkthrough never creates: {strangers}"


def test_ci_runs_the_readmes_test_command_verbatim() -> None:
    """`.ci/run` runs the README's test command as written, so the README never lies."""
    text = README.read_text(encoding="utf-8")
    marker = "# install the test extra and run the whole test suite"
    lines = text[text.index(marker) :].splitlines()
    command = next(line for line in lines if line.startswith("python3 -m venv"))
    ci = (README.parent / ".ci" / "run").read_text(encoding="utf-8")
    assert command in ci.splitlines(), f".ci/run does not run the README's `{command}`"

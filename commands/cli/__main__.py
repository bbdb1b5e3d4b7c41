"""``python -m commands.cli``: the same as the ``peksos`` executable."""

from commands.cli import run

run()

"""``python -m commands.cli``: the same as the ``peksos`` executable."""

import sys

from commands.cli import main

sys.exit(main())

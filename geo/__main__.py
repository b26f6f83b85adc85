"""``python -m geo``: see :mod:`geo.cli.main`."""

import sys

from .cli.main import main

sys.exit(main())

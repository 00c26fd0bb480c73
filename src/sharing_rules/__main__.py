"""``python -m sharing_rules``: the same as the ``sharing-rules`` command."""

import sys

from sharing_rules._cli import main

sys.exit(main())

"""`python -m service` is the `factcheck` command."""

import sys

from service.cli import main

sys.exit(main())

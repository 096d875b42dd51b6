"""The client's own tests import `factcheck_client` from `client/` (the dev venv does not
install that distribution: it would install `schemas` a second time). Appended, so the
server's `schemas` is the one imported, as it is the same files."""

import sys
from pathlib import Path

CLIENT = Path(__file__).resolve().parents[2] / "client"
if str(CLIENT) not in sys.path:
    sys.path.append(str(CLIENT))

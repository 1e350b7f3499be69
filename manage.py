#!/usr/bin/env python
"""Django's manage.py for a development checkout: DEBUG=1 unless set otherwise, so it runs
without a production SECRET_KEY. Deployments run the `kombel` command, which refuses to."""

import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent / "src"))
os.environ.setdefault("DEBUG", "1")

from kombel.__main__ import main

if __name__ == "__main__":
    main()

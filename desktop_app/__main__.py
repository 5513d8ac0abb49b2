"""Allows ``python -m desktop_app`` to behave exactly like the ``annotator`` command."""

import sys

from desktop_app.cli import main

if __name__ == "__main__":
    sys.exit(main())

"""Entry script of the frozen application: the same ``main`` as the ``annotator`` command.

It lives outside ``desktop_app`` so PyInstaller does not put the package folder itself on the
frozen import path.
"""

import sys

from desktop_app.cli import main

if __name__ == "__main__":
    sys.exit(main())

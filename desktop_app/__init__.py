"""Announcement Annotator: span-anchored entity and event annotation of announcements."""

import os

__version__ = "0.1.0"
APP_NAME = "Announcement Annotator"
APP_ID = "announcement-annotator"

# Models validate the same whatever else is installed: no pydantic plugins (pydantic's own
# switch; see desktop_app/core/pydantic_library.py). An environment that sets it keeps its choice.
os.environ.setdefault("PYDANTIC_DISABLE_PLUGINS", "__all__")

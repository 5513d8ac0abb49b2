"""Announcement Annotator: span-anchored entity and event annotation of announcements."""

__version__ = "0.1.0"
APP_NAME = "Announcement Annotator"
APP_ID = "announcement-annotator"

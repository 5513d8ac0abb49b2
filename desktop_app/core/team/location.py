"""Telling a team database's URL from a database file's path (without loading the driver)."""

from __future__ import annotations

URL_SCHEMES = ("postgresql://", "postgres://")


def is_team_url(location: str) -> bool:
    """Whether ``location`` names a team database (a libpq URL) rather than a file."""
    return location.startswith(URL_SCHEMES)

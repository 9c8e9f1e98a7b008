"""The embedded quick start: SQLite, console e-mail, eager tasks (make demo)."""

from .base import *  # noqa: F403

DEBUG = True

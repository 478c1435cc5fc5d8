"""Benchmark settings: the archive's own, plus django-watson as the peer to compare with."""

from archive.settings import *  # noqa: F403
from archive.settings import INSTALLED_APPS

INSTALLED_APPS = [*INSTALLED_APPS, "watson"]
DEBUG = False
ALLOWED_HOSTS = ["testserver", "127.0.0.1", "localhost"]

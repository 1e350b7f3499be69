"""Imports every app's world builder (tests/<app>/builders.py) so that they register."""

"""This app's objects in the test world (see tests/world.py)."""

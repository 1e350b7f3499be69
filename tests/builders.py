"""Imports every app's world builder (tests/<app>/builders.py) so that they register."""

import importlib
import pkgutil
from pathlib import Path

for _module in pkgutil.iter_modules([str(Path(__file__).parent)]):
    if _module.ispkg and (Path(__file__).parent / _module.name / "builders.py").exists():
        importlib.import_module(f"tests.{_module.name}.builders")

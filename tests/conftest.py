"""Shared fixtures: the seed corpus is read once per test session."""

from __future__ import annotations

from pathlib import Path

import pytest

import textlib

TESTS = Path(__file__).resolve().parent
DATA = TESTS / "data"


@pytest.fixture(scope="session")
def seed():
    return textlib.load_seed()


@pytest.fixture(scope="session")
def seed_lines(seed):
    return seed.source("1").lines

"""find_passages on a dask.distributed cluster gives the local table, exactly."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pandas as pd
import pytest

from textlib.compare.passages import find_passages
from textlib.datasets.synthetic import synthetic_corpus

pytest.importorskip("dask.distributed")
TESTS = Path(__file__).resolve().parent


def _bench():
    name = "benchmarks_reuse"
    if name not in sys.modules:
        spec = importlib.util.spec_from_file_location(
            name, TESTS.parent / "benchmarks" / "reuse.py"
        )
        module = importlib.util.module_from_spec(spec)
        sys.modules[name] = module
        spec.loader.exec_module(module)
    return sys.modules[name]


@pytest.fixture(scope="module")
def client(dask_client):
    """The command-line cluster of conftest (a scheduler and two worker processes)."""
    return dask_client


def test_dask_join_identical_to_local(client):
    corpus = synthetic_corpus(24)
    local = find_passages(corpus)
    assert len(local)
    pd.testing.assert_frame_equal(local, find_passages(corpus, client=client))
    # a different shuffle (hash ranges, first-unit chunks) changes nothing either
    pd.testing.assert_frame_equal(
        local, find_passages(corpus, client=client, partitions=4, chunk_pairs=500)
    )


def test_dask_planted_reuse_identical_to_local(client):
    planted = _bench().planted_corpus(60, chars=2000, seed=4)
    corpus = planted.corpus()
    local = find_passages(corpus)
    assert len(local) >= 20
    pd.testing.assert_frame_equal(
        local, find_passages(corpus, client=client, partitions=8, chunk_pairs=20_000)
    )


def test_dask_no_pairs(client):
    corpus = synthetic_corpus(3)
    local = find_passages(corpus, units=corpus.leaf_ids[:1])
    assert local.empty
    assert find_passages(corpus, units=corpus.leaf_ids[:1], client=client).empty

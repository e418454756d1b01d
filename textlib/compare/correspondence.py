"""Correspondence analysis (对应分析) of a units × formulations (or terms) contingency table."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from textlib.errors import NotApplicableError, expect_table


@dataclass(frozen=True)
class Correspondence:
    """``rows`` / ``columns``: one row per unit / formulation with ``mass`` and principal
    coordinates ``dim1``…; ``inertia``: one row per axis with ``inertia`` (squared singular
    value), ``share`` of the total and ``cumulative``; ``total_inertia`` = χ²/n."""

    rows: pd.DataFrame
    columns: pd.DataFrame
    inertia: pd.DataFrame
    total_inertia: float


def ca(table: pd.DataFrame, n_axes: int = 2) -> Correspondence:
    """Correspondence analysis of a contingency ``table`` (non-negative counts) by the SVD of
    the standardised residuals S = D_r^(-1/2) (P − r cᵀ) D_c^(-1/2), P = N / n (Greenacre 2017,
    ch. 4, 7). Principal coordinates: rows F = D_r^(-1/2) U Σ, columns G = D_c^(-1/2) V Σ.
    Rows and columns summing to zero are dropped. Each axis's sign is fixed so that the
    column with the largest absolute coordinate on it is positive (deterministic output)."""
    expect_table("ca", "table", table)
    counts = table.astype(float)
    counts = counts.loc[counts.sum(axis=1) > 0, counts.sum(axis=0) > 0]
    if counts.shape[0] < 2 or counts.shape[1] < 2:
        raise NotApplicableError(
            "correspondence analysis",
            f"it needs at least 2 non-empty rows and columns; the table has {counts.shape[0]} × "
            f"{counts.shape[1]}",
        )
    values = counts.to_numpy()
    p = values / values.sum()
    r = p.sum(axis=1)
    c = p.sum(axis=0)
    s = (p - np.outer(r, c)) / np.sqrt(np.outer(r, c))
    u, sv, vt = np.linalg.svd(s, full_matrices=False)
    rank = min(counts.shape) - 1
    u, sv, v = u[:, :rank], sv[:rank], vt[:rank].T
    for k in range(rank):  # sign convention
        if v[np.argmax(np.abs(v[:, k])), k] < 0:
            u[:, k], v[:, k] = -u[:, k], -v[:, k]
    n_axes = min(n_axes, rank)
    f = (u / np.sqrt(r)[:, None]) * sv
    g = (v / np.sqrt(c)[:, None]) * sv
    dims = [f"dim{k + 1}" for k in range(n_axes)]
    rows = pd.DataFrame(f[:, :n_axes], index=counts.index, columns=dims)
    rows.insert(0, "mass", r)
    cols = pd.DataFrame(g[:, :n_axes], index=counts.columns, columns=dims)
    cols.insert(0, "mass", c)
    eig = sv**2
    total = float(eig.sum())
    inertia = pd.DataFrame(
        {
            "axis": np.arange(1, rank + 1),
            "inertia": eig,
            "share": eig / total if total else np.zeros(rank),
        }
    )
    inertia["cumulative"] = inertia["share"].cumsum()
    return Correspondence(rows, cols, inertia, total)

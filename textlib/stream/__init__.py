"""The streamed path: a corpus larger than memory to Parquet tables, chunk by chunk.

The batch counterpart of :class:`textlib.Study`: the same stages and functions, run on
chunks of files (here, in local processes or on a Dask cluster) and written to Parquet.

- :mod:`textlib.stream.run`: :func:`stream_directory` and :class:`StreamedCorpus`;
- :mod:`textlib.stream.sources`: the first pass and the chunks (a folder or a table);
- :mod:`textlib.stream.writers`: the Parquet writers and the all-or-nothing commit;
- :mod:`textlib.stream.cluster`: the chunks on a Dask cluster, its workers checked first;
- :mod:`textlib.stream.cli`: ``python -m textlib.stream``.

Files are read through the readers' public seam, :mod:`textlib.load.sources`.
"""

from __future__ import annotations

from textlib.stream.cli import main
from textlib.stream.run import StreamedCorpus, process_chunk, stream_directory
from textlib.stream.sources import chunk_units
from textlib.stream.writers import STREAM_TABLES

__all__ = [
    "STREAM_TABLES",
    "StreamedCorpus",
    "chunk_units",
    "main",
    "process_chunk",
    "stream_directory",
]

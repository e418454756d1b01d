"""How textlib's command-line entry points end: one line on stderr, never a traceback."""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Mapping

from textlib.errors import TextlibError


def run_command(action: Callable[[], None], *, hints: Mapping[str, str] | None = None) -> int:
    """Run ``action`` and return the exit status: 0 when it succeeds; 1 for a named error
    (:class:`TextlibError`), printed as one line with each ``hints`` key replaced by its
    value (an API spelling by the command's option); 2 for anything else, one line naming
    its type, the traceback only with ``TEXTLIB_DEBUG=1``; 130 when interrupted (Ctrl-C),
    which leaves written files as they were (every write is atomic)."""
    try:
        action()
    except KeyboardInterrupt:
        print("interrupted: nothing half-written was kept", file=sys.stderr)
        return 130
    except TextlibError as err:
        message = str(err)
        for api, option in (hints or {}).items():
            message = message.replace(api, option)
        print(f"error: {message}", file=sys.stderr)
        return 1
    except Exception as err:  # a bug of ours: still one line, the details on request
        if os.environ.get("TEXTLIB_DEBUG"):
            raise
        print(
            f"error: unexpected {type(err).__name__}: {err} (set TEXTLIB_DEBUG=1 for details)",
            file=sys.stderr,
        )
        return 2
    return 0

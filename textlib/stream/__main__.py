"""``python -m textlib.stream FOLDER OUT [options]``."""

from textlib.stream.cli import main

raise SystemExit(main())

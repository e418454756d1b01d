"""Reading toolkit: collocations, co-occurrence network, correspondence analysis, HTML reader."""

from textlib.toolkit.collocations import collocations
from textlib.toolkit.cooccurrence import Cooccurrence, cooccurrence
from textlib.toolkit.correspondence import Correspondence, ca, correspondence
from textlib.toolkit.reader import HTML, kwic_table, reader, table_html

__all__ = [
    "HTML",
    "Cooccurrence",
    "Correspondence",
    "ca",
    "collocations",
    "cooccurrence",
    "correspondence",
    "kwic_table",
    "reader",
    "table_html",
]

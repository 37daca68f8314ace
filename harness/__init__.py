"""kv2rel harness: a thin command-line layer over the SQL that does the work."""

__version__ = "0.1.0"

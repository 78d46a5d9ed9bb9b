"""kam: Key Account Management deliverables from YAML to HTML and PDF."""

__version__ = "0.1.0"

"""handoutgen: plain-language patient handouts from YAML to verified PDF."""

__version__ = "0.1.0"

"""jac: HMICFRS findings kept as YAML records, and the committee paper computed from them."""

__version__ = "0.1.0"

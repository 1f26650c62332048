"""The records folder and everything that reads or writes record files."""

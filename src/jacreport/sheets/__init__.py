"""Spreadsheets in and out: reading trackers, the import plan, exports."""

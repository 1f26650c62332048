"""Review of record changes: git access, the records' own diff, history."""

"""`python -m jacreport` runs the jac command line."""

from jacreport.cli import main

main()

"""``python -m kg`` runs the command line."""
from kg.cli import main

main(prog_name="kg")

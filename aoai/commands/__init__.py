"""One module per `aoai` command; cli.py wires them into the typer app."""

"""`python -m aoai`: the same as the installed `aoai` command."""

from aoai.cli import main

main()

"""`python -m aoai`: the same as the installed `aoai` command."""

from aoai.launch import main

main()

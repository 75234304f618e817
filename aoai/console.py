"""Rich consoles: results on stdout (pipe-friendly), progress and errors on stderr."""

from rich.console import Console

out = Console(highlight=False)
err = Console(stderr=True, highlight=False, soft_wrap=True)

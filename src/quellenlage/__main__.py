"""``python -m quellenlage``: the same CLI as the ``quellenlage`` command."""

from .cli import main

main()

"""Stage 3, every figure: a case's figures (calculation.py) and a package's (package_overview.py), from exact decimal and integer arithmetic."""

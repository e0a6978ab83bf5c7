"""Stage 3, every figure: a case's (calculation.py, with distribution, payback and price levels)
and a package's (package_overview.py), in exact decimal and integer arithmetic. Nothing else
computes a figure.
"""

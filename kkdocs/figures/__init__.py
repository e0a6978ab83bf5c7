"""Stage 3, the figures every case type shares: the figure types and price index (calculation.py),
distribution, payback, price levels, rounding, and a package's overview summed from what each case
adds (package_overview.py), in exact decimal and integer arithmetic. Each type computes its own
figures in its package (`kkdocs/case_types/<type>/figures.py`); nothing else computes a figure.
"""

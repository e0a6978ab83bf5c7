"""Stage 1, the case file as text: YAML parsed once, with the line and column of every value,
and each kind of syntax error told in Danish with its fix.
"""

"""Stage 4, the checks: the reference data, the raw checks made before the model is trusted, the
rules of Bilag 4 and of the loan pool, plausible numbers, attachments and placeholders left from
a skeleton.
"""

"""Stage 4, the checks: the reference data, the raw checks before the model is trusted, the rules of Bilag 4 and the loan pool, plausibility, attachments and placeholders."""

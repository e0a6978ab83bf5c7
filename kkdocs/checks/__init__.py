"""Stage 4, the checks every case type shares: the reference data, reading raw data defensively
before the model is trusted, stated figures and price levels, plausible numbers, attachments and
placeholders left from a skeleton. Each type's own checks are in its package (`kkdocs/case_types/`).
"""

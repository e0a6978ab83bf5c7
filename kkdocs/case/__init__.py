"""Stage 2, the typed case: the base models and field types with the case format's Danish keys,
pydantic's errors as findings at their line, and what every skeleton a user starts from shares.
Each type's own model and skeleton are in its package (`kkdocs/case_types/<type>/`).
"""

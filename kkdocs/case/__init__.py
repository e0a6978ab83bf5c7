"""Stage 2, the typed case: the models with the case format's Danish keys, pydantic's errors as findings, what a case type is, and the skeletons a user starts from."""

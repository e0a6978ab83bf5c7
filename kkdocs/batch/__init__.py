"""Stage 9, the batch: validate and build every case and package, incrementally and in parallel,
with the manifest of what was built, the report and the status.
"""

"""Stage 9, the batch: validate and build every case and package, incrementally and in parallel, with the manifest, the report and the status."""

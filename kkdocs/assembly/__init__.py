"""Stage 8, bundles and packages: a case's PDFs merged into one, and the committee package with its overview in PDF and Excel."""

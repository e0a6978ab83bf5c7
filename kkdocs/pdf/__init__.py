"""Stage 7, PDF: converting the documents with LibreOffice (a local pool or unoserver servers), and making each PDF publishable (tags, PDF/A)."""

"""Stage 7, PDF: the documents converted by LibreOffice (a local pool or unoserver servers), and
each PDF made publishable (tagged PDF/UA, PDF/A) and read back.
"""

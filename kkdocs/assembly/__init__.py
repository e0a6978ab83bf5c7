"""Stage 8, bundles and packages: a case's PDFs merged into its bundle, and the committee
package with its cover, contents, overview and cases, in PDF and in Excel.
"""

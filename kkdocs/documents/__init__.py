"""Stage 5, the Word and Excel documents: the manifests, the template contexts, the two
renderers and the pieces they share (template problems, reproducible zips, the rendered part).
"""

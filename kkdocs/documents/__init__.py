"""Stage 5, the Word and Excel documents: the manifests, the template contexts, the two renderers and what they share."""

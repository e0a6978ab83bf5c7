"""Stage 5, the Word and Excel documents: the manifests, the pieces of the template contexts every
type shares, the context builders' signatures (builders.py), the two renderers and what they share
(template problems, reproducible zips, the rendered part). Each type's own contexts are in its
package (`kkdocs/case_types/<type>/`).
"""

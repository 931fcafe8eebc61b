"""Articles → candidate facts: segmentation, figure/period/qualifier patterns, the graph
as a gazetteer, and the candidates written as JSON or as a data/ draft to review.

The flow is one way: `reading` decodes the file, `segment` cuts it into paragraphs,
sentences and clauses, `gazetteer` finds the graph's names (and `discover` new
ones), `figures`, `periods` and `relations` read the facts, `extract` ties them
together and `draft` writes them out.
"""

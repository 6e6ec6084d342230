"""kg: build a linked RDF knowledge graph from Chinese investment-promotion news.

The pipeline, one module per stage (see ``kg/pipeline.py`` for their order):
parse -> extract -> link -> graph -> export (Turtle, HTML) -> validate.
"""

__version__ = "0.1.0"

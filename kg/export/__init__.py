"""Exporters: the built rdflib graph written as Turtle / N-Triples and as an HTML page."""

"""Packaging details pyproject.toml cannot express (everything else is there).

The ontology lives at the top of the checkout (``ontology/``), where a reader opens
it; the package needs it at run time. This maps that folder to the package
``kg.ontology``, so a wheel or ``pip install .`` carries ``kg/ontology/*.ttl``
while git holds one copy. ``kg.vocab`` finds it in either place.
"""
from setuptools import find_packages, setup

setup(
    packages=[*find_packages(include=["kg", "kg.*"]), "kg.ontology"],
    package_dir={"kg.ontology": "ontology"},
)

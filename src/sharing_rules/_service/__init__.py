"""The decision service: ``sharing-rules serve`` (an HTTP API and a web page over the library).

Private: its dependencies are the optional extra ``service`` (``pip install 'sharing-rules[service]'``),
and nothing in the library imports it.
"""

"""Benchmarks of sharing-rules: speed next to a dict look-up and to peer engines, cold start, and scale.

Run them all, in one report, with ``.venv/bin/python benchmarks/run.py`` (``--quick`` for a smoke run) or
``python3 scripts/dev.py bench``, which installs the peers (the ``bench`` extra) first.
"""

"""Benchmarks (not tests): `python -m bench.generate` builds a large plan, `python -m bench.run` times the pages.

Never imported by the app or collected by pytest; tests/bench/ only checks that both still run on a tiny plan.
"""

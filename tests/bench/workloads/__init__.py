"""One module per workload. Each exposes `run(spec) -> dict` and runs inside a bench worker process.

Workloads 3 (evidence ingest), 4 (publication) and 5 (public serving) plug in the same way: add a module,
list it in tests/bench/runner.py WORKLOADS, and return figures built with tests.bench.harness.Figure.
"""

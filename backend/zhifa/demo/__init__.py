"""Demo data derived from the seed report (潜江市民政局 2023 法治政府建设报告).

Each area has a module with a `load()` that is idempotent: running it twice changes nothing.
"""

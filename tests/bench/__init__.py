"""`make bench`: Zhifa measured against its own limits and against peers, in one run (docs/benchmarks.md)."""

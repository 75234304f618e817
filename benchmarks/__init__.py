"""Benchmarks: measured ratios from one run (make bench); never run as tests."""

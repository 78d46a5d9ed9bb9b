"""Computations a KAM expert would make from the data: pure functions over the
models and aggregated tables, returning plain values for the templates."""

"""Evals: score a backend's predictions against hand-labelled gold fixtures.

`names` (name keys and similarity) → `assignment` (Hungarian pairing) → `scorer` (one report,
counted in `counts`) → `runner` (all reports, results files) with `cases` (fixture ↔ report),
`baseline` (regression guard) and `table` (the printed and markdown table).
"""

"""Types, errors and configuration shared by every stage. Imports nothing else of `pipeline`."""

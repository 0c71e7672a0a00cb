"""The deterministic rules backend: the embedded default, no model and no network."""

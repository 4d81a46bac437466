"""The hmm topic: backend, figures, controls and snippets (no UI import)."""

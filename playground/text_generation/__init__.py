"""The text generation topic: backend, figures, controls and snippets (no UI import)."""

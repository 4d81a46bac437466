"""Generative adversarial network for 8 × 8 digits (chapter §1.2.2, §1.3.2): the bundled
generator, its quality figures, and a comparison with the bundled diffusion digits model."""

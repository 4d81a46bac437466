"""Unconditional image generation with the bundled diffusion digits model: backend, figures,
controls and "show code" (no UI import). The diffusion machinery itself is
:mod:`playground.diffusion`."""

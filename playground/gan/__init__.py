"""The GAN lab topic: a 2-D GAN trained move by move, its figures, controls and snippet (no UI
import)."""

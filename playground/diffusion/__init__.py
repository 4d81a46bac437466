"""The diffusion topic (chapter §1.2.2) on 2-D points, no UI import. Read in this order:

``schedule``  the forward process and the reverse update rule (DDPM / DDIM)
``model``     the denoiser network; a trained model kept, saved and loaded
``samplers``  the reverse process: from noise to samples
``training``  DDPM's simple loss, with progress and stop; the visitor's shelf of models
``quality``   the energy distance between generated points and the data
``data``      the 2-D shapes and uploads; ``processes`` what the page shows of both processes;
``figures``, ``spec`` (the controls), ``snippet`` (the standalone "show code" script)

The digits page builds on these in :mod:`playground.diffusion_digits`.
"""

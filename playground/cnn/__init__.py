"""The chapter's small convolutional network (§1.1.3) trained on scikit-learn's digits.

``data`` loads and scales the digits, ``model`` holds the chapter's ``Net`` and its training
loop, ``figures`` draws, ``spec`` declares the controls, ``snippet`` writes "show code" and
``chapter`` runs the chapter's listing as printed. Torch is imported by ``data`` and ``model``
only, never by this package's ``__init__``.
"""

"""A first model, y = Wx + b, trained with Keras on TensorFlow and mirrored in PyTorch (§1.1.2).

``model`` holds the data, the parameters and the NumPy references (closed-form least squares and
gradient descent written out); ``keras_fit`` trains the chapter's Keras model quickly and records
its history; ``torch_twin`` trains the same model in PyTorch from the same initial weights;
``chapter_run`` runs the chapter's listing exactly as printed. TensorFlow and torch are imported
only inside the functions that use them: importing this package costs nothing.
"""

"""Tensors and autograd (chapter §1.1.3): the chapter's ``out.backward()`` example as an editable
computation graph, with TensorFlow's GradientTape beside it and the tensor basics it rests on."""

"""The generator behind ``scripts/generate`` (run as ``python -m scripts.codegen.generate``)."""

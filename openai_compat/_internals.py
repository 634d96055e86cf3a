"""Internal names the test suite, the fuzz targets and the benchmarks need, gathered in one module.

Everything else they use is public (``openai_compat``, ``openai_compat.testing``, the ``types`` and
``resources`` modules). Importing internals from here, and only here, means a module can move with
one edit to this file. Nothing here is part of the public API: no compatibility is promised.
"""

from __future__ import annotations

from ._http import body_reader

__all__ = ["body_reader"]

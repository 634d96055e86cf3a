"""The msgspec Structs of the API, one module per area: ``openai_compat.types.chat``, ``.responses``,
``.files``, ``.embeddings`` and so on.

Import the module you need (``from openai_compat.types.chat import ChatCompletion``); this package
imports none of them itself, so ``import openai_compat.types`` costs nothing beyond what the top-level
package already loads. The most used types are also exported from ``openai_compat``.
"""

"""The msgspec Structs of every API area, one module per area (``openai_compat.types.chat``, ...)."""

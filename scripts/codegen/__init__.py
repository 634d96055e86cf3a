"""The generator behind ``scripts/generate`` (``python -m scripts.codegen.generate``).

How the pieces fit, in the order data flows:

- ``introspect_openai.py`` (run by hand, with openai-python installed) records openai-python's call
  shapes as facts in ``openai_surface.json``; ``introspect_types.py`` records, from openai-python's
  type definitions, the wire shapes of the endpoints the spec lacks as an OpenAPI fragment,
  ``openai_supplement.json``: the generator itself needs no openai install;
- ``spec.py`` loads the OpenAPI spec and merges the fragment in (the spec wins where both describe
  an operation); ``methods.py`` joins each method of ``config.ROOTS`` with its operation (path,
  parameters, body, result: JSON, a page, bytes, events, or JSON unless ``stream=True``);
  ``schemas.py`` types parameters and results and collects the classes to emit;
- ``render_types.py``, ``render_resources.py`` and ``render_facade.py`` write the type modules, the
  resource functions and the namespace classes; ``emit.py`` and ``naming.py`` help them;
- ``templates.py`` holds every line that depends on the package's layout (imports, how a function
  reaches the Session, the namespace base): moving the package means editing it and regenerating.

What has behaviour of its own stays hand-written (``config.HAND_WRITTEN``: polling, uploads, the
agents' tool handlers) and is bound into the generated namespaces beside the generated methods.

Why not a schema-to-model library such as datamodel-code-generator: the types are the smaller part
of the job. The rest (openai-python's call shapes, resource functions and namespaces in this
library's conventions, lenient decoding with open unions, depth limits, module placement without
import cycles) would be post-processing of nearly every line such a tool emits.
"""

"""The module client, ported from openai-python's README (only the import changed): settings on
the package, then calls on it; changing a setting takes effect on the next call.

Uses OPENAI_API_KEY and OPENAI_BASE_URL (./scripts/demo points them at the local mock API).
"""

from __future__ import annotations

import openai_compat

# optional; defaults to `os.environ['OPENAI_API_KEY']`
openai_compat.api_key = None

# all client options can be configured just like the `OpenAI` instantiation counterpart
openai_compat.default_headers = {"x-foo": "true"}

completion = openai_compat.chat.completions.create(
    model="gpt-4o",
    messages=[
        {
            "role": "user",
            "content": "How do I output all files in a directory using Python?",
        },
    ],
)
print(completion.choices[0].message.content)

openai_compat.max_retries = 0  # the next call uses a client built with the new setting
print("models:", len(openai_compat.models.list().data))

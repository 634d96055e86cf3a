"""Raw and streaming responses, ported from openai-python's README (only the import changed):
the headers of a call, then the object it returns; the lines of a body read as they arrive.

Uses OPENAI_API_KEY and OPENAI_BASE_URL (./scripts/demo points them at the local mock API).
"""

from __future__ import annotations

from openai_compat import OpenAI

client = OpenAI()
response = client.chat.completions.with_raw_response.create(
    messages=[{"role": "user", "content": "Say this is a test"}],
    model="gpt-4o",
)
print(response.headers.get("X-My-Header"), response.status_code, response.request_id)

completion = response.parse()  # get the object that `chat.completions.create()` would have returned
print(completion.choices[0].message.content)

with client.chat.completions.with_streaming_response.create(
    messages=[{"role": "user", "content": "Say this is a test"}],
    model="gpt-4o",
) as response:
    print(response.headers.get("X-My-Header"))

    for line in response.iter_lines():
        print(line[:80])

page = client.with_raw_response.models.list().parse()
print("models:", [model.id for model in page.data][:3], "more pages:", page.has_next_page())

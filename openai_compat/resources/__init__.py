"""The API as plain functions taking a ``Session`` first; the ``Client`` facade forwards to these.

    from openai_compat import Session
    from openai_compat.resources import chat

    session = Session(api_key="...")
    completion = chat.create(session, model="gpt-4o-mini", messages=[{"role": "user", "content": "Hi"}])
"""

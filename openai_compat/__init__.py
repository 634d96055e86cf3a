"""openai_compat: a small, fast, sync-only client for the OpenAI API and compatible servers."""

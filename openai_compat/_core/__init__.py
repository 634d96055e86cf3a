"""The core: the Session and what one API call needs (retries, timeouts, headers, URLs, bodies)."""

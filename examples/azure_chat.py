"""A chat completion on Azure OpenAI, with the content-filter results Azure adds.

With AZURE_OPENAI_ENDPOINT set it talks to your resource (AZURE_OPENAI_API_KEY or AZURE_OPENAI_AD_TOKEN,
OPENAI_API_VERSION; AZURE_OPENAI_DEPLOYMENT names the deployment). Otherwise it uses Azure's v1 style
(no api-version, the deployment as ``model``) against OPENAI_BASE_URL, the local mock under ./scripts/demo.
"""

from __future__ import annotations

import os

from openai_compat import AzureClient, Message


def main() -> None:
    if os.environ.get("AZURE_OPENAI_ENDPOINT"):
        client = AzureClient()  # legacy /deployments/ URLs, or v1 if OPENAI_API_VERSION=v1
    elif not os.environ.get("OPENAI_BASE_URL"):  # api.openai.com takes no api-key header: nothing to show
        print("Set AZURE_OPENAI_ENDPOINT (or OPENAI_BASE_URL for a mock) to run this example.")
        return
    else:
        client = AzureClient(base_url=os.environ["OPENAI_BASE_URL"], api_version="v1",
                             api_key=os.environ["OPENAI_API_KEY"])
    with client:
        completion = client.chat.completions.create(
            model=os.environ.get("AZURE_OPENAI_DEPLOYMENT", "gpt-4o-mini"),  # your deployment's name
            messages=[Message.user("Say hello in French.")],
            max_completion_tokens=20,
        )
        print("request:", client.base_url + "chat/completions")
        for choice in completion.choices:
            print("answer:", choice.message.content, "| finish:", choice.finish_reason)
            print("filter results:", choice.extra.get("content_filter_results", "none (not Azure)"))
        print("prompt filter results:", completion.extra.get("prompt_filter_results", "none"))


if __name__ == "__main__":
    main()

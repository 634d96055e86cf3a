"""Cloud providers that serve the OpenAI API with their own endpoints and credentials, for
``Client(provider=...)`` (openai-python's ``openai.providers``)::

    from openai_compat import Client
    from openai_compat.providers import bedrock, vertex

    client = Client(provider=bedrock(region="us-east-1"))            # AWS credentials or a Bedrock API key
    client = Client(provider=vertex(project="p", location="global"))  # Google credentials

The client then sends its usual calls (``client.responses.create(...)``) to the provider. A
provider cannot be combined with ``api_key``, ``workload_identity``, ``base_url`` or
``data_residency``; the Realtime WebSocket is not available through one.
"""

from ._provider import Provider
from .bedrock import AwsCredentialsProvider, BedrockEndpoint, BedrockTokenProvider, bedrock
from .vertex import VertexTokenProvider, vertex

__all__ = [
    "AwsCredentialsProvider",
    "BedrockEndpoint",
    "BedrockTokenProvider",
    "Provider",
    "VertexTokenProvider",
    "bedrock",
    "vertex",
]

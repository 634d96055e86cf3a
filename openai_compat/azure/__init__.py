"""Azure OpenAI: ``AzureClient`` (also ``AzureOpenAI``) and its Session."""

from .client import AzureADTokenProvider, AzureClient, AzureOpenAI, AzureSession, MutuallyExclusiveAuthError

__all__ = ["AzureADTokenProvider", "AzureClient", "AzureOpenAI", "AzureSession", "MutuallyExclusiveAuthError"]

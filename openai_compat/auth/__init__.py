"""Workload identity: authenticate as an OpenAI service account with your platform's own identity
(a Kubernetes service account, an Azure managed identity, a GCP service account, or a client
certificate) instead of an API key, as openai-python's ``openai.auth`` does::

    from openai_compat import Client
    from openai_compat.auth import k8s_service_account_token_provider

    client = Client(workload_identity={
        "identity_provider_id": "idp_...",
        "service_account_id": "svc_acct_...",
        "provider": k8s_service_account_token_provider(),
    })
"""

from .._auth_errors import OAuthError, SubjectTokenProviderError
from ._exchange import WorkloadIdentityAuth
from ._identity import (
    SubjectTokenProvider,
    SubjectTokenWorkloadIdentity,
    WorkloadIdentity,
    X509WorkloadIdentity,
    azure_managed_identity_token_provider,
    gcp_id_token_provider,
    k8s_service_account_token_provider,
    x509_workload_identity,
)

__all__ = [
    "OAuthError",
    "SubjectTokenProvider",
    "SubjectTokenProviderError",
    "SubjectTokenWorkloadIdentity",
    "WorkloadIdentity",
    "WorkloadIdentityAuth",
    "X509WorkloadIdentity",
    "azure_managed_identity_token_provider",
    "gcp_id_token_provider",
    "k8s_service_account_token_provider",
    "x509_workload_identity",
]

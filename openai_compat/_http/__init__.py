"""The transport layer: the request/response contract and the transports that send over HTTP."""

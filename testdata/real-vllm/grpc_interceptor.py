"""A recording gRPC server interceptor, put around vLLM's own gRPC server by the harness (vLLM's files unchanged).

`install(LOG)` wraps `grpc.aio.server` (and `grpc.server`) so that every server built afterwards in this process
gets one more interceptor, first in the chain: it appends one JSON line per RPC the server receives (before any
handler lookup, so calls to unknown methods are recorded too) with the full method name, the caller's user-agent
and whether an `authorization` header came with it (never its value). A `server-created` line proves that the
wrapper was in place when vLLM built its server: a log without it proves nothing, and the harness fails on it.

Loaded through `interceptor_site/sitecustomize.py` when VLLMSCAN_GRPC_LOG names the log file, so it is in place in
whichever process vLLM starts its gRPC server.
"""
import inspect
import json
import os
import threading
import time

import grpc
from grpc import aio

# The only RPCs the scanner may ever send (issue 19, item 2).
ALLOWED = frozenset({
    "/grpc.reflection.v1alpha.ServerReflection/ServerReflectionInfo",
    "/grpc.reflection.v1.ServerReflection/ServerReflectionInfo",
    "/grpc.health.v1.Health/Check",
    "/vllm.grpc.engine.VllmEngine/HealthCheck",
    "/vllm.grpc.engine.VllmEngine/GetModelInfo",
    "/vllm.grpc.engine.VllmEngine/GetServerInfo",
    "/vllm.grpc.engine.VllmEngine/GetLoads",
})

_lock = threading.Lock()


def _append(path, entry):
    with _lock, open(path, "a") as f:
        f.write(json.dumps(entry) + "\n")


def _entry(details):
    metadata = {}
    for item in details.invocation_metadata or ():
        key, value = item[0], item[1]
        metadata[key] = value
    agent = metadata.get("user-agent")
    return {"t": time.time(), "method": details.method,
            "user_agent": agent if isinstance(agent, str) else None,
            "authorization": "authorization" in metadata,
            "harness": metadata.get("x-vllmscan-harness")}


class RecordingAioInterceptor(aio.ServerInterceptor):
    def __init__(self, path):
        self.path = path

    async def intercept_service(self, continuation, handler_call_details):
        _append(self.path, _entry(handler_call_details))
        return await continuation(handler_call_details)


class RecordingInterceptor(grpc.ServerInterceptor):
    def __init__(self, path):
        self.path = path

    def intercept_service(self, continuation, handler_call_details):
        _append(self.path, _entry(handler_call_details))
        return continuation(handler_call_details)


def _wrap(factory, interceptor, kind, path):
    signature = inspect.signature(factory)

    def server(*args, **kwargs):
        bound = signature.bind_partial(*args, **kwargs)
        bound.arguments["interceptors"] = [interceptor] + list(bound.arguments.get("interceptors") or ())
        _append(path, {"t": time.time(), "event": "server-created", "kind": kind, "pid": os.getpid()})
        return factory(*bound.args, **bound.kwargs)

    server.__wrapped__ = factory
    return server


def install(path):
    if getattr(aio.server, "__wrapped__", None) is None:
        aio.server = _wrap(aio.server, RecordingAioInterceptor(path), "aio", path)
    if getattr(grpc.server, "__wrapped__", None) is None:
        grpc.server = _wrap(grpc.server, RecordingInterceptor(path), "sync", path)


def read(path):
    """(servers created, RPC entries) from a log file."""
    servers, rpcs = [], []
    if os.path.exists(path):
        for line in open(path):
            if line.strip():
                e = json.loads(line)
                (servers if e.get("event") == "server-created" else rpcs).append(e)
    return servers, rpcs

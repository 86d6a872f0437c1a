"""What a running vLLM itself says, beyond HTTP: its gRPC reflection listing and read-only answers, the TCP
sockets its processes listen on, and what each of those sockets sends first.

Every gRPC call here is one the scanner is allowed to send too (reflection, health Check, VllmEngine's four
read-only methods), tagged with `x-vllmscan-harness: reference` so the recording interceptor's log tells the
harness's calls from the scanner's. Messages are built from the descriptors reflection returns: no copy of vLLM's
proto, the same way the scanner works, but through the Python gRPC library.
"""
import collections
import os
import socket
import struct

import grpc
from google.protobuf import descriptor_pool, json_format, message_factory
from grpc_health.v1 import health_pb2, health_pb2_grpc
from grpc_reflection.v1alpha.proto_reflection_descriptor_database import ProtoReflectionDescriptorDatabase

ENGINE = "vllm.grpc.engine.VllmEngine"
READ_ONLY = ("HealthCheck", "GetModelInfo", "GetServerInfo", "GetLoads")
TAG = (("x-vllmscan-harness", "reference"),)
ZMTP_SIGNATURE = bytes.fromhex("ff00000000000000017f")


class _Details(collections.namedtuple("_Details", ("method", "timeout", "metadata", "credentials",
                                                     "wait_for_ready", "compression")), grpc.ClientCallDetails):
    pass


class _Tagged(grpc.UnaryUnaryClientInterceptor, grpc.UnaryStreamClientInterceptor,
              grpc.StreamStreamClientInterceptor):
    """Adds the harness's tag to every call on the channel (reflection's stream included)."""

    def _tag(self, d):
        return _Details(d.method, d.timeout, list(d.metadata or ()) + list(TAG), d.credentials,
                        getattr(d, "wait_for_ready", None), getattr(d, "compression", None))

    def intercept_unary_unary(self, continuation, details, request):
        return continuation(self._tag(details), request)

    def intercept_unary_stream(self, continuation, details, request):
        return continuation(self._tag(details), request)

    def intercept_stream_stream(self, continuation, details, requests):
        return continuation(self._tag(details), requests)


def serving(address, timeout=2):
    """The standard health service's answer for the whole server, or None when it does not answer."""
    channel = grpc.intercept_channel(grpc.insecure_channel(address), _Tagged())
    try:
        answer = health_pb2_grpc.HealthStub(channel).Check(health_pb2.HealthCheckRequest(service=""),
                                                           timeout=timeout)
        return health_pb2.HealthCheckResponse.ServingStatus.Name(answer.status)
    except grpc.RpcError:
        return None
    finally:
        channel.close()


def grpc_facts(address, timeout=10):
    """Reflection listing (services → methods with their streaming kinds), health status and the read-only
    answers of a gRPC server, as plain dicts."""
    raw = grpc.insecure_channel(address)
    channel = grpc.intercept_channel(raw, _Tagged())
    try:
        db = ProtoReflectionDescriptorDatabase(channel)
        pool = descriptor_pool.DescriptorPool(db)
        services = {}
        for name in db.get_services():
            desc = pool.FindServiceByName(name)
            services[name] = {m.name: {"input": m.input_type.full_name, "output": m.output_type.full_name,
                                       "clientStreaming": m.client_streaming,
                                       "serverStreaming": m.server_streaming} for m in desc.methods}
        health = health_pb2_grpc.HealthStub(channel).Check(health_pb2.HealthCheckRequest(service=""),
                                                           timeout=timeout)
        answers = {}
        if ENGINE in services:
            desc = pool.FindServiceByName(ENGINE)
            for method in READ_ONLY:
                m = desc.methods_by_name[method]
                request = message_factory.GetMessageClass(m.input_type)
                response = message_factory.GetMessageClass(m.output_type)
                call = channel.unary_unary(f"/{ENGINE}/{method}", request_serializer=request.SerializeToString,
                                           response_deserializer=response.FromString)
                answers[method] = json_format.MessageToDict(call(request(), timeout=timeout),
                                                            preserving_proto_field_name=True)
        return {"services": services, "health": health_pb2.HealthCheckResponse.ServingStatus.Name(health.status),
                "answers": answers}
    finally:
        raw.close()


def _tree(root_pid):
    """root_pid and all its descendants (from /proc/*/stat parent links)."""
    children = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                stat = open(f"/proc/{entry}/stat").read()
                ppid = int(stat[stat.rindex(")") + 2:].split()[1])
                children.setdefault(ppid, []).append(int(entry))
            except (OSError, ValueError):
                pass
    pids, todo = set(), [root_pid]
    while todo:
        pid = todo.pop()
        if pid not in pids:
            pids.add(pid)
            todo.extend(children.get(pid, []))
    return pids


def _hex_address(text, v6):
    host, port = text.split(":")
    raw = bytes.fromhex(host)
    if v6:
        words = struct.unpack("<4I", raw)
        raw = struct.pack(">4I", *words)
        mapped = raw[:12] == b"\0" * 10 + b"\xff\xff"
        return (socket.inet_ntop(socket.AF_INET, raw[12:]) if mapped else socket.inet_ntop(socket.AF_INET6, raw)), \
            int(port, 16)
    return socket.inet_ntop(socket.AF_INET, struct.unpack("<I", raw)[0].to_bytes(4, "big")), int(port, 16)


def listening(root_pid=None):
    """TCP listeners from /proc/net/tcp{,6}: [{host, port, pid, process}]; only root_pid's process tree when given
    (pid None for sockets whose owner this user cannot see)."""
    inode_pid = {}
    pids = _tree(root_pid) if root_pid else None
    for entry in os.listdir("/proc"):
        if not entry.isdigit() or (pids is not None and int(entry) not in pids):
            continue
        try:
            for fd in os.listdir(f"/proc/{entry}/fd"):
                target = os.readlink(f"/proc/{entry}/fd/{fd}")
                if target.startswith("socket:["):
                    inode_pid[target[8:-1]] = int(entry)
        except OSError:
            pass
    found = []
    for table, v6 in (("/proc/net/tcp", False), ("/proc/net/tcp6", True)):
        for line in open(table).readlines()[1:]:
            cols = line.split()
            if cols[3] != "0A":  # LISTEN
                continue
            pid = inode_pid.get(cols[9])
            if pids is not None and pid is None:
                continue
            host, port = _hex_address(cols[1], v6)
            name = None
            if pid:
                try:
                    name = open(f"/proc/{pid}/comm").read().strip()
                except OSError:
                    pass
            found.append({"host": host, "port": port, "pid": pid, "process": name})
    return sorted(found, key=lambda s: (s["port"], s["host"]))


def first_bytes(port, host="127.0.0.1", timeout=3.0, limit=64):
    """Connect, send nothing, read what the listener sends on its own within `timeout` (up to `limit` bytes),
    close. None when the connection is refused."""
    try:
        s = socket.create_connection((host, port), timeout=timeout)
    except OSError:
        return None
    data = b""
    try:
        s.settimeout(timeout)
        while len(data) < 10:
            chunk = s.recv(limit - len(data))
            if not chunk:
                break
            data += chunk
    except OSError:
        pass
    finally:
        s.close()
    return data


def protocol_of(first):
    if first is None:
        return None
    if first[:10] == ZMTP_SIGNATURE or (len(first) >= 10 and first[0] == 0xFF and first[9] == 0x7F):
        return "zmtp"
    return "unknown"

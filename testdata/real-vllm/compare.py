"""Compare what vllmscan reported about a running vLLM with what that vLLM itself says.

Expectations come from the server, not from us: its route table (app.routes), its key middleware's guarded
prefixes, its CORS settings, and one curl-like request per catalogue row with the scanner's own wire method (to
see vLLM's "feature disabled" 403s and 5xx answers). The request log recorded by app_server.py is checked for any
state-changing call.

usage: compare.py ROUTES.json SCAN.json REQUESTS.jsonl CATALOGUE.tsv BASE_URL VARIANT [REFERENCE.json CONFIG] [--key KEY]
ROUTES.json may carry the release's own guardedPrefixes (facts recorded by record_facts.py); without them the
0.33 prefixes apply. --key: the scan was made with the key, so guarded routes are judged by an answer with it.
prints one line per disagreement and a summary; exits 1 on a disagreement or a state-changing request.
"""
import json
import re
import sys
import urllib.error
import urllib.request

GUARDED_PREFIX = ("/v1", "/v2", "/inference", "/cohere")
SYNTH = "resp_" + "0" * 32


def load_catalogue(path):
    rows = []
    for line in open(path):
        if line.startswith("#") or line.startswith("path\t") or not line.strip():
            continue
        c = line.rstrip("\n").split("\t")
        rows.append({"path": c[0].replace("{SYNTH}", SYNTH), "method": c[1], "wire": c[2], "category": c[3],
                     "sc": c[4] == "yes", "groups": (c[8] if len(c) > 8 else "-").split(",")})
    return rows


def route_matcher(routes):
    pats = []
    for r in routes:
        rx = "^" + re.sub(r"\{[^}/]+\}", "[^/]+", re.escape(r["path"]).replace("\\{", "{").replace("\\}", "}")) + "$"
        pats.append((re.compile(rx), set(r["methods"])))
    return lambda p: any(rx.match(p) for rx, _ in pats)


def observe(base, row, key=None):
    """The scanner's own request for a row (anonymous unless a key is given), sent once more: (status, body)."""
    data = b"{}" if row["wire"] == "POST" and not row["sc"] else None
    req = urllib.request.Request(base + row["path"], data=data, method=row["wire"])
    if key:
        req.add_header("Authorization", "Bearer " + key)
    if data is not None:
        req.add_header("Content-Type", "application/json")
    try:
        with urllib.request.urlopen(req, timeout=10) as r:
            return r.status, r.read(4096)
    except urllib.error.HTTPError as e:
        return e.code, e.read(4096)
    except Exception:
        return None, b""


def disabled(status, body):
    if status != 403:
        return False
    try:
        e = json.loads(body).get("error", {})
        return isinstance(e, dict) and e.get("code") == 403
    except Exception:
        return False


def value(v):
    if isinstance(v, dict) and "unknown" in v:
        return "unknown"
    return v


def main():
    api_key = None
    if "--key" in sys.argv:
        at = sys.argv.index("--key")
        api_key = sys.argv[at + 1]
        del sys.argv[at:at + 2]
    routes_doc = json.load(open(sys.argv[1]))
    guard_prefixes = tuple(routes_doc.get("guardedPrefixes", GUARDED_PREFIX))
    scan = json.load(open(sys.argv[2]))
    scan = next(iter(scan.values()))
    log = [json.loads(l) for l in open(sys.argv[3]) if l.strip()]
    cat = load_catalogue(sys.argv[4])
    base, variant = sys.argv[5], sys.argv[6]
    routes = routes_doc["routes"]
    in_app = route_matcher(routes)
    keyed = routes_doc["api_key"]
    wrong, compared = [], 0

    def expect(field, want, got):
        nonlocal compared
        compared += 1
        if want == "any":
            return
        if value(got) != want:
            wrong.append(f"{variant}: {field}: vLLM says {want}, vllmscan says {json.dumps(got)[:160]}")

    rows = {}
    for row in cat:
        guarded = keyed and row["path"].startswith(guard_prefixes)
        present = in_app(row["path"])
        status, body = (None, b"") if guarded and not api_key else observe(base, row, api_key if guarded else None)
        off = disabled(status, body)
        five = status is not None and status >= 500
        if guarded and api_key:
            seen = "unknown" if five else present
            exp = {"present": seen, "anonymousAccessible": False, "requiresAuth": True}
        elif guarded:
            exp = {"present": "unknown", "anonymousAccessible": False, "requiresAuth": True}
        elif not present:
            exp = {"present": False, "anonymousAccessible": False, "requiresAuth": None}
        elif five:
            exp = {"present": "unknown", "anonymousAccessible": "unknown", "requiresAuth": "unknown"}
        else:
            exp = {"present": True, "anonymousAccessible": not off, "requiresAuth": False}
        rows[(row["method"], row["path"])] = (row, exp, status)

    for ep in scan["vllm.endpoints"] if "vllm.endpoints" in scan else scan["endpoints"]:
        key = (ep["method"], ep["path"])
        if key not in rows:
            continue  # learnt from /openapi.json: no catalogue expectation
        row, exp, status = rows[key]
        for f in ("present", "anonymousAccessible", "requiresAuth"):
            expect(f"{ep['method']} {ep['path']}.{f} (harness saw {status})", exp[f], ep[f])

    srv = scan["vllm.server"] if "vllm.server" in scan else scan["server"]
    paths = lambda group: [r["path"] for r in cat if group in r["groups"]]
    unguarded_any = lambda ps: any(in_app(p) and not (keyed and p.startswith(guard_prefixes)) for p in ps)
    dev = [r["path"] for r in cat if r["category"] == "development"]
    answered = {p: st for (_, p), (_, _, st) in rows.items()}

    def exposed(ps):
        """True if an unguarded route among ps answered; unknown if every one there failed (5xx) behind the stub."""
        there = [p for p in ps if in_app(p) and not (keyed and p.startswith(guard_prefixes))]
        if any((answered.get(p) or 500) < 500 for p in there):
            return True
        return "unknown" if there else False
    lora_open = unguarded_any(paths("lora"))
    stored_row = next(r for r in cat if "stored-responses" in r["groups"])
    stored_status, stored_body = (None, b"") if keyed else observe(base, stored_row)
    server_expect = {
        "isVllm": True, "assessable": True, "usesTls": False,
        "docsExposed": unguarded_any(paths("docs")), "openapiExposed": unguarded_any(paths("openapi")),
        "versionDisclosed": in_app("/version"), "metricsExposed": in_app("/metrics"),
        "loadEndpointExposed": in_app("/load"), "tokenizerInfoExposed": in_app("/tokenizer_info"),
        "devEndpointsExposed": exposed(dev), "profilerEndpointsExposed": unguarded_any(["/start_profile", "/stop_profile"]),
        "weightUpdateRoutesExposed": exposed(paths("weights")),
        "runtimeLoraUpdatingEnabled": True if lora_open else (any(map(in_app, paths("lora"))) if api_key else
                                                              ("unknown" if keyed else False)),
        "corsAllowsAnyOrigin": "*" in (routes_doc["allowed_origins"] or []),
        "apiKeyRequired": keyed, "anonymousInferenceAllowed": not keyed,
        "guardedPrefixes": list(guard_prefixes) if keyed else [],
        "storedResponsesExposed": False if keyed or not in_app(stored_row["path"]) else ("unknown" if (stored_status or 500) >= 500 else stored_status in (200, 404)),
    }
    for f, want in server_expect.items():
        expect("vllm.server." + f, want, srv.get(f))

    sc_paths = {r["path"] for r in cat if r["sc"]}
    mutating = [e for e in log if e["path"] in sc_paths and (e["method"] not in ("GET", "HEAD", "OPTIONS")
                                                            or (e["status"] or 500) < 300)]
    ref_note = ""
    if len(sys.argv) > 8:
        ref = json.load(open(sys.argv[7]))["configs"][sys.argv[8]]["routes"]
        want = sorted((r["path"], tuple(sorted(r["methods"]))) for r in ref)
        got = sorted((r["path"], tuple(sorted(r["methods"]))) for r in routes)
        if want != got:
            wrong.append(f"{variant}: route table differs from the reference {sys.argv[8]}: "
                         f"missing {sorted(set(want) - set(got))[:5]}, extra {sorted(set(got) - set(want))[:5]}")
        ref_note = f", route table = reference {sys.argv[8]} ({len(got)} routes)" if want == got else ""
    for w in wrong:
        print("DISAGREE " + w)
    for m in mutating:
        print(f"STATE-CHANGING {variant}: {m['method']} {m['path']} -> {m['status']}")
    print(f"{variant}: {compared} fields compared, {len(wrong)} disagreements, {len(log)} requests seen, "
          f"{len(mutating)} state-changing{ref_note}")
    sys.exit(1 if wrong or mutating else 0)


if __name__ == "__main__":
    main()

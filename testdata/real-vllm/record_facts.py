"""Record what a running release of vLLM's own app says about itself, as small JSON facts the tests read.

Every request here is one the scanner itself sends anonymously (the catalogue's wire method; a state-changing
route only ever gets a method it rejects, with no body), plus a GET of a made-up path under each candidate prefix
(to see which prefixes the key middleware guards) and one CORS preflight.

usage: record_facts.py ROUTES.json CATALOGUE.tsv BASE_URL VARIANT OUT.json [flag...] [-- NAME=VALUE...]
(flags are the `vllm serve` flags, NAME=VALUE the environment of the variant; the key and local paths are
recorded as <key> and <dir>)
"""
import json
import re
import sys
import urllib.error
import urllib.request

from compare import load_catalogue, observe

CANDIDATE_PREFIXES = ["/v1", "/v2", "/inference", "/cohere"]
PROBE_TAIL = "/vllmscan-guard-probe"
FOREIGN_ORIGIN = "https://foreign.example"


def envelope(body):
    """The shape of an answer, as the scanner's classifier cares about it."""
    if not body:
        return "empty"
    try:
        doc = json.loads(body)
    except ValueError:
        start = body.lstrip()[:1]
        if start in (b"{", b"["):
            return "json"  # cut at the read limit (a large /openapi.json)
        return "html" if start == b"<" else "text"
    if isinstance(doc, dict):
        if isinstance(doc.get("error"), dict):
            return "vllm-nested"
        if doc.get("object") == "error":
            return "vllm-flat"
        if doc.get("error") == "Unauthorized":
            return "unauthorized"
        if "detail" in doc:
            return "fastapi-detail"
    return "json"


def error_type(body):
    try:
        doc = json.loads(body)
    except ValueError:
        return None
    if not isinstance(doc, dict):
        return None
    err = doc.get("error") if isinstance(doc.get("error"), dict) else doc
    return err.get("type") if isinstance(err.get("type"), str) else None


def request(url, method, headers=None):
    req = urllib.request.Request(url, method=method, headers=headers or {})
    try:
        with urllib.request.urlopen(req, timeout=10) as r:
            return r.status, dict(r.headers), r.read(4096)
    except urllib.error.HTTPError as e:
        return e.code, dict(e.headers), e.read(4096)


def redact(text):
    """Local directories become <dir>; a URL's // (the allowed origin https://app.example) is not a directory."""
    return re.sub(r"(?<![:/\w])/[^\s\"']*/([^/\s\"']*)", r"<dir>/\1", text)


def lower(headers):
    return {k.lower(): v for k, v in headers.items()}


def main():
    routes_doc = json.load(open(sys.argv[1]))
    catalogue, base, variant, out = load_catalogue(sys.argv[2]), sys.argv[3], sys.argv[4], sys.argv[5]
    rest = sys.argv[6:]
    flags, env = (rest[:rest.index("--")], rest[rest.index("--") + 1:]) if "--" in rest else (rest, [])
    flags = [redact(f) if i == 0 or flags[i - 1] != "--api-key" else "<key>" for i, f in enumerate(flags)]
    env = dict(redact(e).split("=", 1) for e in env)
    answers = []
    for row in catalogue:
        status, body = observe(base, row)
        answers.append({"method": row["method"], "path": row["path"], "wire": row["wire"],
                        "body": "{}" if row["wire"] == "POST" and not row["sc"] else None, "status": status,
                        "envelope": envelope(body), "type": error_type(body)})
    first_segments = sorted({"/" + r["path"].split("/")[1] for r in routes_doc["routes"] if r["path"].count("/") > 1})
    guarded = [p for p in dict.fromkeys(CANDIDATE_PREFIXES + first_segments)
               if request(base + p + PROBE_TAIL, "GET")[0] == 401]
    options_status = request(base + "/v1/models", "OPTIONS")[0]
    status, headers, _ = request(base + "/v1/models", "OPTIONS", {
        "Origin": FOREIGN_ORIGIN, "Access-Control-Request-Method": "POST"})
    h = lower(headers)
    facts = {
        "vllm": routes_doc["vllm"], "variant": variant, "flags": flags, "env": env,
        "api_key": routes_doc["api_key"], "allowed_origins": routes_doc["allowed_origins"], "docs": routes_doc["docs"],
        "routes": routes_doc["routes"], "middleware": routes_doc["middleware"],
        "cors": routes_doc["cors"],
        "preflight": {"origin": FOREIGN_ORIGIN, "status": status,
                      "allowOrigin": h.get("access-control-allow-origin"),
                      "allowCredentials": h.get("access-control-allow-credentials")},
        "guardedPrefixes": guarded, "optionsWithoutPreflightStatus": options_status,
        "answers": answers,
    }
    with open(out, "w") as f:
        f.write(compact(facts))


def compact(doc, indent=" "):
    """One key per line, one list item (route, answer, endpoint) per line: small diffs, small files."""
    def rows(v):
        return isinstance(v, list) and v and isinstance(v[0], dict)

    def nested(v):
        return isinstance(v, dict) and any(rows(x) or nested(x) for x in v.values())

    lines = []
    for k, v in doc.items():
        if rows(v):
            items = (",\n" + indent + " ").join(json.dumps(x) for x in v)
            lines.append(f"{indent}{json.dumps(k)}: [\n{indent} {items}\n{indent}]")
        elif nested(v):
            lines.append(f"{indent}{json.dumps(k)}: " + compact(v, indent + " ").rstrip("\n"))
        else:
            lines.append(f"{indent}{json.dumps(k)}: {json.dumps(v)}")
    return "{\n" + ",\n".join(lines) + "\n" + indent[:-1] + "}\n"


if __name__ == "__main__":
    main()

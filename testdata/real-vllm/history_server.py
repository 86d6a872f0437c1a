"""Serve an older vLLM release's own FastAPI app on loopback with a stub engine client (see app_server.py for the
current layout). The era adapter (eras/*.py) knows where that release keeps build_app and its argument parser;
everything else — routes, key middleware, CORS, docs, /version — is the release's own code.

usage: history_server.py PORT LOGFILE ROUTESFILE [vllm serve flags...]
       history_server.py --knows FLAG...   (prints the flags this release's `vllm serve` accepts)
"""
import importlib
import importlib.metadata
import json
import os
import sys

import uvicorn

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from harness_common import RequestLog, StubEngine  # noqa: E402

# (first release, adapter module): the newest era whose first release is <= the installed vLLM builds the app.
# Verified on 0.6.3.post1 (v0_6), 0.8.5.post1 (v0_6), 0.10.2 and 0.11.0 (v0_10), 0.14.1 (v0_14), 0.29.0 and
# 0.33.0 (v0_29); the first release of each era between recorded ones is a bound, not a measurement.
ERAS = [((0, 6, 0), "eras.v0_6"), ((0, 10, 0), "eras.v0_10"), ((0, 12, 0), "eras.v0_14"), ((0, 20, 0), "eras.v0_29")]


def release():
    return importlib.metadata.version("vllm")


def numeric(version):
    out = []
    for part in version.split(".")[:3]:
        digits = "".join(c for c in part if c.isdigit()) or "0"
        out.append(int(digits))
    return tuple(out)


def adapter(version):
    eligible = [module for first, module in ERAS if first <= numeric(version)]
    if not eligible:
        sys.exit(f"history_server: no era adapter for vLLM {version}")
    return importlib.import_module(eligible[-1])


def flat_routes(routes, prefix=""):
    """app.routes with included routers expanded (newer FastAPI wraps them in _IncludedRouter)."""
    for r in routes:
        inner = getattr(r, "original_router", None)
        if inner is not None:
            yield from flat_routes(inner.routes, prefix + (getattr(inner, "prefix", "") or ""))
        else:
            yield prefix, r


def route_table(app):
    table = []
    for prefix, r in flat_routes(app.routes):
        endpoint = getattr(r, "endpoint", None)
        table.append({"path": prefix + r.path, "methods": sorted(getattr(r, "methods", None) or []),
                      "module": getattr(endpoint, "__module__", None)})
    return table


def cors(app):
    for m in app.user_middleware:
        if m.cls.__name__ == "CORSMiddleware":
            kw = dict(getattr(m, "kwargs", None) or getattr(m, "options", {}))
            return {k: kw.get(k) for k in ("allow_origins", "allow_credentials", "allow_methods", "allow_headers")}
    return None


def knows(flags):
    parser = adapter(release()).parser()
    known = {o for a in parser._actions for o in a.option_strings}
    print(" ".join(f for f in flags if f in known))


def main():
    if sys.argv[1] == "--knows":
        return knows(sys.argv[2:])
    port, log, routes_file, flags = int(sys.argv[1]), sys.argv[2], sys.argv[3], sys.argv[4:]
    version = release()
    app, args = adapter(version).build(flags)
    app.state.engine_client = StubEngine()
    app.state.server_load_metrics = 0
    app.state.log_stats = False
    app.state.args = args
    with open(routes_file, "w") as f:
        json.dump({"vllm": version, "routes": route_table(app),
                   "middleware": [m.cls.__name__ for m in app.user_middleware], "cors": cors(app),
                   "api_key": bool(args.api_key), "allowed_origins": args.allowed_origins,
                   "docs": not getattr(args, "disable_fastapi_docs", False)}, f, indent=1)
    uvicorn.run(RequestLog(app, log), host="127.0.0.1", port=port, log_level="warning")


if __name__ == "__main__":
    main()

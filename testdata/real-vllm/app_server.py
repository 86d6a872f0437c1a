"""Serve vLLM's own FastAPI app (build_app) on loopback with a stub engine client.

Everything a scanner sees is vLLM's code: the route table, the API-key, CORS and Prometheus middleware, the docs
and /version. Only the engine is a stub (health, model config), so handlers that would run inference answer
with whatever vLLM does when its serving state is missing. Every request is appended to a JSONL log.

usage: app_server.py PORT LOGFILE ROUTESFILE [vllm serve flags...]
       app_server.py --routes-only ROUTESFILE [vllm serve flags...]   (the table a real `vllm serve` builds)
"""
import json
import os
import sys

import uvicorn
try:
    from vllm.entrypoints.common.cli_args import make_arg_parser  # 0.33
except ImportError:
    from vllm.entrypoints.launchers.cli_args import make_arg_parser  # 0.32
from vllm.entrypoints.launchers.app import build_app
from vllm.utils.argparse_utils import FlexibleArgumentParser

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from harness_common import RequestLog, StubEngine  # noqa: E402


def main():
    routes_only = sys.argv[1] == "--routes-only"
    if routes_only:
        port, log, routes_file, flags = None, None, sys.argv[2], sys.argv[3:]
    else:
        port, log, routes_file, flags = int(sys.argv[1]), sys.argv[2], sys.argv[3], sys.argv[4:]
    parser = make_arg_parser(FlexibleArgumentParser())
    args = parser.parse_args(["--model", "harness-tiny-model"] + flags)
    app = build_app(args, supported_tasks=("generate",))
    app.state.engine_client = StubEngine()
    app.state.server_load_metrics = 0
    app.state.log_stats = False
    app.state.args = args
    table = []
    for r in app.routes:
        methods = sorted(getattr(r, "methods", None) or [])
        endpoint = getattr(r, "endpoint", None)
        table.append({"path": r.path, "methods": methods, "module": getattr(endpoint, "__module__", None)})
    middleware = [m.cls.__name__ for m in app.user_middleware]
    with open(routes_file, "w") as f:
        json.dump({"routes": table, "middleware": middleware, "api_key": bool(args.api_key),
                   "allowed_origins": args.allowed_origins, "docs": not args.disable_fastapi_docs}, f, indent=1)
    if not routes_only:
        uvicorn.run(RequestLog(app, log), host="127.0.0.1", port=port, log_level="warning")


if __name__ == "__main__":
    main()

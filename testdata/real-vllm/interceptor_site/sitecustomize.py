"""Puts the harness's recording interceptor around every gRPC server this Python process builds (see
../grpc_interceptor.py). Only active when VLLMSCAN_GRPC_LOG names the log file; on PYTHONPATH only for the harness's
gRPC variant."""
import os
import sys

if os.environ.get("VLLMSCAN_GRPC_LOG"):
    sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    import grpc_interceptor

    grpc_interceptor.install(os.environ["VLLMSCAN_GRPC_LOG"])

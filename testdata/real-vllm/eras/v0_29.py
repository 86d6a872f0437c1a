"""vLLM 0.2x - 0.33: build_app(args, supported_tasks) in vllm.entrypoints.launchers.app registers task routes only
for the model's tasks (the harness's stub model generates, as app_server.py); make_arg_parser is in
vllm.entrypoints.launchers.cli_args (0.33: vllm.entrypoints.common.cli_args); the CPU platform as in 0.10."""
import vllm.platforms
from vllm.platforms.cpu import CpuPlatform

vllm.platforms._current_platform = CpuPlatform()  # before anything imports current_platform

try:
    from vllm.entrypoints.common.cli_args import make_arg_parser  # noqa: E402  (0.33)
except ImportError:
    from vllm.entrypoints.launchers.cli_args import make_arg_parser  # noqa: E402
from vllm.entrypoints.launchers.app import build_app  # noqa: E402
from vllm.utils.argparse_utils import FlexibleArgumentParser  # noqa: E402


def parser():
    return make_arg_parser(FlexibleArgumentParser())


def build(flags):
    args = parser().parse_args(["--model", "harness-tiny-model"] + flags)
    return build_app(args, supported_tasks=("generate",)), args

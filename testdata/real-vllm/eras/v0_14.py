"""vLLM 0.12 - 0.3x: build_app(args) still in vllm.entrypoints.openai.api_server; FlexibleArgumentParser moved to
vllm.utils.argparse_utils; the argument parser still asks the platform for its device type (CPU here)."""
import vllm.platforms
from vllm.platforms.cpu import CpuPlatform

vllm.platforms._current_platform = CpuPlatform()  # before anything imports current_platform

from vllm.entrypoints.openai.api_server import build_app  # noqa: E402
from vllm.entrypoints.openai.cli_args import make_arg_parser  # noqa: E402
from vllm.utils.argparse_utils import FlexibleArgumentParser  # noqa: E402


def parser():
    return make_arg_parser(FlexibleArgumentParser())


def build(flags):
    args = parser().parse_args(["--model", "harness-tiny-model"] + flags)
    return build_app(args), args

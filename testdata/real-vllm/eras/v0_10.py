"""vLLM 0.10 - : as 0.6 (vllm.entrypoints.openai.api_server.build_app(args)), but building the argument parser's
configs now asks the platform for its device type, and this harness has no GPU: vLLM's own CPU platform answers."""
import vllm.platforms
from vllm.platforms.cpu import CpuPlatform

vllm.platforms._current_platform = CpuPlatform()  # before anything imports current_platform

from vllm.entrypoints.openai.api_server import build_app  # noqa: E402
from vllm.entrypoints.openai.cli_args import make_arg_parser  # noqa: E402
from vllm.utils import FlexibleArgumentParser  # noqa: E402


def parser():
    return make_arg_parser(FlexibleArgumentParser())


def build(flags):
    args = parser().parse_args(["--model", "harness-tiny-model"] + flags)
    return build_app(args), args

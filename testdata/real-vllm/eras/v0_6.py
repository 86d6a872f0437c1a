"""vLLM 0.6 - 0.10: the app lives in vllm.entrypoints.openai.api_server; build_app(args) registers every route
unconditionally (supported_tasks does not exist yet); FlexibleArgumentParser is in vllm.utils."""
from vllm.entrypoints.openai.api_server import build_app
from vllm.entrypoints.openai.cli_args import make_arg_parser
from vllm.utils import FlexibleArgumentParser


def parser():
    return make_arg_parser(FlexibleArgumentParser())


def build(flags):
    args = parser().parse_args(["--model", "harness-tiny-model"] + flags)
    return build_app(args), args

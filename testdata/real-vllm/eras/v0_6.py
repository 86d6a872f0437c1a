"""vLLM 0.6 - 0.10: the app lives in vllm.entrypoints.openai.api_server; build_app(args) registers every route
unconditionally (supported_tasks does not exist yet); FlexibleArgumentParser is in vllm.utils."""
from vllm.entrypoints.openai.api_server import build_app
from vllm.entrypoints.openai.cli_args import make_arg_parser
from vllm.entrypoints.openai.serving_engine import OpenAIServing
from vllm.utils import FlexibleArgumentParser


class ErrorsOnly:
    """Until 0.7 the request-validation handler builds its 400 through app.state.openai_serving_chat (which
    init_app_state would set from a loaded model): give it vLLM's own create_error_response and nothing else."""

    create_error_response = OpenAIServing.create_error_response


def parser():
    return make_arg_parser(FlexibleArgumentParser())


def build(flags):
    args = parser().parse_args(["--model", "harness-tiny-model"] + flags)
    app = build_app(args)
    app.state.openai_serving_chat = ErrorsOnly()
    return app, args

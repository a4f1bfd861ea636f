"""PyTorch twins of the tfjs networks in the perf harness, with equal parameter counts.

One module per case, named after it (`hma-depth` → hma_depth.py), each with a `build()` that
returns the nn.Module. A method package adds its twin as a new file here and its case to
cases.ts; the input shape comes from cases.ts, so it is written once.
"""
import importlib


def build_model(case):
    try:
        module = importlib.import_module(f"twins.{case.replace('-', '_')}")
    except ModuleNotFoundError as error:
        raise SystemExit(f"torch_bench: no twin for case '{case}' (tools/perf/twins/{case.replace('-', '_')}.py): {error}")
    return module.build()

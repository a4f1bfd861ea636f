"""Loads arrays named in a manifest, calls module.function(**arrays, **params), prints JSON."""
import importlib.util
import json
import sys

import numpy as np


def main():
    manifest = json.load(open(sys.argv[1]))
    spec = importlib.util.spec_from_file_location("reference", manifest["module"])
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    arrays = {}
    for name, meta in manifest["arrays"].items():
        dtype = np.int32 if meta["dtype"] == "int32" else np.float32
        arrays[name] = np.fromfile(meta["file"], dtype=dtype).reshape(meta["shape"])
    result = getattr(module, manifest["function"])(**arrays, **manifest["params"])
    print(json.dumps(result, default=lambda v: np.asarray(v).tolist()))


if __name__ == "__main__":
    main()

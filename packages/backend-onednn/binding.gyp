{
  "targets": [
    {
      "target_name": "depthkit_onednn",
      "sources": [
        "native/addon.cc",
        "native/context.cc",
        "native/args.cc",
        "native/conv.cc",
        "native/matmul.cc",
        "native/pool.cc",
        "native/batch-norm.cc",
        "native/group-norm.cc",
        "native/resize.cc",
        "native/elementwise.cc",
        "native/copy.cc",
        "native/gather.cc",
        "native/optimizer.cc"
      ],
      "include_dirs": [
        "<!(node -p \"require('node-addon-api').include_dir\")",
        "<!@(node scripts/onednn-paths.mjs include)"
      ],
      "libraries": ["<!@(node scripts/onednn-paths.mjs lib)", "-ldnnl", "-fopenmp"],
      "defines": ["NAPI_VERSION=8", "NAPI_CPP_EXCEPTIONS"],
      "cflags!": ["-fno-exceptions"],
      "cflags_cc!": ["-fno-exceptions", "-fno-rtti"],
      "cflags_cc": ["-std=c++17", "-O3", "-fopenmp", "-fexceptions", "-ffp-contract=off"],
      "xcode_settings": {
        "GCC_ENABLE_CPP_EXCEPTIONS": "YES",
        "CLANG_CXX_LANGUAGE_STANDARD": "c++17",
        "OTHER_CPLUSPLUSFLAGS": ["-std=c++17", "-O3", "-Xpreprocessor", "-fopenmp", "-ffp-contract=off"]
      }
    }
  ]
}

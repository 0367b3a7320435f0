# System-libzmq build (opt-in: ZMQ_NAPI_USE_SYSTEM_LIBZMQ=1 npm run build:native).
# Links the libzmq that pkg-config finds, without ZMQ_BUILD_DRAFT_API: distribution
# packages (Debian's libzmq3-dev, for one) are built without the draft API, so the addon
# reports capability.draft === false. The default static build uses CMakeLists.txt.
{
  "targets": [
    {
      "target_name": "zmq_napi",
      # Same sources as CMakeLists.txt's glob: every native/*.cc.
      "sources": [
        "<!@(node -p \"require('fs').readdirSync('native').filter(f => f.endsWith('.cc')).sort().map(f => 'native/' + f).join(' ')\")"
      ],
      "include_dirs": [
        "native",
        "<!(node -p \"require('node-addon-api').include_dir\")"
      ],
      "defines": [
        "NAPI_VERSION=8",
        "NAPI_CPP_EXCEPTIONS",
        "NODE_ADDON_API_DISABLE_DEPRECATED",
        "NODE_API_SWALLOW_UNTHROWABLE_EXCEPTIONS"
      ],
      "cflags!": ["-fno-exceptions"],
      "cflags_cc!": ["-fno-exceptions"],
      "cflags_cc": ["-std=c++17", "-fexceptions", "<!@(pkg-config --cflags libzmq)"],
      "libraries": ["<!@(pkg-config --libs libzmq)"],
      "xcode_settings": {
        "GCC_ENABLE_CPP_EXCEPTIONS": "YES",
        "CLANG_CXX_LANGUAGE_STANDARD": "c++17",
        "MACOSX_DEPLOYMENT_TARGET": "10.15",
        "OTHER_CFLAGS": ["<!@(pkg-config --cflags libzmq)"]
      }
    }
  ]
}

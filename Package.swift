// swift-tools-version: 6.0
// dsr: dynamical-systems reconstruction with piecewise-linear RNNs and generalized teacher forcing.
import PackageDescription

/// Release builds let the optimiser specialise generic tensor code across module boundaries;
/// without it, `Tensor<Float>` arithmetic called from another module runs unspecialised and
/// `dsr bench` is markedly slower.
///
/// SwiftPM refuses to let a package fetched by URL depend on a product whose targets use unsafe
/// flags (a local path dependency may). dsr is an application (the `dsr` tool), so it keeps the
/// flag; its two library products exist for the fuzzers in `Fuzz/` (a package beside this one that
/// depends on it by path and builds with `--sanitize=fuzzer`). A package that wants the modules as
/// libraries from a URL would need them without the flag, and slower.
///
/// Release builds also check exclusive access statically only: the dynamic checks of class
/// properties cost 5–7 % of a training batch (`swift_beginAccess` in the fused step), and debug
/// builds, which the tests run, keep them.
let optimised: [SwiftSetting] = [
  .unsafeFlags(["-cross-module-optimization", "-enforce-exclusivity=unchecked"], .when(configuration: .release))
]

let package = Package(
  name: "dsr",
  // Built and tested on Linux (Debian, Swift 6.3; CI and `make test`), which needs no platform
  // entry. The macOS entry only sets the minimum for the Foundation APIs the code uses: a macOS
  // build would need OpenBLAS, LAPACKE and FFTW found through pkg-config (e.g. Homebrew), and the
  // grid's worker pool and the BLAS re-exec read /proc/self/exe, which macOS lacks; it is untested.
  platforms: [.macOS(.v13)],
  products: [
    .executable(name: "dsr", targets: ["dsr"]),
    // For the fuzzers in Fuzz/ only (see above).
    .library(name: "DSRData", targets: ["DSRData"]),
    .library(name: "DSRExperiment", targets: ["DSRExperiment"]),
  ],
  dependencies: [
    .package(url: "https://github.com/apple/swift-argument-parser", exact: "1.8.2")
  ],
  targets: [
    // Rank 0: C libraries (OpenBLAS, LAPACKE, FFTW) behind one shim header.
    .systemLibrary(
      name: "CLinearAlgebra",
      path: "Sources/CLinearAlgebra",
      providers: [.apt(["libopenblas-dev", "liblapacke-dev", "libfftw3-dev"])]
    ),
    // Rank 0: zlib (inflate for .npz archives).
    .systemLibrary(name: "CZlib", path: "Sources/CZlib", providers: [.apt(["zlib1g-dev"])]),
    // Rank 0: the hot loops of the fused training step, compiled for several x86-64 levels and
    // chosen at load time by the CPU (Swift's SIMD code is baseline SSE2 only).
    .target(name: "CKernels"),
    // Rank 1: tensors, BLAS/LAPACK/FFTW wrappers, seeded randomness.
    .target(name: "DSRTensor", dependencies: ["CLinearAlgebra"], swiftSettings: optimised),
    // Rank 2: reverse-mode autodiff and data I/O.
    .target(name: "DSRAutodiff", dependencies: ["DSRTensor"], swiftSettings: optimised),
    .target(name: "DSRData", dependencies: ["DSRTensor", "CZlib"], swiftSettings: optimised),
    .target(name: "DSRDynamics", dependencies: ["DSRTensor"], swiftSettings: optimised),
    // Rank 0: SVG figures (axes, ticks, decimation, legends, colours); Foundation only.
    .target(name: "DSRPlot"),
    // Rank 3: the latent models (each a DiscreteMap with an analytic Jacobian).
    .target(
      name: "DSRModels", dependencies: ["CKernels", "DSRTensor", "DSRAutodiff", "DSRDynamics"],
      swiftSettings: optimised),
    // Rank 4: measures of reconstruction quality (D_stsp, D_H, PE, the evaluation protocol).
    .target(name: "DSRMeasures", dependencies: ["DSRTensor", "DSRModels"], swiftSettings: optimised),
    // Rank 4: symbolic piecewise-linear encodings (regions, affine maps, fixed points, cycles).
    .target(name: "DSRSymbolic", dependencies: ["DSRTensor", "DSRDynamics", "DSRModels"], swiftSettings: optimised),
    // Rank 4: training (batches, forcing, α estimation, regularisation, optimisers).
    .target(
      name: "DSRTraining", dependencies: ["CKernels", "DSRTensor", "DSRAutodiff", "DSRData", "DSRDynamics", "DSRModels"],
      swiftSettings: optimised),
    // Rank 5: configurations, run directories, model files, the training run, and every workflow
    // of the command line (evaluation, grids, the suite, data, analysis, export, import, reports).
    .target(
      name: "DSRExperiment",
      dependencies: ["DSRTensor", "DSRData", "DSRDynamics", "DSRModels", "DSRMeasures", "DSRSymbolic", "DSRTraining", "DSRPlot"],
      swiftSettings: optimised),
    // Benchmarks shared by the CLI (`dsr bench`); DSRExperiment for the configuration's defaults
    // (a benchmark batch is a batch of what a user trains).
    .target(
      name: "DSRBench",
      dependencies: ["DSRTensor", "DSRAutodiff", "DSRData", "DSRDynamics", "DSRModels", "DSRMeasures", "DSRTraining", "DSRExperiment"],
      swiftSettings: optimised),
    // The command-line tool: parses, calls one DSRExperiment (or DSRBench) entry point, prints.
    .executableTarget(
      name: "dsr",
      dependencies: [
        "DSRBench", "DSRExperiment",
        .product(name: "ArgumentParser", package: "swift-argument-parser"),
      ],
      // Members of a module's types are visible only where the module is imported (SE-0444), so
      // the command files cannot reach past DSRExperiment into the modules below it.
      swiftSettings: [.enableUpcomingFeature("MemberImportVisibility")]
    ),
    // Tests.
    .target(name: "DSRTestSupport", dependencies: ["DSRTensor", "DSRAutodiff"], path: "Tests/DSRTestSupport"),
    .testTarget(name: "DSRTensorTests", dependencies: ["DSRTensor", "DSRTestSupport"], exclude: ["Fixtures"]),
    .testTarget(name: "DSRAutodiffTests", dependencies: ["DSRAutodiff", "DSRTensor", "DSRTestSupport"]),
    .testTarget(name: "DSRDynamicsTests", dependencies: ["DSRDynamics", "DSRTensor", "DSRTestSupport"]),
    .testTarget(name: "DSRModelsTests", dependencies: ["CKernels", "DSRModels", "DSRAutodiff", "DSRTensor", "DSRTestSupport"]),
    .testTarget(name: "DSRPlotTests", dependencies: ["DSRPlot"]),
    .testTarget(
      name: "DSRMeasuresTests", dependencies: ["DSRMeasures", "DSRModels", "DSRTensor", "DSRTestSupport"], exclude: ["Fixtures"]),
    .testTarget(name: "DSRSymbolicTests", dependencies: ["DSRSymbolic", "DSRModels", "DSRTensor", "DSRTestSupport"]),
    .testTarget(name: "DSRTrainingTests", dependencies: ["DSRTraining", "DSRData", "DSRModels", "DSRTensor", "DSRTestSupport"]),
    .testTarget(
      name: "DSRExperimentTests",
      dependencies: ["DSRExperiment", "DSRData", "DSRMeasures", "DSRModels", "DSRTensor", "DSRTraining", "DSRTestSupport"]),
    .testTarget(
      name: "DSRDataTests", dependencies: ["DSRData", "DSRTensor", "DSRTestSupport"], exclude: ["Fixtures"]
    ),
    // The CLI tests run the built `dsr` executable (the dependency only builds it first;
    // CZlib decodes the report's browser screenshots).
    .testTarget(name: "DSRCLITests", dependencies: ["dsr", "DSRTestSupport", "CZlib"], exclude: ["Fixtures"]),
  ]
)

// swift-tools-version: 6.0
// dsr: dynamical-systems reconstruction with piecewise-linear RNNs and generalized teacher forcing.
import PackageDescription

/// Release builds let the optimiser specialise generic tensor code across module boundaries;
/// without it, `Tensor<Float>` arithmetic called from another module runs unspecialised.
let optimised: [SwiftSetting] = [
  .unsafeFlags(["-cross-module-optimization"], .when(configuration: .release))
]

let package = Package(
  name: "dsr",
  platforms: [.macOS(.v13)],
  products: [
    .executable(name: "dsr", targets: ["dsr"]),
    .library(name: "DSRTensor", targets: ["DSRTensor"]),
    .library(name: "DSRAutodiff", targets: ["DSRAutodiff"]),
    .library(name: "DSRData", targets: ["DSRData"]),
    .library(name: "DSRDynamics", targets: ["DSRDynamics"]),
    .library(name: "DSRModels", targets: ["DSRModels"]),
    .library(name: "DSRMeasures", targets: ["DSRMeasures"]),
    .library(name: "DSRTraining", targets: ["DSRTraining"]),
    .library(name: "DSRExperiment", targets: ["DSRExperiment"]),
    .library(name: "DSRSymbolic", targets: ["DSRSymbolic"]),
    .library(name: "DSRPlot", targets: ["DSRPlot"]),
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
      name: "DSRModels", dependencies: ["DSRTensor", "DSRAutodiff", "DSRDynamics"],
      swiftSettings: optimised),
    // Rank 4: measures of reconstruction quality (D_stsp, D_H, PE, the evaluation protocol).
    .target(name: "DSRMeasures", dependencies: ["DSRTensor", "DSRDynamics", "DSRModels"], swiftSettings: optimised),
    // Rank 4: symbolic piecewise-linear encodings (regions, affine maps, fixed points, cycles).
    .target(name: "DSRSymbolic", dependencies: ["DSRTensor", "DSRDynamics", "DSRModels"], swiftSettings: optimised),
    // Rank 4: training (batches, forcing, α estimation, regularisation, optimisers).
    .target(
      name: "DSRTraining", dependencies: ["DSRTensor", "DSRAutodiff", "DSRData", "DSRDynamics", "DSRModels"],
      swiftSettings: optimised),
    // Rank 5: configurations, run directories, model files, the training run, reports.
    .target(
      name: "DSRExperiment",
      dependencies: ["DSRTensor", "DSRData", "DSRDynamics", "DSRModels", "DSRMeasures", "DSRTraining", "DSRSymbolic", "DSRPlot"],
      swiftSettings: optimised),
    // Benchmarks shared by the CLI (`dsr bench`).
    .target(
      name: "DSRBench", dependencies: ["DSRTensor", "DSRAutodiff", "DSRData", "DSRDynamics", "DSRModels", "DSRMeasures", "DSRTraining"],
      swiftSettings: optimised),
    // The command-line tool.
    .executableTarget(
      name: "dsr",
      dependencies: [
        "DSRTensor", "DSRAutodiff", "DSRData", "DSRBench", "DSRExperiment", "DSRMeasures", "DSRSymbolic",
        .product(name: "ArgumentParser", package: "swift-argument-parser"),
      ]
    ),
    // Tests.
    .target(name: "DSRTestSupport", dependencies: ["DSRTensor", "DSRAutodiff"], path: "Tests/DSRTestSupport"),
    .testTarget(name: "DSRTensorTests", dependencies: ["DSRTensor", "DSRTestSupport"], exclude: ["Fixtures"]),
    .testTarget(name: "DSRAutodiffTests", dependencies: ["DSRAutodiff", "DSRTestSupport"]),
    .testTarget(name: "DSRDynamicsTests", dependencies: ["DSRDynamics", "DSRTestSupport"]),
    .testTarget(name: "DSRModelsTests", dependencies: ["DSRModels", "DSRTestSupport"]),
    .testTarget(name: "DSRMeasuresTests", dependencies: ["DSRMeasures", "DSRModels", "DSRTestSupport"], exclude: ["Fixtures"]),
    .testTarget(name: "DSRSymbolicTests", dependencies: ["DSRSymbolic", "DSRModels", "DSRTestSupport"]),
    .testTarget(name: "DSRTrainingTests", dependencies: ["DSRTraining", "DSRTestSupport"]),
    .testTarget(name: "DSRPlotTests", dependencies: ["DSRPlot"]),
    .testTarget(name: "DSRExperimentTests", dependencies: ["DSRExperiment", "DSRModels", "DSRTestSupport"]),
    .testTarget(
      name: "DSRDataTests", dependencies: ["DSRData", "DSRTestSupport"], exclude: ["Fixtures"]
    ),
    .testTarget(name: "DSRCLITests", dependencies: ["dsr", "DSRTestSupport", "CZlib"], exclude: ["Fixtures"]),
  ]
)

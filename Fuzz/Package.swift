// swift-tools-version: 6.0
// Fuzzers for dsr's parsers of untrusted input (libFuzzer). Build and run with `make fuzz`.
import PackageDescription

let package = Package(
  name: "dsr-fuzz",
  dependencies: [.package(name: "dsr", path: "..")],
  targets: [
    .executableTarget(name: "FuzzNPY", dependencies: [.product(name: "DSRData", package: "dsr")]),
    .executableTarget(name: "FuzzNPZ", dependencies: [.product(name: "DSRData", package: "dsr")]),
    .executableTarget(name: "FuzzSafeTensors", dependencies: [.product(name: "DSRData", package: "dsr")]),
    .executableTarget(name: "FuzzCSV", dependencies: [.product(name: "DSRData", package: "dsr")]),
    .executableTarget(name: "FuzzConfiguration", dependencies: [.product(name: "DSRExperiment", package: "dsr")]),
    .executableTarget(name: "FuzzModelFile", dependencies: [.product(name: "DSRExperiment", package: "dsr")]),
    .executableTarget(name: "FuzzImport", dependencies: [.product(name: "DSRExperiment", package: "dsr")]),
    .executableTarget(name: "FuzzBinnedMeasure", dependencies: [.product(name: "DSRExperiment", package: "dsr")]),
  ]
)

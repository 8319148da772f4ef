import ArgumentParser
import DSRExperiment
import Foundation

BLASEnvironment.ensureTuned()
BLASSetup.applyThreadCount()
await DSR.start()

import DSRExperiment
import Foundation

BLASEnvironment.ensureTuned()
BLASSetup.applyThreadCount()
DSR.main()

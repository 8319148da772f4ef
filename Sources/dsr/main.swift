import DSRExperiment

BLASEnvironment.ensureTuned()
BLASSetup.applyThreadCount()
await DSR.start()

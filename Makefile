# dsr: two commands do everything on a fresh Debian machine:
#   make run    installs what is missing, builds, and runs the most complete job available
#   make test   installs what is missing, builds, and runs the whole test suite
SWIFT ?= swift
DSR := .build/release/dsr
DATA := Datasets/lorenz63_noise0.05_train.npy Datasets/lorenz63_test.npy

.PHONY: setup build build-debug run test test-slurm bench clean

## Install the system libraries (OpenBLAS, LAPACKE, FFTW) if they are missing. Idempotent.
setup:
	@bash scripts/setup.sh

## Optimised build of the dsr executable.
build: setup
	$(SWIFT) build -c release --product dsr

build-debug: setup
	$(SWIFT) build

## The most complete job available: train the default model (clipped shallow PLRNN, GTF) on the
## shipped Lorenz-63 data for 1000 epochs (under a minute), then evaluate it on the test set
## (D_stsp, D_H, PE(20), Lyapunov spectrum); each call makes a new run directory.
run: build
	$(DSR) inspect $(DATA)
	@run=$$(ls -d Results/quickstart/lorenz63/[0-9][0-9][0-9] 2>/dev/null | wc -l); \
	  run=$$((run + 1)); dir=Results/quickstart/lorenz63/$$(printf %03d $$run); \
	  echo "$(DSR) train --config Configs/quickstart.json --set run=$$run"; \
	  $(DSR) train --config Configs/quickstart.json --set run=$$run && \
	  echo "$(DSR) evaluate $$dir --data Datasets/lorenz63_test.npy --lyapunov --dt 0.01" && \
	  $(DSR) evaluate $$dir --data Datasets/lorenz63_test.npy --lyapunov --dt 0.01 && \
	  echo "Results: $$dir/ (model.json, metrics.jsonl, checkpoints/); evaluation: Results/quickstart/lorenz63/metrics.csv"

## The whole test suite (Swift Testing), single BLAS thread for reproducible numbers.
test: setup
	$(SWIFT) build --build-tests
	OPENBLAS_NUM_THREADS=1 $(SWIFT) test --skip-build --disable-xctest

## `dsr grid --backend slurm` end to end against a real single-node Slurm (installs slurmctld,
## slurmd and munge with apt-get if missing, starts them on loopback, stops them afterwards).
test-slurm: build-debug
	bash scripts/test-slurm.sh .build/debug/dsr

## Speed figures (release build).
bench: build
	$(DSR) bench
	$(DSR) bench --measures
	$(DSR) bench --core

clean:
	rm -rf .build

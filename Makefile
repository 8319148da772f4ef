# dsr: two commands do everything on a fresh Debian machine:
#   make run    installs what is missing, builds, and runs the most complete job available
#   make test   installs what is missing, builds, and runs the whole test suite
SWIFT ?= swift
DSR := .build/release/dsr
DATA := Datasets/lorenz63_noise0.05_train.npy Datasets/lorenz63_test.npy

.PHONY: setup build build-debug run test bench clean

## Install the system libraries (OpenBLAS, LAPACKE, FFTW) if they are missing. Idempotent.
setup:
	@bash scripts/setup.sh

## Optimised build of the dsr executable.
build: setup
	$(SWIFT) build -c release --product dsr

build-debug: setup
	$(SWIFT) build

## The most complete job available: summarise the shipped Lorenz-63 data and benchmark the core.
run: build
	$(DSR) inspect $(DATA)
	$(DSR) bench --core

## The whole test suite (Swift Testing), single BLAS thread for reproducible numbers.
test: setup
	$(SWIFT) build --build-tests
	OPENBLAS_NUM_THREADS=1 $(SWIFT) test --skip-build --disable-xctest

## Speed figures (release build).
bench: build
	$(DSR) bench --core

clean:
	rm -rf .build

# dsr: two commands do everything on a fresh Debian machine:
#   make run    installs what is missing, builds, and runs the most complete job available
#   make test   installs what is missing, builds, and runs the whole test suite
SWIFT ?= swift
DSR := .build/release/dsr
DATA := Datasets/lorenz63_noise0.05_train.npy Datasets/lorenz63_test.npy

.PHONY: setup setup-test build build-debug run test test-python python-wheel test-slurm bench fuzz clean reproduce-ecg reproduce-eeg reproduce-lorenz63 reproduce-lorenz96 reproduce-alrnn

## Install the system libraries (OpenBLAS, LAPACKE, FFTW) if they are missing. Idempotent.
setup:
	@bash scripts/setup.sh

## setup, and Debian's chromium for the browser test of `dsr report` (headless rendering to PNG).
setup-test:
	@bash scripts/setup.sh chromium

## Optimised build of the dsr executable.
build: setup
	$(SWIFT) build -c release --product dsr

build-debug: setup
	$(SWIFT) build

## The most complete job available: train the default model (clipped shallow PLRNN, GTF) on the
## shipped Lorenz-63 data for 1000 epochs (under a minute), then evaluate it on the test set
## (D_stsp, D_H, PE(20), Lyapunov spectrum) and write its HTML report (report.html in the run
## directory, its path printed last); each call makes a new run directory.
run: build
	$(DSR) inspect $(DATA)
	@run=$$(ls -d Results/quickstart/lorenz63/[0-9][0-9][0-9] 2>/dev/null | wc -l); \
	  run=$$((run + 1)); dir=Results/quickstart/lorenz63/$$(printf %03d $$run); \
	  echo "$(DSR) train --config Configs/quickstart.json --set run=$$run"; \
	  $(DSR) train --config Configs/quickstart.json --set run=$$run && \
	  echo "$(DSR) evaluate $$dir --data Datasets/lorenz63_test.npy --lyapunov --dt 0.01" && \
	  $(DSR) evaluate $$dir --data Datasets/lorenz63_test.npy --lyapunov --dt 0.01 && \
	  echo "Results: $$dir/ (model.json, metrics.jsonl, checkpoints/, plots/); evaluation: Results/quickstart/lorenz63/metrics.csv" && \
	  echo "$(DSR) report $$dir --data Datasets/lorenz63_test.npy   # the report to open in a browser:" && \
	  $(DSR) report $$dir --data Datasets/lorenz63_test.npy

## The whole test suite (Swift Testing), single BLAS thread for reproducible numbers, then the
## Python package's tests (test-python).
test: setup-test
	$(SWIFT) build --build-tests
	OPENBLAS_NUM_THREADS=1 $(SWIFT) test --skip-build --disable-xctest
	$(MAKE) test-python

## The Python package (python/, `import dsr_models`) in a virtual environment (.build/python-venv,
## numpy from PyPI), tested against golden free runs that the dsr just built writes in the test.
test-python: setup
	SWIFT=$(SWIFT) bash scripts/test-python.sh

## The wheel of the Python package (pure Python, py3-none-any) in python/dist/.
python-wheel:
	python3 -m pip wheel --no-deps --wheel-dir python/dist ./python
	rm -rf python/build python/*.egg-info

## `dsr grid --backend slurm` end to end against a real single-node Slurm (installs slurmctld,
## slurmd and munge with apt-get if missing, starts them on loopback, stops them afterwards).
test-slurm: build-debug
	bash scripts/test-slurm.sh .build/debug/dsr

## libFuzzer on every parser of untrusted input (NPY, NPZ, CSV, configuration JSON, model.json,
## the JSON arrays of dsr import) and the binned D_stsp's parameters, FUZZ_SECONDS each (default 600), from the corpora in Fuzz/Corpus/.
FUZZ_SECONDS ?= 600
fuzz: setup
	bash scripts/fuzz.sh $(FUZZ_SECONDS)

## Speed figures (release build).
bench: build
	$(DSR) bench
	$(DSR) bench --measures
	$(DSR) bench --core

## Paper reproductions (Configs/paper/): the grid, then the evaluation next to the published
## numbers. RUNS (default 20, as the paper), WORKERS (parallel trainings) and EPOCHS (empty = the
## paper's) can be set: `make reproduce-ecg RUNS=4 WORKERS=2`. Finished runs are skipped on a re-run.
RUNS ?= 20
WORKERS ?= 2
EPOCHS ?=
GRID = $(DSR) grid --runs $(RUNS) --workers $(WORKERS) $(if $(EPOCHS),--set epochs=$(EPOCHS),)
COMPARE = --compare Configs/paper/published.json

reproduce-ecg: build
	-$(GRID) --config Configs/paper/ecg-shplrnn-gtf.json
	-$(GRID) --config Configs/paper/ecg-shplrnn-agtf.json
	-$(GRID) --config Configs/paper/ecg-shplrnn-stf.json
	for m in GTF aGTF STF; do $(DSR) evaluate "Results/Table1-ECG-shPLRNN+$$m" --data Datasets/ecg_pecuzal5d_test.npy $(COMPARE) || exit 1; done

reproduce-eeg: build
	-$(GRID) --config Configs/paper/eeg-shplrnn-gtf.json
	-$(GRID) --config Configs/paper/eeg-shplrnn-agtf.json
	-$(GRID) --config Configs/paper/eeg-shplrnn-stf.json
	@echo "Note: the GTF paper's EEG test file is its training file; these figures are in-sample."
	for m in GTF aGTF STF; do $(DSR) evaluate "Results/Table1-EEG-shPLRNN+$$m" --data Datasets/eeg64.npy $(COMPARE) || exit 1; done

reproduce-lorenz63: build
	-$(GRID) --config Configs/paper/lorenz63-shplrnn-gtf.json
	$(DSR) evaluate Results/Lorenz63-shPLRNN+GTF --data Datasets/lorenz63_test.npy --lyapunov --dt 0.01
	$(DSR) data floor Datasets/lorenz63_test.npy

reproduce-lorenz96: build
	-$(GRID) --config Configs/paper/lorenz96-shplrnn-gtf.json
	$(DSR) evaluate Results/Lorenz96-shPLRNN+GTF --data Datasets/lorenz96_n10.npy --lyapunov --dt 0.04
	$(DSR) data floor Datasets/lorenz96_n10.npy

reproduce-alrnn: build
	-$(GRID) --config Configs/paper/lorenz63-alrnn.json
	-$(GRID) --config Configs/paper/rossler-alrnn.json
	@echo "Note: as in the AL-RNN paper, the models are evaluated on the data they were trained on."
	$(DSR) evaluate Results/ALRNN-Lorenz63 --data Datasets/lorenz63_test.npy --lyapunov --dt 0.01
	$(DSR) evaluate Results/ALRNN-Rossler --data Datasets/rossler.npy --lyapunov --dt 0.08

clean:
	rm -rf .build

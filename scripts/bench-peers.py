#!/usr/bin/env python3
"""dsr's training batch against JAX (jit) and PyTorch (eager), side by side, in one sitting.

Runs `dsr bench --json` and the peer scripts of ../shared/bench (jax_ref.py, torch_ref.py) pinned
to the same core, alternating dsr and the peers `--rounds` times and keeping each side's fastest
round (this machine is noisy; the minimum is the least disturbed figure), then prints one table:
ms per batch and the ratio peer/dsr per configuration.

Usage: scripts/bench-peers.py [--dsr .build/release/dsr] [--python ~/.venv-peers/bin/python]
                              [--peers ../shared/bench] [--core 0] [--rounds 3] [--torch]
A peer whose Python environment lacks its framework is skipped with a note (set-up:
../shared/bench/README.md).
"""
import argparse, json, os, subprocess, sys

CONFIGS = ["lorenz63-clippedshplrnn-gtf", "ecg-clippedshplrnn-gtf", "eeg-clippedshplrnn-gtf", "lorenz63-alrnn-stf"]
GOALS = {"lorenz63-clippedshplrnn-gtf": 3, "ecg-clippedshplrnn-gtf": 3, "eeg-clippedshplrnn-gtf": 2, "lorenz63-alrnn-stf": 3}


def json_lines(command):
    out = subprocess.run(command, check=True, capture_output=True, text=True).stdout
    return {r["config"]: r["ms_per_batch"] for r in map(json.loads, filter(str.strip, out.splitlines()))}


def has_module(python, name):
    return subprocess.run([python, "-c", f"import {name}"], capture_output=True).returncode == 0


def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--dsr", default=".build/release/dsr")
    p.add_argument("--python", default=os.path.expanduser("~/.venv-peers/bin/python"))
    p.add_argument("--peers", default=os.path.join(os.path.dirname(__file__), "..", "..", "shared", "bench"))
    p.add_argument("--core", default="0")
    p.add_argument("--rounds", type=int, default=3)
    p.add_argument("--torch", action="store_true", help="also time PyTorch eager (slow)")
    a = p.parse_args()
    pin = ["taskset", "-c", a.core]
    peers = []
    if os.path.exists(a.python) and has_module(a.python, "jax"):
        peers.append(("JAX jit", [a.python, os.path.join(a.peers, "jax_ref.py"), "--batches", "30"]))
    else:
        print(f"note: no JAX in {a.python}; see {a.peers}/README.md", file=sys.stderr)
    if a.torch and os.path.exists(a.python) and has_module(a.python, "torch"):
        peers.append(("PyTorch", [a.python, os.path.join(a.peers, "torch_ref.py"), "--batches", "20"]))
    best = {"dsr": {}}
    for name, _ in peers:
        best[name] = {}
    for _ in range(a.rounds):
        rows = [("dsr", [a.dsr, "bench", "--json", "--seconds", "1", "--only", ",".join(CONFIGS)])] + peers
        for name, command in rows:
            for config, ms in json_lines(pin + command).items():
                if config in CONFIGS:
                    best[name][config] = min(ms, best[name].get(config, float("inf")))
    header = f"{'configuration':<30}{'dsr ms':>9}"
    for name, _ in peers:
        header += f"{name + ' ms':>13}{'ratio':>8}"
    print(header + f"{'goal':>7}")
    for config in CONFIGS:
        line = f"{config:<30}{best['dsr'][config]:>9.3f}"
        for name, _ in peers:
            ms = best[name].get(config)
            line += f"{ms:>13.3f}{ms / best['dsr'][config]:>7.2f}×" if ms else f"{'–':>13}{'–':>8}"
        print(line + f"{GOALS[config]:>6}×")


if __name__ == "__main__":
    main()

#!/usr/bin/env python3
"""Independent PyTorch trainer for the GTF paper's ECG "STF" setting (issue 16, item 1).

Written from the *description* of the reference trainer (/work/shared/reference/gtf-shplrnn.md,
§1.6–1.8, §2.1–2.9), not from its code. It trains the clipped shallow PLRNN with the Affine
observation model and generalized teacher forcing with a constant α (α = 0 is the paper's "STF":
every window free-runs T̃ steps from pinv(B)·x₁):

    z̃₀ = pinv(B)·x₀                      (gradient flows through pinv into B)
    z_t = A⊙z̃_{t−1} + W₁[relu(W₂z̃_{t−1} + h₂) − relu(W₂z̃_{t−1})] + h₁,   t = 1…T̃
    z̃_t = (1−α)·z_t + α·pinv(B)·x_t     (forcing signals: no gradient)
    L   = mean_{t,s,n} (B z_t − x_t)² + λ_l[Σ(1−A)² + ‖W₁‖² + ‖W₂‖² + ‖h₁‖² + ‖h₂‖²]
                                      + λ_o(1 − σ_max(B)/(σ_min(B) + 1e−8))²

optimised with Flux-0.14-style RAdam (β = (0.9, 0.999), ε = 1e−8, un-rectified momentum steps
while ρ_t ≤ 4) times the per-epoch exponential decay lr(n) = lr₀·(lr_E/lr₀)^(⌊n/Sₑ⌋/E).

With ``--tau τ`` the forcing is the reference's sparse TF instead (``use_gtf = false``): z̃_t =
pinv(B)·x_t where t mod τ = 0, else z_t.

Four subcommands:

* ``grad``: the loss and gradient of the batches a dsr run traced (``DSR_TRACE_BATCHES`` /
  ``DSR_TRACE_GRADIENTS``, see BatchTrace.swift), at dsr's own parameters and windows, in float32
  and float64, compared with dsr's numbers array by array.
* ``train``: a training run, either from dsr's initial model (``--init <run>/trace/model_0.json``)
  and dsr's windows (``--windows <run>/trace/batches.jsonl``), or from this script's own
  reference initialisation and window sampling (``--seed``). Writes ``losses.csv`` (one line per
  epoch) and dsr ``model.json`` files (format ``dsr-model`` v1) that ``dsr evaluate`` reads when a
  ``config.json`` is copied next to them (``--config``). ``--backend jax`` runs the same
  trainer jit-compiled (one compiled loop per epoch), ≈ 5–20× faster than the PyTorch loop.
* ``curve``: the epoch-mean losses of a dsr trace next to ``losses.csv`` files.
* ``objective``: the training loss (α, T̃, τ as given) of model.json files on the same random
  windows, in float64 — how the STF objective ranks models trained in different ways.

Run pinned to the work core:  taskset -c 1 ~/.venv-peers/bin/python scripts/stf_reference.py …
"""

from __future__ import annotations

import argparse
import csv
import json
import math
import os
import shutil
import sys
import time

import numpy as np
import torch

torch.set_num_threads(1)

NAMES = ["A", "W1", "W2", "h1", "h2", "B"]


# --------------------------------------------------------------------------- parameters


def reference_init(m: int, l: int, n: int, rng: np.random.Generator) -> dict[str, np.ndarray]:
    """The reference initialisation (gtf-shplrnn.md §1.1, §1.7, §1.8), drawn in float64."""
    r = rng.standard_normal((m, m))
    k = r.T @ r / m + np.eye(m)
    k = k / np.max(np.abs(np.linalg.eigvalsh(k)))
    a = np.diag(k).copy()
    w1 = rng.uniform(-1 / math.sqrt(l), 1 / math.sqrt(l), (m, l))
    w2 = rng.uniform(-1 / math.sqrt(m), 1 / math.sqrt(m), (l, m))
    h2 = rng.uniform(-1 / math.sqrt(l), 1 / math.sqrt(l), l)
    b = rng.standard_normal((n, m)) * math.sqrt(2 / m)
    return {"A": a, "W1": w1, "W2": w2, "h1": np.zeros(m), "h2": h2, "B": b}


def read_model(path: str) -> dict[str, np.ndarray]:
    """Parameters of a dsr model.json (clipped shallow PLRNN + Affine)."""
    with open(path) as f:
        doc = json.load(f)
    if doc.get("model") != "clippedShallowPLRNN" or doc.get("observation_model") != "Affine":
        sys.exit(f"{path}: expected a clippedShallowPLRNN with the Affine observation model")
    return {k: np.array(doc["parameters"][k]["data"], dtype=np.float64).reshape(doc["parameters"][k]["shape"]) for k in NAMES}


def write_model(path: str, params: dict[str, torch.Tensor], dtype: str, epochs: int, loss: float, alpha: float) -> None:
    """A dsr model.json (format dsr-model, version 1) of the current parameters."""
    m, l = params["W1"].shape
    n = params["B"].shape[0]
    doc = {
        "format": "dsr-model", "version": 1, "model": "clippedShallowPLRNN", "latent_dim": m, "hidden_dim": l,
        "observation_model": "Affine", "observed_dim": n, "input_dim": 0, "precision": dtype,
        "parameters": {k: {"shape": list(v.shape), "data": [float(x) for x in v.detach().double().reshape(-1)]} for k, v in params.items()},
        "training": {"epochs": epochs, "seed": 0, "run": 1, "loss": loss, "alpha": alpha},
    }
    tmp = path + ".tmp"
    with open(tmp, "w") as f:
        json.dump(doc, f)
    os.replace(tmp, path)


# --------------------------------------------------------------------------- loss


def pinv(b: torch.Tensor) -> torch.Tensor:
    """Moore–Penrose inverse with Julia's default tolerance eps·min(N, M)·σ_max."""
    eps = torch.finfo(b.dtype).eps
    return torch.linalg.pinv(b, rtol=eps * min(b.shape))


def forcing_weights(steps: int, alpha: float, tau: int) -> list[float]:
    """α_t for t = 1…T̃: α (GTF), or with τ > 0 sparse TF (gtf-shplrnn.md §2.4): 1 where t mod τ = 0,
    else 0 (a replaced state passes no gradient to the prediction it replaces)."""
    if tau > 0:
        return [1.0 if t % tau == 0 else 0.0 for t in range(1, steps + 1)]
    return [alpha] * steps


def batch_loss(p: dict[str, torch.Tensor], x: torch.Tensor, alpha: float, lat_reg: float, obs_reg: float, tau: int = 0):
    """(L_tr, L_reg) of one batch x (T̃+1 × S × N, time-major)."""
    binv = pinv(p["B"])  # M × N
    z = x[0] @ binv.T  # S × M, differentiable through pinv
    weights = forcing_weights(x.shape[0] - 1, alpha, tau)
    signals = x @ binv.detach().T
    a, w1, w2, h1, h2, b = (p[k] for k in NAMES)
    preds = []
    for t in range(1, x.shape[0]):
        pre = z @ w2.T
        z = a * z + (torch.relu(pre + h2) - torch.relu(pre)) @ w1.T + h1
        preds.append(z)
        w = weights[t - 1]
        if w != 0:
            z = (1 - w) * z + w * signals[t]
    zs = torch.stack(preds)  # T̃ × S × M
    l_tr = torch.mean((zs @ b.T - x[1:]) ** 2)
    l_reg = torch.zeros((), dtype=x.dtype)
    if lat_reg > 0:
        l_reg = l_reg + lat_reg * (torch.sum((1 - a) ** 2) + torch.sum(w1**2) + torch.sum(w2**2) + torch.sum(h1**2) + torch.sum(h2**2))
    if obs_reg > 0:
        s = torch.linalg.svdvals(b)
        l_reg = l_reg + obs_reg * (1 - s[0] / (s[-1] + 1e-8)) ** 2
    return l_tr, l_reg


# --------------------------------------------------------------------------- optimiser


class RAdamFlux:
    """Flux 0.14 RAdam per array (gtf-shplrnn.md §2.8), state in the parameters' dtype."""

    def __init__(self, params: dict[str, torch.Tensor], beta1=0.9, beta2=0.999, eps=1e-8):
        self.b1, self.b2, self.eps = beta1, beta2, eps
        self.m = {k: torch.zeros_like(v) for k, v in params.items()}
        self.v = {k: torch.zeros_like(v) for k, v in params.items()}
        self.t = 0

    @torch.no_grad()
    def step(self, params, grads, lr: float):
        self.t += 1
        t, b1, b2 = self.t, self.b1, self.b2
        rho_inf = 2 / (1 - b2) - 1
        rho = rho_inf - 2 * t * b2**t / (1 - b2**t)
        for k, p in params.items():
            g = grads[k]
            self.m[k].mul_(b1).add_((1 - b1) * g)
            self.v[k].mul_(b2).add_((1 - b2) * g * g)
            mhat = self.m[k] / (1 - b1**t)
            if rho > 4:
                r = math.sqrt((rho - 4) * (rho - 2) * rho_inf / ((rho_inf - 4) * (rho_inf - 2) * rho))
                p.sub_(lr * r * mhat / (torch.sqrt(self.v[k] / (1 - b2**t)) + self.eps))
            else:
                p.sub_(lr * mhat)


def learning_rate(step: int, start: float, end: float, epochs: int, per_epoch: int) -> float:
    """lr of global step n (1-based): start·max(γ^⌊n/Sₑ⌋, end), γ = (end/start)^(1/E)."""
    gamma = math.exp(math.log(end / start) / epochs)
    return start * max(gamma ** (step // per_epoch), end)


# --------------------------------------------------------------------------- windows


def read_trace(path: str) -> list[dict]:
    with open(path) as f:
        return [json.loads(line) for line in f if line.strip()]


class Windows:
    """Window starts: replayed from a dsr trace, or drawn like the reference (0-based starts
    uniform in {0, …, T − T̃ − 2}; dsr allows T − T̃ − 1 as well)."""

    def __init__(self, data: np.ndarray, seq_len: int, batch: int, trace: list[dict] | None, rng: np.random.Generator):
        self.data, self.seq_len, self.batch, self.trace, self.rng = data, seq_len, batch, trace, rng

    def starts(self, step: int) -> list[int]:
        if self.trace is not None:
            if step > len(self.trace):
                sys.exit(f"the trace holds {len(self.trace)} batches; step {step} needs more (raise DSR_TRACE_BATCHES)")
            rec = self.trace[step - 1]
            assert rec["step"] == step, f"trace line {step} is step {rec['step']}"
            return [w[1] for w in rec["windows"]]
        return list(self.rng.integers(0, self.data.shape[0] - self.seq_len - 1, self.batch))

    def batch_tensor(self, starts: list[int], dtype) -> torch.Tensor:
        idx = np.asarray(starts)[None, :] + np.arange(self.seq_len + 1)[:, None]  # T̃+1 × S
        return torch.tensor(self.data[idx], dtype=dtype)


# --------------------------------------------------------------------------- JAX backend


class JaxStep:
    """The same batch loss, RAdam step and schedule as above, in JAX (lax.scan + jit; one
    compiled loop per epoch), for long runs. Checked against the PyTorch gradients by
    ``grad --backend jax``."""

    def __init__(self, alpha: float, lat_reg: float, obs_reg: float, dtype: str, seq_len: int = 221, tau: int = 0):
        import jax

        if dtype == "float64":
            jax.config.update("jax_enable_x64", True)
        import jax.numpy as jnp

        self.jax, self.jnp = jax, jnp
        self.dt = jnp.float32 if dtype == "float32" else jnp.float64
        eps = float(np.finfo(np.float32 if dtype == "float32" else np.float64).eps)

        def loss_fn(p, x):
            a, w1, w2, h1, h2, b = (p[k] for k in NAMES)
            binv = jnp.linalg.pinv(b, rtol=eps * min(b.shape))
            z0 = x[0] @ binv.T
            signals = x @ jax.lax.stop_gradient(binv).T

            def step(z, inp):
                signal, w = inp
                pre = z @ w2.T
                zn = a * z + (jax.nn.relu(pre + h2) - jax.nn.relu(pre)) @ w1.T + h1
                return (1 - w) * zn + w * signal, zn

            weights = jnp.asarray(forcing_weights(x.shape[0] - 1, alpha, tau), x.dtype)
            _, zs = jax.lax.scan(step, z0, (signals[1:], weights))
            l_tr = jnp.mean((zs @ b.T - x[1:]) ** 2)
            l_reg = jnp.zeros((), x.dtype)
            if lat_reg > 0:
                l_reg = l_reg + lat_reg * (jnp.sum((1 - a) ** 2) + jnp.sum(w1**2) + jnp.sum(w2**2) + jnp.sum(h1**2) + jnp.sum(h2**2))
            if obs_reg > 0:
                sv = jnp.linalg.svd(b, compute_uv=False)
                l_reg = l_reg + obs_reg * (1 - sv[0] / (sv[-1] + 1e-8)) ** 2
            return l_tr + l_reg, (l_tr, l_reg)

        self.value_and_grad = jax.jit(jax.value_and_grad(loss_fn, has_aux=True))

        def update(p, m, v, g, scale, normalised, b2t, lr):
            b1, b2 = 0.9, 0.999
            m = {k: b1 * m[k] + (1 - b1) * g[k] for k in p}
            v = {k: b2 * v[k] + (1 - b2) * g[k] * g[k] for k in p}
            step = {k: jnp.where(normalised, scale * m[k] / (jnp.sqrt(v[k] / b2t) + 1e-8), scale * m[k]) for k in p}
            return {k: p[k] - lr * step[k] for k in p}, m, v

        offsets = jnp.arange(seq_len + 1)

        def epoch(p, m, v, data, starts, lrs, scales, normalised, b2ts):
            def batch(carry, inp):
                p, m, v = carry
                st, lr, scale, norm, b2t = inp
                x = data[st[None, :] + offsets[:, None]]  # T̃+1 × S × N
                (_, (l_tr, l_reg)), g = jax.value_and_grad(loss_fn, has_aux=True)(p, x)
                gn = jnp.sqrt(sum(jnp.sum(g[k] ** 2) for k in NAMES))
                p, m, v = update(p, m, v, g, scale, norm, b2t, lr)
                return (p, m, v), (l_tr, l_reg, gn)

            (p, m, v), out = jax.lax.scan(batch, (p, m, v), (starts, lrs, scales, normalised, b2ts))
            return p, m, v, out

        self._epoch = jax.jit(epoch)

    def params(self, init: dict[str, np.ndarray]):
        return {k: self.jnp.asarray(init[k], dtype=self.dt) for k in NAMES}

    def grads(self, p, x: np.ndarray):
        (_, (l_tr, l_reg)), g = self.value_and_grad(p, self.jnp.asarray(x, dtype=self.dt))
        return float(l_tr), float(l_reg), {k: np.asarray(g[k], dtype=np.float64) for k in NAMES}

    def epoch(self, p, m, v, data, starts: np.ndarray, steps: list[int], lrs: list[float]):
        """One epoch: batches with window starts `starts` (Sₑ × S) at global steps `steps`.
        Returns (p, m, v, (L_tr, L_reg, ‖g‖) per batch)."""
        jnp = self.jnp
        factors = [radam_factors(t) for t in steps]
        p, m, v, out = self._epoch(
            p, m, v, data, jnp.asarray(starts), jnp.asarray(lrs, self.dt), jnp.asarray([f[0] for f in factors], self.dt),
            jnp.asarray([f[1] for f in factors]), jnp.asarray([f[2] for f in factors], self.dt))
        return p, m, v, tuple(np.asarray(o, dtype=np.float64) for o in out)


def radam_factors(t: int, beta1=0.9, beta2=0.999):
    """(scale multiplying m, whether the step is normalised, 1 − β₂ᵗ) of Flux RAdam at step t."""
    rho_inf = 2 / (1 - beta2) - 1
    rho = rho_inf - 2 * t * beta2**t / (1 - beta2**t)
    scale = 1 / (1 - beta1**t)
    if rho > 4:
        return scale * math.sqrt((rho - 4) * (rho - 2) * rho_inf / ((rho_inf - 4) * (rho_inf - 2) * rho)), True, 1 - beta2**t
    return scale, False, 1 - beta2**t


# --------------------------------------------------------------------------- commands


def to_torch(params: dict[str, np.ndarray], dtype) -> dict[str, torch.Tensor]:
    return {k: torch.tensor(params[k], dtype=dtype, requires_grad=True) for k in NAMES}


def torch_grads(base: dict[str, np.ndarray], x: np.ndarray, dtype, args):
    """(L_tr, L_reg, gradients as float64 arrays) of one batch with the PyTorch loss."""
    p = to_torch(base, dtype)
    l_tr, l_reg = batch_loss(p, torch.tensor(x, dtype=dtype), args.alpha, args.lat_reg, args.obs_reg, args.tau)
    (l_tr + l_reg).backward()
    return l_tr.item(), l_reg.item(), {k: p[k].grad.double().numpy() for k in NAMES}


def command_grad(args) -> None:
    """Loss and gradients of traced batches at dsr's parameters and windows."""
    data = np.load(args.data)
    trace = read_trace(args.trace)
    traced = [r for r in trace if "gradients" in r]
    if not traced:
        sys.exit(f"{args.trace} holds no gradients (set DSR_TRACE_GRADIENTS when training)")
    print(f"{len(traced)} traced batches; α = {args.alpha}, λ_l = {args.lat_reg}, λ_o = {args.obs_reg}; "
          f"relative differences to dsr (|Δ|/|dsr|, ‖Δg‖/‖g_dsr‖ per array)")
    print(f"{'step':>4}  {'impl':13}  {'L_tr':>22}  {'ΔL_tr':>8}  {'ΔL_reg':>8}  " + "  ".join(f"{'Δg_' + k:>8}" for k in NAMES))
    rows = []
    impls = [("torch-float32", "torch", torch.float32), ("torch-float64", "torch", torch.float64)]
    jaxes = {}
    if args.backend == "jax":
        jaxes = {d: JaxStep(args.alpha, args.lat_reg, args.obs_reg, d, args.seq_len, args.tau) for d in ("float64",)}
        impls.append(("jax-float64", "jax", "float64"))
    for rec in traced[: args.batches]:
        base = {k: np.array(rec["parameters"][k]["data"], dtype=np.float64).reshape(rec["parameters"][k]["shape"]) for k in NAMES}
        starts = [w[1] for w in rec["windows"]]
        x = Windows(data.astype(np.float64), args.seq_len, len(starts), None, None).batch_tensor(starts, torch.float64).numpy()
        dsr_loss = rec["loss_training"]
        print(f"{rec['step']:4d}  {'dsr ‖g‖':13}  {dsr_loss:22.17g}  {'':8}  {'':8}  "
              + "  ".join(f"{np.linalg.norm(rec['gradients'][k]['data']):8.2e}" for k in NAMES))
        for name, kind, dtype in impls:
            if kind == "torch":
                l_tr, l_reg, g = torch_grads(base, x, dtype, args)
            else:
                jx = jaxes[dtype]
                l_tr, l_reg, g = jx.grads(jx.params(base), x)
            rel = {}
            for k in NAMES:
                g_dsr = np.array(rec["gradients"][k]["data"], dtype=np.float64)
                rel[k] = float(np.linalg.norm(g[k].reshape(-1) - g_dsr) / max(np.linalg.norm(g_dsr), 1e-300))
            rd = abs(l_tr - dsr_loss) / abs(dsr_loss)
            rr = abs(l_reg - rec["loss_regularization"]) / max(abs(rec["loss_regularization"]), 1e-300)
            print(f"{'':4}  {name:13}  {l_tr:22.17g}  {rd:8.1e}  {rr:8.1e}  " + "  ".join(f"{rel[k]:8.1e}" for k in NAMES))
            rows.append({"step": rec["step"], "impl": name, "loss": l_tr, "loss_dsr": dsr_loss, "loss_rel": rd, "reg_rel": rr,
                         **{f"grad_rel_{k}": rel[k] for k in NAMES},
                         **{f"grad_norm_dsr_{k}": float(np.linalg.norm(rec["gradients"][k]["data"])) for k in NAMES}})
    if args.csv:
        with open(args.csv, "w", newline="") as f:
            w = csv.DictWriter(f, fieldnames=list(rows[0].keys()))
            w.writeheader()
            w.writerows(rows)


def command_train(args) -> None:
    dtype = torch.float32 if args.dtype == "float32" else torch.float64
    data = np.load(args.data).astype(np.float64)
    rng = np.random.default_rng(args.seed)
    if args.init:
        init = read_model(args.init)
    else:
        init = reference_init(args.latent_dim, args.hidden_dim, data.shape[1], rng)
    # The reference casts everything to Float32; float64 runs start from the same (rounded) values.
    init = {k: v.astype(np.float32).astype(np.float64) for k, v in init.items()}
    trace = read_trace(args.windows) if args.windows else None
    windows = Windows(data.astype(np.float32).astype(np.float64), args.seq_len, args.batch_size, trace, rng)
    schedule_epochs = args.schedule_epochs or args.epochs
    if args.backend == "jax" and args.clip > 0:
        sys.exit("--clip is implemented in the torch backend only")
    if args.backend == "torch":
        p = to_torch(init, dtype)
        opt = RAdamFlux(p)
    else:
        jx = JaxStep(args.alpha, args.lat_reg, args.obs_reg, args.dtype, args.seq_len, args.tau)
        p = jx.params(init)
        mom = {k: jx.jnp.zeros_like(v) for k, v in p.items()}
        vel = {k: jx.jnp.zeros_like(v) for k, v in p.items()}

    def as_torch(q):
        return q if args.backend == "torch" else {k: torch.tensor(np.asarray(v, dtype=np.float64)) for k, v in q.items()}

    os.makedirs(args.out, exist_ok=True)
    if args.config:
        shutil.copy(args.config, os.path.join(args.out, "config.json"))
    write_model(os.path.join(args.out, "model_0.json"), as_torch(p), args.dtype, 0, float("nan"), args.alpha)
    log = open(os.path.join(args.out, "losses.csv"), "w")
    log.write("epoch,loss,loss_training,loss_regularization,learning_rate,grad_norm,seconds\n")
    step, t0 = 0, time.time()
    if args.backend == "jax":
        data_j = jx.jnp.asarray(windows.data, dtype=jx.dt)
    for epoch in range(1, args.epochs + 1):
        if args.backend == "jax":
            steps = list(range(step + 1, step + args.batches_per_epoch + 1))
            starts = np.array([windows.starts(t) for t in steps], dtype=np.int32)
            lrs = [learning_rate(t, args.start_lr, args.end_lr, schedule_epochs, args.batches_per_epoch) for t in steps]
            p, mom, vel, (l_trs, l_regs, gns) = jx.epoch(p, mom, vel, data_j, starts, steps, lrs)
            step = steps[-1]
            lr = lrs[-1]
            mean = np.array([np.mean(l_trs + l_regs), np.mean(l_trs), np.mean(l_regs)])
            gnorm = float(np.max(gns))
            if not np.all(np.isfinite(l_trs)):
                log.write(f"{epoch},nan,nan,nan,nan,nan,{time.time() - t0:.1f}\n")
                log.close()
                sys.exit(f"non-finite loss at epoch {epoch}")
        else:
            sums = np.zeros(3)
            gnorm = 0.0
            for _ in range(args.batches_per_epoch):
                step += 1
                lr = learning_rate(step, args.start_lr, args.end_lr, schedule_epochs, args.batches_per_epoch)
                x = windows.batch_tensor(windows.starts(step), dtype)
                for v in p.values():
                    v.grad = None
                l_tr, l_reg = batch_loss(p, x, args.alpha, args.lat_reg, args.obs_reg, args.tau)
                (l_tr + l_reg).backward()
                grads = {k: v.grad for k, v in p.items()}
                l_tr, l_reg = l_tr.item(), l_reg.item()
                norms = {k: float(torch.linalg.norm(g.double())) for k, g in grads.items()}
                if args.clip > 0:  # per-array clipping (Flux ClipNorm), off in the paper scripts
                    grads = {k: (g * (args.clip / norms[k]) if norms[k] > args.clip else g) for k, g in grads.items()}
                gnorm = max(gnorm, math.sqrt(sum(v * v for v in norms.values())))
                opt.step(p, grads, lr)
                sums += [l_tr + l_reg, l_tr, l_reg]
                if not math.isfinite(l_tr + l_reg):
                    log.write(f"{epoch},nan,nan,nan,nan,nan,{time.time() - t0:.1f}\n")
                    log.close()
                    sys.exit(f"non-finite loss at epoch {epoch}")
            mean = sums / args.batches_per_epoch
        log.write(f"{epoch},{mean[0]:.9g},{mean[1]:.9g},{mean[2]:.9g},{lr:.6g},{gnorm:.6g},{time.time() - t0:.1f}\n")
        log.flush()
        if epoch % args.save_every == 0 or epoch == args.epochs:
            write_model(os.path.join(args.out, f"model_{epoch}.json"), as_torch(p), args.dtype, epoch, float(mean[0]), args.alpha)
        if epoch % args.print_every == 0 or epoch == 1:
            print(f"epoch {epoch}: loss {mean[0]:.5g} (L_tr {mean[1]:.5g}), max ‖g‖ {gnorm:.3g}, {time.time() - t0:.0f} s", flush=True)
    write_model(os.path.join(args.out, "model.json"), as_torch(p), args.dtype, args.epochs, float(mean[0]), args.alpha)


def epoch_means_of_trace(path: str, per_epoch: int) -> np.ndarray:
    """Per-epoch mean of L_tr + L_reg over the batches of a dsr trace (complete epochs only)."""
    losses = np.array([r["loss_training"] + r["loss_regularization"] for r in read_trace(path)])
    n = len(losses) // per_epoch
    return losses[: n * per_epoch].reshape(n, per_epoch).mean(axis=1)


def command_curve(args) -> None:
    """Epoch-mean loss of a dsr trace next to losses.csv files of this script."""
    columns = {"dsr": epoch_means_of_trace(args.trace, args.batches_per_epoch)}
    for path in args.losses:
        with open(path) as f:
            columns[path] = np.array([float(r["loss"]) for r in csv.DictReader(f)])
    n = max(len(c) for c in columns.values())
    epochs = sorted({e for e in [1, 2, 3, 5, 10, 20, 30, 50, 75, 100, 150, 200, 250, 300, 400, 500] if e <= n} | {n})
    names = list(columns)
    print("epoch  " + "  ".join(f"{k[-28:]:>28}" for k in names))
    for e in epochs:
        print(f"{e:5d}  " + "  ".join(f"{columns[k][e - 1]:28.5f}" if e <= len(columns[k]) else f"{'':28}" for k in names))
    for k in names[1:]:
        m = min(len(columns[k]), len(columns["dsr"]))
        d = columns[k][:m] - columns["dsr"][:m]
        first = next((i + 1 for i in range(m) if abs(d[i]) > 1e-3 * abs(columns["dsr"][i])), None)
        print(f"{k}: first epoch whose mean differs from dsr's by more than 0.1 %: {first}; "
              f"mean over epochs 1–{m}: dsr {columns['dsr'][:m].mean():.4f}, this {columns[k][:m].mean():.4f}")


def command_objective(args) -> None:
    """The training objective L_tr of given models on the same random windows (float64): how the
    α = 0 free-run loss ranks models trained in different ways."""
    data = np.load(args.data).astype(np.float64)
    rng = np.random.default_rng(args.seed)
    windows = Windows(data, args.seq_len, args.batch_size, None, rng)
    batches = [windows.batch_tensor(windows.starts(0), torch.float64) for _ in range(args.batches)]
    print(f"L_tr (α = {args.alpha}, T̃ = {args.seq_len}) over {args.batches} batches of {args.batch_size} windows; data variance {data.var():.4f}")
    for path in args.models:
        p = to_torch(read_model(path), torch.float64)
        with torch.no_grad():
            values = [batch_loss(p, x, args.alpha, 0, 0, args.tau)[0].item() for x in batches]
        print(f"{np.mean(values):.4f} ± {np.std(values) / math.sqrt(len(values)):.4f}  {path}")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = ap.add_subparsers(dest="command", required=True)
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--data", default="Datasets/ecg_pecuzal5d_train.npy")
    common.add_argument("--alpha", type=float, default=0.0, help="constant GTF α (0 = the paper's STF)")
    common.add_argument("--tau", type=int, default=0, help="sparse TF interval τ instead of GTF (0 = GTF with --alpha)")
    common.add_argument("--seq-len", type=int, default=221, help="T̃")
    common.add_argument("--lat-reg", type=float, default=1e-5, help="λ_l")
    common.add_argument("--obs-reg", type=float, default=1e-6, help="λ_o")

    g = sub.add_parser("grad", parents=[common], help="compare loss and gradients with a dsr trace")
    g.add_argument("--trace", required=True, help="<run>/trace/batches.jsonl with gradients")
    g.add_argument("--batches", type=int, default=10**9)
    g.add_argument("--csv", help="write the comparison here")
    g.add_argument("--backend", choices=["torch", "jax"], default="torch", help="jax: also check the JAX loss (float64)")

    t = sub.add_parser("train", parents=[common], help="train")
    t.add_argument("--out", required=True)
    t.add_argument("--dtype", choices=["float32", "float64"], default="float32")
    t.add_argument("--backend", choices=["torch", "jax"], default="torch", help="jax: the same trainer jit-compiled, for long runs")
    t.add_argument("--init", help="a dsr model.json to start from (e.g. <run>/trace/model_0.json)")
    t.add_argument("--windows", help="replay the window starts of a dsr trace (<run>/trace/batches.jsonl)")
    t.add_argument("--seed", type=int, default=0, help="own initialisation / window sampling")
    t.add_argument("--latent-dim", type=int, default=5)
    t.add_argument("--hidden-dim", type=int, default=250)
    t.add_argument("--batch-size", type=int, default=16)
    t.add_argument("--batches-per-epoch", type=int, default=50)
    t.add_argument("--epochs", type=int, default=5000)
    t.add_argument("--schedule-epochs", type=int, default=0, help="E of the lr decay (default: --epochs)")
    t.add_argument("--start-lr", type=float, default=1e-3)
    t.add_argument("--end-lr", type=float, default=1e-6)
    t.add_argument("--clip", type=float, default=0.0, help="per-array gradient-norm clip (0 = off, as in the paper)")
    t.add_argument("--save-every", type=int, default=100)
    t.add_argument("--print-every", type=int, default=25)
    t.add_argument("--config", help="a dsr config.json to copy into --out (so dsr evaluate finds the run)")

    c = sub.add_parser("curve", help="epoch-mean losses of a dsr trace next to losses.csv files")
    c.add_argument("--trace", required=True)
    c.add_argument("--batches-per-epoch", type=int, default=50)
    c.add_argument("losses", nargs="*", help="losses.csv files written by train")

    o = sub.add_parser("objective", parents=[common], help="the α-forced free-run loss of given model.json files")
    o.add_argument("models", nargs="+")
    o.add_argument("--batches", type=int, default=100)
    o.add_argument("--batch-size", type=int, default=16)
    o.add_argument("--seed", type=int, default=0)

    args = ap.parse_args()
    {"grad": command_grad, "train": command_train, "curve": command_curve, "objective": command_objective}[args.command](args)


if __name__ == "__main__":
    main()

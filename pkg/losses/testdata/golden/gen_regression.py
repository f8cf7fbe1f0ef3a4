#!/usr/bin/python3
"""Generates regression.json: PyTorch (float64) values and gradients of the
regression losses, read by regression_golden_test.go (Go only, no Python at test time).

Run with a Python that has torch (here: /usr/bin/python3, torch 1.13):
    cd pkg/losses/testdata/golden && /usr/bin/python3 gen_regression.py
"""
import json
import math

import torch
import torch.nn.functional as F

torch.set_default_dtype(torch.float64)
g = torch.Generator().manual_seed(7)


def rand(*shape, scale=1.0):
    return (torch.rand(*shape, generator=g) * 2 - 1) * scale




cases = []


def add(name, fn, params, reduction, tensors, grad_names, f):
    leaves = {k: v.clone().requires_grad_(k in grad_names) for k, v in tensors.items()}
    out = f(leaves)
    total = out.sum() if out.dim() > 0 else out
    grads = torch.autograd.grad(total, [leaves[k] for k in grad_names]) if grad_names else []
    cases.append({
        "name": name, "fn": fn, "params": params, "reduction": reduction,
        "inputs": {k: v.flatten().tolist() for k, v in tensors.items()},
        "dims": {k: list(v.shape) for k, v in tensors.items()},
        "value": out.detach().flatten().tolist(),
        "value_dims": list(out.shape),
        # Gradient of the SUM of the returned values (for a reduced loss: of the loss).
        "grads": {k: gr.flatten().tolist() for k, gr in zip(grad_names, grads)},
    })


# Predictions and targets with |pred - target| kept away from 0 and from the
# thresholds 0.5, 1, 2 (kinks of abs / Huber / SmoothL1), so gradients are unambiguous.
def pair(shape, scale=3.0):
    t = rand(*shape, scale=scale)
    d = rand(*shape, scale=scale)
    for kink in (0.0, 0.5, 1.0, 2.0):
        close = (d.abs() - kink).abs() < 0.05
        d = torch.where(close, d + 0.1 * torch.sign(d + 1e-3), d)
    return t + d, t


p, t = pair((4, 3))
for red in ("mean", "sum", "none"):
    add(f"MAE {red}", "MeanAbsoluteError", {}, red, {"pred": p, "target": t}, ["pred", "target"],
        lambda x, red=red: F.l1_loss(x["pred"], x["target"], reduction=red))
    add(f"MSE {red}", "MeanSquaredError", {}, red, {"pred": p, "target": t}, ["pred", "target"],
        lambda x, red=red: F.mse_loss(x["pred"], x["target"], reduction=red))
    for delta in (0.5, 1.0, 2.0):
        add(f"Huber delta={delta} {red}", "Huber", {"delta": delta}, red, {"pred": p, "target": t}, ["pred", "target"],
            lambda x, red=red, delta=delta: F.huber_loss(x["pred"], x["target"], reduction=red, delta=delta))
    for beta in (0.0, 0.5, 1.0, 2.0):
        add(f"SmoothL1 beta={beta} {red}", "SmoothL1", {"beta": beta}, red, {"pred": p, "target": t}, ["pred", "target"],
            lambda x, red=red, beta=beta: F.smooth_l1_loss(x["pred"], x["target"], reduction=red, beta=beta))
    # LogCosh has no torch built-in: the reference is the naive formula in float64.
    add(f"LogCosh {red}", "LogCosh", {}, red, {"pred": p, "target": t}, ["pred", "target"],
        lambda x, red=red: {"mean": torch.mean, "sum": torch.sum, "none": lambda y: y}[red](
            torch.log(torch.cosh(x["pred"] - x["target"]))))

# GaussianNLL: full variance, per-example variance ([B,1] and [B]), full, a clamped variance.
mu, y = pair((4, 3))
var = torch.rand(4, 3, generator=g) * 2 + 0.1
var_small = var.clone()
var_small[0, 0] = 1e-8  # below eps=1e-6: clamped (straight-through gradient)
var_row = torch.rand(4, 1, generator=g) + 0.2
for red in ("mean", "sum", "none"):
    for full in (False, True):
        add(f"GaussianNLL full={full} {red}", "GaussianNLL", {"full": full, "eps": 1e-6}, red,
            {"mean": mu, "target": y, "var": var}, ["mean", "target", "var"],
            lambda x, red=red, full=full: F.gaussian_nll_loss(x["mean"], x["target"], x["var"], full=full, eps=1e-6, reduction=red))
add("GaussianNLL clamped variance", "GaussianNLL", {"full": False, "eps": 1e-6}, "mean",
    {"mean": mu, "target": y, "var": var_small}, ["mean", "var"],
    lambda x: F.gaussian_nll_loss(x["mean"], x["target"], x["var"], eps=1e-6))
add("GaussianNLL variance [B,1]", "GaussianNLL", {"full": True, "eps": 1e-6}, "mean",
    {"mean": mu, "target": y, "var": var_row}, ["mean", "var"],
    lambda x: F.gaussian_nll_loss(x["mean"], x["target"], x["var"], full=True, eps=1e-6))
add("GaussianNLL variance [B]", "GaussianNLL", {"full": False, "eps": 1e-6}, "sum",
    {"mean": mu, "target": y, "var": var_row.reshape(4)}, ["mean", "var"],
    lambda x: F.gaussian_nll_loss(x["mean"], x["target"], x["var"], eps=1e-6, reduction="sum"))

# LaplaceNLL: torch.distributions.Laplace log_prob.
scale = torch.rand(4, 3, generator=g) * 2 + 0.1
for red in ("mean", "sum", "none"):
    def laplace(x, red=red):
        l = -torch.distributions.Laplace(x["loc"], x["scale"]).log_prob(x["target"])
        return {"mean": torch.mean, "sum": torch.sum, "none": lambda v: v}[red](l)
    add(f"LaplaceNLL {red}", "LaplaceNLL", {"eps": 1e-6}, red, {"loc": mu, "target": y, "scale": scale},
        ["loc", "target", "scale"], laplace)

with open("regression.json", "w") as fh:
    json.dump({"generator": "gen_regression.py", "torch": torch.__version__, "cases": cases}, fh, indent=1)
print(f"wrote {len(cases)} cases to regression.json")

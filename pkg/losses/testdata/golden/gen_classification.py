#!/usr/bin/python3
"""Golden values for pkg/losses classification losses, computed with PyTorch 1.13 in float64.

Run from this directory with the system Python that has torch:

    /usr/bin/python3 gen_classification.py > classification.json

The Go tests only read classification.json (never this script, never Python).
Each case: loss name, inputs (flat row-major values + dims), options, the loss
value (flat, with dims) and, for scalar reductions, the gradient of the value
with respect to the first input, both computed by torch autograd.

Sigmoid focal loss: torchvision is not installed, so torchvision.ops.sigmoid_focal_loss
is reproduced below verbatim (torchvision 0.14 source). Softmax focal loss has no
PyTorch built-in: the reference is the paper's formula evaluated naively in float64
at moderate logits, where naive is exact enough.
"""
import json
import sys

import torch
import torch.nn.functional as F

torch.manual_seed(1234)
D = torch.float64
cases = []


def flat(t):
    return [float(v) for v in t.detach().reshape(-1).tolist()]


def add(loss, name, x, y, opts, fn):
    """fn(x) -> loss tensor; x is a leaf requiring grad."""
    x = x.clone().to(D).requires_grad_(True)
    out = fn(x)
    case = {
        "loss": loss,
        "name": name,
        "x": flat(x),
        "x_dims": list(x.shape),
        "y": [int(v) for v in y.reshape(-1).tolist()] if not y.is_floating_point() else flat(y),
        "y_dims": list(y.shape),
        "y_int": not y.is_floating_point(),
        "opts": opts,
        "value": flat(out),
        "value_dims": list(out.shape),
    }
    if out.dim() == 0:
        (g,) = torch.autograd.grad(out, x)
        g = flat(g)
        # Naive autodiff can give NaN (torchvision's (1-p_t)**gamma with gamma < 1 at
        # |z| = 40): record where, so the Go test can check that ours is finite there.
        nan = [i for i, v in enumerate(g) if v != v]
        if nan:
            case["torch_grad_nan"] = nan
            g = [0.0 if v != v else v for v in g]
        case["grad"] = g
    cases.append(case)


def sigmoid_focal_loss(inputs, targets, alpha=0.25, gamma=2, reduction="none"):
    # torchvision.ops.sigmoid_focal_loss, torchvision 0.14.
    p = torch.sigmoid(inputs)
    ce_loss = F.binary_cross_entropy_with_logits(inputs, targets, reduction="none")
    p_t = p * targets + (1 - p) * (1 - targets)
    loss = ce_loss * ((1 - p_t) ** gamma)
    if alpha >= 0:
        alpha_t = alpha * targets + (1 - alpha) * (1 - targets)
        loss = alpha_t * loss
    if reduction == "mean":
        loss = loss.mean()
    elif reduction == "sum":
        loss = loss.sum()
    return loss


# ---------------- BinaryCrossEntropy (probabilities) ----------------
p = torch.tensor([[0.0, 0.2, 0.5], [0.9, 1.0, 0.35]], dtype=D)
y = torch.tensor([[1.0, 0.0, 1.0], [0.0, 1.0, 0.7]], dtype=D)
for red in ["mean", "sum", "none"]:
    add("bce", "p in {0,1} " + red, p, y, {"reduction": red}, lambda x, red=red: F.binary_cross_entropy(x, y, reduction=red))
yb = torch.tensor([[1.0, 1.0, 0.0], [0.0, 0.0, 0.0]], dtype=D)  # p=0,y=1 and p=1,y=0: clamped at 100
add("bce", "clamped logs", p, yb, {"reduction": "mean"}, lambda x: F.binary_cross_entropy(x, yb))
w = torch.tensor([[1.0, 2.0, 0.5], [0.0, 1.0, 3.0]], dtype=D)
add("bce", "weight (element mean)", p, y, {"reduction": "element_mean", "weights": flat(w)},
    lambda x: F.binary_cross_entropy(x, y, weight=w))
add("bce", "label smoothing 0.1 (Keras rule)", p, y, {"reduction": "mean", "label_smoothing": 0.1},
    lambda x: F.binary_cross_entropy(x, y * 0.9 + 0.05))

# ---------------- BinaryCrossEntropyWithLogits ----------------
z = torch.tensor([[-3.0, -0.5, 0.0, 2.0], [40.0, -40.0, 1.5, -7.0], [0.3, 5.0, -2.2, 0.8]], dtype=D)
yz = torch.tensor([[0.0, 1.0, 1.0, 0.0], [1.0, 0.0, 0.25, 1.0], [1.0, 0.0, 0.0, 0.6]], dtype=D)
for red in ["mean", "sum", "none"]:
    add("bce_logits", "plain " + red, z, yz, {"reduction": red},
        lambda x, red=red: F.binary_cross_entropy_with_logits(x, yz, reduction=red))
pw = torch.tensor([3.0, 0.5, 1.0, 2.0], dtype=D)
add("bce_logits", "pos_weight [C]", z, yz, {"reduction": "mean", "pos_weight": flat(pw), "pos_weight_dims": [4]},
    lambda x: F.binary_cross_entropy_with_logits(x, yz, pos_weight=pw))
pwf = torch.rand(3, 4, dtype=D) * 4
add("bce_logits", "pos_weight full shape, sum", z, yz, {"reduction": "sum", "pos_weight": flat(pwf), "pos_weight_dims": [3, 4]},
    lambda x: F.binary_cross_entropy_with_logits(x, yz, pos_weight=pwf, reduction="sum"))
wz = torch.rand(3, 4, dtype=D)
add("bce_logits", "weight + pos_weight (element mean)", z, yz,
    {"reduction": "element_mean", "weights": flat(wz), "pos_weight": flat(pw), "pos_weight_dims": [4]},
    lambda x: F.binary_cross_entropy_with_logits(x, yz, weight=wz, pos_weight=pw))
add("bce_logits", "label smoothing 0.2 (Keras rule)", z, yz, {"reduction": "mean", "label_smoothing": 0.2},
    lambda x: F.binary_cross_entropy_with_logits(x, yz * 0.8 + 0.1))

# ---------------- SoftmaxCrossEntropy (integer labels) ----------------
N, C = 6, 4
zc = torch.randn(N, C, dtype=D) * 2
lab = torch.tensor([0, 3, -100, 1, 2, 3])
lab_noign = torch.tensor([0, 3, 2, 1, 2, 3])
cw = torch.tensor([0.5, 2.0, 1.0, 3.0], dtype=D)
for use_w in [False, True]:
    for ign in [False, True]:
        for eps in [0.0, 0.15]:
            for red in ["mean", "sum", "none"]:
                labels = lab if ign else lab_noign
                opts = {"reduction": red, "label_smoothing": eps}
                kw = {"reduction": red, "label_smoothing": eps}
                if use_w:
                    opts["class_weights"] = flat(cw)
                    kw["weight"] = cw
                if ign:
                    opts["ignore_index"] = -100
                    kw["ignore_index"] = -100
                name = "w=%s ignore=%s eps=%g %s" % (use_w, ign, eps, red)
                add("ce", name, zc, labels, opts, lambda x, labels=labels, kw=kw: F.cross_entropy(x, labels, **kw))
# Leading axes [2, 3, C]: PyTorch wants the class axis at 1.
z3 = torch.randn(2, 3, C, dtype=D)
l3 = torch.tensor([[1, 7, 0], [3, 3, 2]])
add("ce", "rank 3, ignore 7, weights, eps 0.1", z3, l3,
    {"reduction": "mean", "label_smoothing": 0.1, "class_weights": flat(cw), "ignore_index": 7},
    lambda x: F.cross_entropy(x.permute(0, 2, 1), l3, weight=cw, ignore_index=7, label_smoothing=0.1))
zl = torch.tensor([[30.0, -25.0, 0.0], [-40.0, 40.0, 39.0]], dtype=D)
add("ce", "large logits", zl, torch.tensor([1, 2]), {"reduction": "mean"}, lambda x: F.cross_entropy(x, torch.tensor([1, 2])))

# ---------------- SoftmaxCrossEntropyDense ----------------
t = torch.softmax(torch.randn(N, C, dtype=D), -1)
add("ce_dense", "soft targets", zc, t, {"reduction": "mean"}, lambda x: F.cross_entropy(x, t))
add("ce_dense", "soft targets eps 0.2 sum", zc, t, {"reduction": "sum", "label_smoothing": 0.2},
    lambda x: F.cross_entropy(x, t, label_smoothing=0.2, reduction="sum"))

# ---------------- NegativeLogLikelihood ----------------
lp = torch.log_softmax(torch.randn(N, C, dtype=D), -1)
for red in ["mean", "sum", "none"]:
    add("nll", "weights+ignore " + red, lp, lab, {"reduction": red, "class_weights": flat(cw), "ignore_index": -100},
        lambda x, red=red: F.nll_loss(x, lab, weight=cw, ignore_index=-100, reduction=red))
add("nll", "plain", lp, lab_noign, {"reduction": "mean"}, lambda x: F.nll_loss(x, lab_noign))

# ---------------- KLDivergence ----------------
q = torch.log_softmax(torch.randn(3, 5, dtype=D), -1)
tk = torch.softmax(torch.randn(3, 5, dtype=D), -1)
tk[0, 1] = 0.0
tk[0] = tk[0] / tk[0].sum()
for red, ours in [("mean", "mean"), ("batchmean", "batch_mean"), ("sum", "sum"), ("none", "none")]:
    add("kl", "kl " + red, q, tk, {"reduction": ours}, lambda x, red=red: F.kl_div(x, tk, reduction=red))
add("kl", "kl log_target batchmean", q, torch.log(tk + 1e-3), {"reduction": "batch_mean", "log_target": True},
    lambda x: F.kl_div(x, torch.log(tk + 1e-3), reduction="batchmean", log_target=True))

# ---------------- SigmoidFocalLoss ----------------
for alpha in [None, 0.25]:
    for gamma in [2.0, 0.5, 0.0]:
        opts = {"reduction": "mean", "gamma": gamma}
        if alpha is not None:
            opts["alpha"] = alpha
        a = -1 if alpha is None else alpha
        add("sigmoid_focal", "alpha=%s gamma=%g" % (alpha, gamma), z, yz, opts,
            lambda x, a=a, gamma=gamma: sigmoid_focal_loss(x, yz, alpha=a, gamma=gamma, reduction="mean"))
add("sigmoid_focal", "sum", z, yz, {"reduction": "sum", "gamma": 1.5, "alpha": 0.7},
    lambda x: sigmoid_focal_loss(x, yz, alpha=0.7, gamma=1.5, reduction="sum"))


# ---------------- SoftmaxFocalLoss (naive reference, float64, moderate logits) ----------------
def softmax_focal(x, labels, gamma, alpha=None, ignore=None, reduction="mean"):
    keep = torch.ones_like(labels, dtype=torch.bool) if ignore is None else labels != ignore
    safe = torch.where(keep, labels, torch.zeros_like(labels))
    logpt = torch.log_softmax(x, -1).gather(-1, safe.unsqueeze(-1)).squeeze(-1)
    pt = logpt.exp()
    loss = -((1 - pt) ** gamma) * logpt
    if alpha is not None:
        loss = alpha[safe] * loss
    loss = torch.where(keep, loss, torch.zeros_like(loss))
    if reduction == "mean":
        return loss.sum() / keep.sum()
    if reduction == "sum":
        return loss.sum()
    return loss


for gamma in [2.0, 0.5, 0.0]:
    add("softmax_focal", "gamma=%g" % gamma, zc, lab_noign, {"reduction": "mean", "gamma": gamma},
        lambda x, gamma=gamma: softmax_focal(x, lab_noign, gamma))
add("softmax_focal", "alpha per class + ignore", zc, lab,
    {"reduction": "mean", "gamma": 2.0, "class_weights": flat(cw), "ignore_index": -100},
    lambda x: softmax_focal(x, lab, 2.0, alpha=cw, ignore=-100))
add("softmax_focal", "alpha per class + ignore, none", zc, lab,
    {"reduction": "none", "gamma": 1.0, "class_weights": flat(cw), "ignore_index": -100},
    lambda x: softmax_focal(x, lab, 1.0, alpha=cw, ignore=-100, reduction="none"))

json.dump({"generator": "gen_classification.py", "torch": torch.__version__, "cases": cases}, sys.stdout, indent=1)
sys.stdout.write("\n")

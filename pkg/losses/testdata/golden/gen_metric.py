#!/usr/bin/python3
"""Generates metric.json: PyTorch (float64) values and gradients of the metric-learning
and InfoNCE losses, read by metric_test.go / infonce_test.go (Go only at test time).

It also checks the syllabus' info_nce_loss snippet: its label-adjustment line is
wrong, and the corrected snippet equals an independent float64 loop reference.

Run with a Python that has torch (here: /usr/bin/python3, torch 1.13):
    cd pkg/losses/testdata/golden && /usr/bin/python3 gen_metric.py
"""
import json
import math

import torch
import torch.nn.functional as F

torch.set_default_dtype(torch.float64)
g = torch.Generator().manual_seed(11)
cases = []
reducers = {"mean": torch.mean, "sum": torch.sum, "none": lambda v: v}


def rand(*shape):
    return torch.randn(*shape, generator=g)


def add(name, fn, params, reduction, tensors, grad_names, f):
    leaves = {k: v.clone().requires_grad_(k in grad_names) for k, v in tensors.items()}
    out = f(leaves)
    total = out.sum() if out.dim() > 0 else out
    grads = torch.autograd.grad(total, [leaves[k] for k in grad_names])
    cases.append({
        "name": name, "fn": fn, "params": params, "reduction": reduction,
        "inputs": {k: v.flatten().tolist() for k, v in tensors.items()},
        "dims": {k: list(v.shape) for k, v in tensors.items()},
        "value": out.detach().flatten().tolist(),
        "value_dims": list(out.shape),
        "grads": {k: gr.flatten().tolist() for k, gr in zip(grad_names, grads)},
    })


def cos_dist(eps):
    return lambda x, y: 1 - F.cosine_similarity(x, y, dim=-1, eps=eps)


def sq_l2(x, y):
    return (x - y).pow(2).sum(-1)


# ---- PairwiseDistance ----
a, b = rand(5, 4), rand(5, 4)
add("PairwiseDistance L2", "PairwiseDistance", {"dist": "l2", "eps": 1e-6}, "none", {"a": a, "b": b}, ["a", "b"],
    lambda x: F.pairwise_distance(x["a"], x["b"], eps=1e-6))
add("PairwiseDistance L2 eps=0.1", "PairwiseDistance", {"dist": "l2", "eps": 0.1}, "none", {"a": a, "b": b}, ["a", "b"],
    lambda x: F.pairwise_distance(x["a"], x["b"], eps=0.1))
add("PairwiseDistance squared L2", "PairwiseDistance", {"dist": "squared_l2", "eps": 1e-6}, "none", {"a": a, "b": b}, ["a", "b"],
    lambda x: sq_l2(x["a"], x["b"]))
add("PairwiseDistance cosine", "PairwiseDistance", {"dist": "cosine", "eps": 1e-6}, "none", {"a": a, "b": b}, ["a", "b"],
    lambda x: cos_dist(1e-6)(x["a"], x["b"]))

# ---- TripletMargin ----
an, po, ne = rand(8, 5), rand(8, 5), rand(8, 5)
po = an + 0.7 * po  # mostly closer than the negatives, so some hinges are inactive
for red in ("mean", "sum", "none"):
    for margin in (0.5, 1.0):
        for swap in (False, True):
            pre = F.pairwise_distance(an, po) - torch.minimum(F.pairwise_distance(an, ne), F.pairwise_distance(po, ne) if swap else F.pairwise_distance(an, ne)) + margin
            assert pre.abs().min() > 1e-3, "a triplet sits on the hinge's kink"
            add(f"TripletMargin L2 margin={margin} swap={swap} {red}", "TripletMargin",
                {"dist": "l2", "margin": margin, "swap": swap, "eps": 1e-6}, red,
                {"anchor": an, "positive": po, "negative": ne}, ["anchor", "positive", "negative"],
                lambda x, red=red, margin=margin, swap=swap: F.triplet_margin_loss(
                    x["anchor"], x["positive"], x["negative"], margin=margin, p=2, eps=1e-6, swap=swap, reduction=red))
for dist, fn in (("cosine", cos_dist(1e-6)), ("squared_l2", sq_l2)):
    for swap in (False, True):
        add(f"TripletMargin {dist} swap={swap}", "TripletMargin", {"dist": dist, "margin": 0.3, "swap": swap, "eps": 1e-6}, "mean",
            {"anchor": an, "positive": po, "negative": ne}, ["anchor", "positive", "negative"],
            lambda x, fn=fn, swap=swap: F.triplet_margin_with_distance_loss(
                x["anchor"], x["positive"], x["negative"], distance_function=fn, margin=0.3, swap=swap))


# ---- Contrastive: y·d² + (1−y)·max(0, m−d)² (syllabus form, y = 1 similar) ----
def contrastive(x1, x2, y, margin, red):
    d = F.pairwise_distance(x1, x2, eps=1e-6)
    return reducers[red](y * d.pow(2) + (1 - y) * F.relu(margin - d).pow(2))


x1, x2 = rand(8, 3), rand(8, 3)
sim = torch.tensor([1, 0, 1, 0, 0, 1, 0, 0], dtype=torch.float64)
dd = F.pairwise_distance(x1, x2)
for margin in (1.0, 3.0):
    assert (dd - margin).abs().min() > 1e-3
    for red in ("mean", "sum", "none"):
        add(f"Contrastive margin={margin} {red}", "Contrastive", {"margin": margin, "eps": 1e-6}, red,
            {"x1": x1, "x2": x2, "similar": sim}, ["x1", "x2"],
            lambda x, margin=margin, red=red: contrastive(x["x1"], x["x2"], x["similar"], margin, red))


# ---- NT-Xent ----
def syllabus_info_nce_loss(z_i, z_j, temperature=0.5, fix_labels=False):
    """The syllabus' snippet, verbatim except for the optional label fix."""
    batch_size = z_i.shape[0]
    z_i = F.normalize(z_i, dim=1)
    z_j = F.normalize(z_j, dim=1)
    z = torch.cat([z_i, z_j], dim=0)
    sim = torch.mm(z, z.t()) / temperature
    labels = torch.cat([torch.arange(batch_size) + batch_size, torch.arange(batch_size)]).to(z.device)
    mask = ~torch.eye(2 * batch_size, dtype=bool, device=z.device)
    sim = sim.masked_select(mask).view(2 * batch_size, -1)
    if fix_labels:
        # Column c > label's row moved left by one when the diagonal was removed:
        # the positive's new index is label − 1 exactly when label > row.
        labels = labels - (labels > torch.arange(2 * batch_size, device=z.device)).long()
    else:
        labels = labels - (torch.arange(2 * batch_size, device=z.device) > labels).long()
    return F.cross_entropy(sim, labels)


def reference_ntxent(z_i, z_j, tau):
    """Independent float64 loop: mean over the 2N anchors of −log(e^{s_ip/τ} / Σ_{k≠i} e^{s_ik/τ})."""
    z = [[c / max(math.sqrt(sum(c2 * c2 for c2 in v)), 1e-12) for c in v] for v in z_i.tolist() + z_j.tolist()]
    n2 = len(z)
    total = 0.0
    for i in range(n2):
        p = (i + n2 // 2) % n2
        s = [sum(a * b for a, b in zip(z[i], z[k])) / tau for k in range(n2)]
        den = sum(math.exp(s[k]) for k in range(n2) if k != i)
        total += -(s[p] - math.log(den))
    return total / n2


zi, zj = rand(6, 4), rand(6, 4)
zj = zi + 0.5 * zj  # correlated views, as augmentations
snippet_checks = {}
for tau in (0.5, 0.1):
    ref = reference_ntxent(zi, zj, tau)
    fixed = syllabus_info_nce_loss(zi, zj, tau, fix_labels=True).item()
    assert abs(fixed - ref) < 1e-12, (fixed, ref)
    # The verbatim snippet decrements the labels of the wrong rows: row N−1 gets
    # label 2N−1 (out of range of the 2N−1 candidates) and row N gets −1, so
    # F.cross_entropy raises (IndexError on CPU, a device-side assert on CUDA);
    # the other rows point at the wrong candidate.
    try:
        buggy = syllabus_info_nce_loss(zi, zj, tau, fix_labels=False).item()
        assert abs(buggy - ref) > 1e-3, "the syllabus snippet was expected to differ"
    except IndexError as err:
        buggy = f"raises IndexError: {err}"
    snippet_checks[f"tau={tau}"] = {"reference": ref, "syllabus_snippet": buggy, "snippet_with_label_fix": fixed}
    add(f"NTXent tau={tau}", "NTXent", {"temperature": tau}, "mean", {"zI": zi, "zJ": zj}, ["zI", "zJ"],
        lambda x, tau=tau: syllabus_info_nce_loss(x["zI"], x["zJ"], tau, fix_labels=True))
add("NTXent tau=0.5 sum", "NTXent", {"temperature": 0.5}, "sum", {"zI": zi, "zJ": zj}, ["zI", "zJ"],
    lambda x: syllabus_info_nce_loss(x["zI"], x["zJ"], 0.5, fix_labels=True) * 12)
print("syllabus info_nce_loss check:", json.dumps(snippet_checks, indent=1))


# ---- InfoNCE (CLIP style) ----
def clip_loss(q, k, tau, symmetric, red):
    logits = F.normalize(q, dim=1) @ F.normalize(k, dim=1).t() / tau
    labels = torch.arange(q.shape[0])
    l = F.cross_entropy(logits, labels, reduction="none")
    if symmetric:
        l = (l + F.cross_entropy(logits.t(), labels, reduction="none")) / 2
    return reducers[red](l)


q, k = rand(5, 3), rand(5, 3)
k = q + 0.8 * k
for tau in (0.5, 0.07):
    for symmetric in (False, True):
        for red in ("mean", "none"):
            add(f"InfoNCE tau={tau} symmetric={symmetric} {red}", "InfoNCE", {"temperature": tau, "symmetric": symmetric}, red,
                {"queries": q, "keys": k}, ["queries", "keys"],
                lambda x, tau=tau, symmetric=symmetric, red=red: clip_loss(x["queries"], x["keys"], tau, symmetric, red))

with open("metric.json", "w") as fh:
    json.dump({"generator": "gen_metric.py", "torch": torch.__version__, "syllabus_info_nce_check": snippet_checks,
               "cases": cases}, fh, indent=1)
print(f"wrote {len(cases)} cases to metric.json")

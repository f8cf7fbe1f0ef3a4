#!/usr/bin/env python3
"""Generates generative.json, the PyTorch reference values for generative_test.go and gan_test.go.

Run with a Python that has torch (the course used torch 1.13, /usr/bin/python3):

    /usr/bin/python3 pkg/losses/testdata/golden/gen_generative.py

Every value is computed in float64 by PyTorch's own functions (torch.distributions,
F.binary_cross_entropy(_with_logits), torch.autograd.grad with create_graph=True),
independently of the Go code. Inputs are fixed literals so the file is reproducible.
"""
import json
import math
import os

import torch
import torch.nn.functional as F
from torch.distributions import Normal, kl_divergence

torch.set_default_dtype(torch.float64)


def t(values):
    return torch.tensor(values, dtype=torch.float64)


def flat(x):
    return [float(v) for v in x.detach().reshape(-1).tolist()]


cases = {}

# --- GaussianKL: per-example KL(N(mu, exp(logvar)) || N(0, 1)) and the gradient of its batch mean.
mu = t([[0.5, -1.0, 0.0, 2.0], [0.1, 0.2, -0.3, 0.0], [-1.5, 0.7, 0.3, -0.2]]).requires_grad_()
logvar = t([[0.0, -1.0, 1.5, 0.3], [-3.0, 2.0, 0.01, -0.5], [0.7, -0.2, -1e-4, 1.0]]).requires_grad_()
kl = kl_divergence(Normal(mu, torch.exp(0.5 * logvar)), Normal(torch.zeros_like(mu), torch.ones_like(mu))).sum(-1)
gmu, glv = torch.autograd.grad(kl.mean(), [mu, logvar])
cases["gaussian_kl"] = dict(mean=flat(mu), log_var=flat(logvar), dims=[3, 4],
                            per_example=flat(kl), grad_mean=flat(gmu), grad_log_var=flat(glv))

# --- VAE with a Bernoulli decoder: the syllabus' vae_loss snippet (on probabilities, reduction="sum")
# against the same quantity from logits.
def syllabus_vae_loss(recon_x, x, mu, log_var):
    recon_loss = F.binary_cross_entropy(recon_x, x, reduction='sum')
    kl_loss = -0.5 * torch.sum(1 + log_var - mu.pow(2) - log_var.exp())
    return recon_loss + kl_loss

logits = t([[2.0, -1.0, 0.5, -3.0, 0.0], [1.5, 4.0, -2.5, 0.3, -0.7]]).requires_grad_()
x = t([[1.0, 0.0, 1.0, 0.0, 0.5], [0.0, 1.0, 0.0, 1.0, 0.25]])
vmu = t([[0.3, -0.2, 1.0], [-0.5, 0.0, 0.8]])
vlv = t([[-0.5, 0.2, 0.0], [0.4, -1.0, 0.3]])
syl = syllabus_vae_loss(torch.sigmoid(logits), x, vmu, vlv)
recon_pe = F.binary_cross_entropy_with_logits(logits, x, reduction='none').sum(-1)
kl_pe = -0.5 * torch.sum(1 + vlv - vmu.pow(2) - vlv.exp(), dim=-1)
glog, = torch.autograd.grad(syl, [logits])
cases["vae_bernoulli"] = dict(x=flat(x), logits=flat(logits), x_dims=[2, 5], mean=flat(vmu), log_var=flat(vlv), z_dims=[2, 3],
                              syllabus_sum=float(syl), recon_per_example=flat(recon_pe), kl_per_example=flat(kl_pe),
                              grad_logits_sum=flat(glog))

# --- VAE with a Gaussian decoder of fixed sigma and beta: reconstruction = -log N(x; xhat, sigma^2) - D/2 log(2 pi).
gx = t([[0.2, -0.4, 1.0], [0.0, 0.5, -1.2]])
gxhat = t([[0.1, -0.1, 0.7], [0.3, 0.4, -1.0]]).requires_grad_()
sigma, beta = 0.5, 4.0
D = 3
recon_g = -Normal(gxhat, sigma).log_prob(gx).sum(-1) - 0.5 * D * math.log(2 * math.pi)
total_g = recon_g + beta * kl_pe
ggrad, = torch.autograd.grad(total_g.mean(), [gxhat])
cases["vae_gaussian"] = dict(x=flat(gx), xhat=flat(gxhat), x_dims=[2, 3], mean=flat(vmu), log_var=flat(vlv), z_dims=[2, 3],
                             sigma=sigma, beta=beta, recon_per_example=flat(recon_g), total_mean=float(total_g.mean()),
                             grad_xhat=flat(ggrad))

# --- GAN losses on logits, including extreme logits.
real = t([2.0, -0.5, 0.1, 1e4, -1e4, 30.0]).requires_grad_()
fake = t([-3.0, 0.4, -1e4, 1e4, 0.0]).requires_grad_()
d_loss = F.binary_cross_entropy_with_logits(real, torch.full_like(real, 0.9)) + \
    F.binary_cross_entropy_with_logits(fake, torch.zeros_like(fake))
gr, gf = torch.autograd.grad(d_loss, [real, fake])
d_loss1 = F.binary_cross_entropy_with_logits(real, torch.ones_like(real)) + \
    F.binary_cross_entropy_with_logits(fake, torch.zeros_like(fake))
g_minimax = -F.binary_cross_entropy_with_logits(fake, torch.zeros_like(fake))
gmm, = torch.autograd.grad(g_minimax, [fake])
g_ns = F.binary_cross_entropy_with_logits(fake, torch.ones_like(fake))
gns, = torch.autograd.grad(g_ns, [fake])
cases["gan"] = dict(real=flat(real), fake=flat(fake), disc_real_label_09=float(d_loss), disc_grad_real=flat(gr),
                    disc_grad_fake=flat(gf), disc=float(d_loss1), gen_minimax=float(g_minimax), gen_minimax_grad=flat(gmm),
                    gen_nonsaturating=float(g_ns), gen_nonsaturating_grad=flat(gns),
                    wasserstein_critic=float(fake.mean() - real.mean()), wasserstein_generator=float(-fake.mean()))

# --- WGAN-GP gradient penalty with critic(x) = tanh(x W) v, and its gradient w.r.t. W (second order).
W = t([[0.1, 0.2, -0.3], [-0.4, 0.5, 0.6], [0.7, -0.8, 0.2]]).requires_grad_()
v = t([1.0, -1.0, 0.5])
greal = t([[0.3, -0.5, 1.0], [1.0, 2.0, -1.0], [0.0, 0.1, 0.2], [-1.0, 0.5, 0.5]]).requires_grad_()
gfake = t([[0.1, 0.1, 0.1], [-0.5, 0.3, 0.9], [1.2, -0.7, 0.0], [0.4, 0.4, -0.4]]).requires_grad_()
eps = t([0.25, 0.5, 0.9, 0.1])
xhat = eps[:, None] * greal + (1 - eps[:, None]) * gfake
scores = torch.tanh(xhat @ W) @ v
gxh, = torch.autograd.grad(scores.sum(), [xhat], create_graph=True)
gp = ((gxh.norm(2, dim=1) - 1) ** 2).mean()
gW, gR, gF = torch.autograd.grad(gp, [W, greal, gfake])
cases["gradient_penalty"] = dict(W=flat(W), v=flat(v), real=flat(greal), fake=flat(gfake), dims=[4, 3], epsilon=flat(eps),
                                 penalty=float(gp), grad_W=flat(gW), grad_real=flat(gR), grad_fake=flat(gF))

out = dict(generator="gen_generative.py", torch=torch.__version__, cases=cases)
path = os.path.join(os.path.dirname(os.path.abspath(__file__)), "generative.json")
with open(path, "w") as fh:
    json.dump(out, fh, indent=1, sort_keys=True)
    fh.write("\n")
print("wrote", path)

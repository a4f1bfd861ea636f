"""torch 1.13 references for depthkit's optimizers and gradient clipping (test-only).

Each function starts from the same weights as the TypeScript side, feeds the same gradients and
learning rates step by step, and returns the weight trajectory, so the optimizers are compared
alone, not through two autograds.
"""
import numpy as np
import torch


def _optimizer(kind, params, lr, beta1, beta2, epsilon, momentum, nesterov, weight_decay):
    if kind == "adam":
        return torch.optim.Adam(params, lr=lr, betas=(beta1, beta2), eps=epsilon, weight_decay=weight_decay)
    if kind == "adamw":
        return torch.optim.AdamW(params, lr=lr, betas=(beta1, beta2), eps=epsilon, weight_decay=weight_decay)
    if kind == "sgd":
        return torch.optim.SGD(params, lr=lr, momentum=momentum, nesterov=nesterov, weight_decay=weight_decay)
    raise ValueError(kind)


def trajectory(w0, grads, lrs, kind, beta1=0.9, beta2=0.999, epsilon=1e-8, momentum=0.0,
               nesterov=False, weight_decay=0.0, clip=None):
    """Weights after each step: [steps, size]. grads: [steps, size]; lrs: [steps]."""
    w = torch.tensor(w0, dtype=torch.float32, requires_grad=True)
    opt = _optimizer(kind, [w], float(lrs[0]), beta1, beta2, epsilon, momentum, nesterov, weight_decay)
    out = []
    for step in range(grads.shape[0]):
        for group in opt.param_groups:
            group["lr"] = float(lrs[step])
        w.grad = torch.tensor(grads[step], dtype=torch.float32).reshape(w.shape).clone()
        if clip is not None:
            torch.nn.utils.clip_grad_norm_([w], clip)
        opt.step()
        out.append(w.detach().numpy().reshape(-1).copy())
    return np.stack(out)


def clip_grad_norm(a, b, max_norm, norm_type=2.0):
    """Two gradients clipped together; returns [total_norm, *a, *b]."""
    ta = torch.nn.Parameter(torch.zeros(a.shape))
    tb = torch.nn.Parameter(torch.zeros(b.shape))
    ta.grad = torch.tensor(a, dtype=torch.float32)
    tb.grad = torch.tensor(b, dtype=torch.float32)
    total = torch.nn.utils.clip_grad_norm_([ta, tb], max_norm, norm_type)
    return [float(total)] + ta.grad.reshape(-1).tolist() + tb.grad.reshape(-1).tolist()

"""Writes the miniature FLUX DiT fixture the trainer's tests compare the DJL DiT with.

An independent PyTorch implementation of the FLUX transformer (black-forest-labs/flux model.py + layers.py) with
UNO's LoRA processors (bytedance/UNO uno/flux/modules/layers.py) and UnoPE reference tokens, written here from the
published math. Run with Debian's python3-torch (1.13):

    /usr/bin/python3 trainer/src/test/python/make_dit_fixture.py trainer/src/test/resources/io/unosynth/trainer/fixtures

Outputs (safetensors written by the tiny writer below; Debian has no safetensors package):
  dit_mini.safetensors       base weights under FLUX checkpoint names
  dit_mini_lora.safetensors  a rank-4 LoRA under UNO's dit_lora.safetensors names, up != 0 so it changes the output
  dit_mini_io.safetensors    inputs (target + one reference with UnoPE ids) and the expected outputs
"""
import json
import math
import struct
import sys

import torch

HIDDEN, HEADS, DEPTH, SINGLE = 64, 4, 2, 2
IN, VEC, CONTEXT, MLP_RATIO = 64, 32, 48, 4.0
AXES, THETA = (4, 6, 6), 10000
RANK = 4
BATCH, TEXT = 2, 8
TARGET_GRID, REF_GRID = (4, 4), (3, 3)


def write_safetensors(path, tensors):
    header, offset, blobs = {}, 0, []
    for name, tensor in tensors.items():
        data = tensor.detach().contiguous().float().numpy().tobytes()
        header[name] = {"dtype": "F32", "shape": list(tensor.shape), "data_offsets": [offset, offset + len(data)]}
        offset += len(data)
        blobs.append(data)
    text = json.dumps(header, separators=(",", ":")).encode()
    text += b" " * ((8 - len(text) % 8) % 8)
    with open(path, "wb") as out:
        out.write(struct.pack("<Q", len(text)))
        out.write(text)
        for blob in blobs:
            out.write(blob)


# --- math: rope as rotation of adjacent pairs, angles computed in float64 ---
def rope_angles(ids):
    """ids [N, 3] -> cos, sin [N, head_dim / 2], axis by axis."""
    cos, sin = [], []
    for axis, dim in enumerate(AXES):
        omega = 1.0 / THETA ** (torch.arange(0, dim, 2, dtype=torch.float64) / dim)
        angle = ids[:, axis].double()[:, None] * omega[None, :]
        cos.append(torch.cos(angle))
        sin.append(torch.sin(angle))
    return torch.cat(cos, -1).float(), torch.cat(sin, -1).float()


def rotate(x, cos, sin):
    pairs = x.reshape(*x.shape[:-1], -1, 2)
    first, second = pairs[..., 0], pairs[..., 1]
    return torch.stack([cos * first - sin * second, sin * first + cos * second], -1).reshape(x.shape)


def attention(q, k, v, cos, sin):
    q, k = rotate(q, cos, sin), rotate(k, cos, sin)
    weights = torch.softmax(q @ k.transpose(-1, -2) / math.sqrt(q.shape[-1]), -1)
    out = weights @ v  # B H L D
    return out.permute(0, 2, 1, 3).reshape(out.shape[0], out.shape[2], -1)


def timestep_embedding(t, dim=256):
    half = dim // 2
    freqs = torch.exp(-math.log(10000) * torch.arange(half, dtype=torch.float32) / half)
    args = (1000.0 * t)[:, None].float() * freqs[None]
    return torch.cat([torch.cos(args), torch.sin(args)], -1)


def gelu_tanh(x):
    return 0.5 * x * (1 + torch.tanh(math.sqrt(2 / math.pi) * (x + 0.044715 * x ** 3)))


def layer_norm(x):
    return torch.nn.functional.layer_norm(x, x.shape[-1:], eps=1e-6)


def rms_norm(x, scale):
    return x * torch.rsqrt(x.pow(2).mean(-1, keepdim=True) + 1e-6) * scale


def split_heads(qkv):
    b, l, _ = qkv.shape
    return qkv.reshape(b, l, 3, HEADS, HIDDEN // HEADS).permute(2, 0, 3, 1, 4)


class Weights:
    def __init__(self, generator):
        self.g, self.tensors = generator, {}

    def linear(self, name, fan_in, fan_out, bias=True):
        bound = 1 / math.sqrt(fan_in)
        self.tensors[name + ".weight"] = (torch.rand(fan_out, fan_in, generator=self.g) * 2 - 1) * bound
        if bias:
            self.tensors[name + ".bias"] = (torch.rand(fan_out, generator=self.g) * 2 - 1) * bound

    def scale(self, name, n):
        self.tensors[name] = 1 + 0.2 * torch.randn(n, generator=self.g)


def make_weights(g):
    w = Weights(g)
    mlp = int(HIDDEN * MLP_RATIO)
    head = HIDDEN // HEADS
    w.linear("img_in", IN, HIDDEN)
    w.linear("txt_in", CONTEXT, HIDDEN)
    for emb, fan_in in (("time_in", 256), ("vector_in", VEC), ("guidance_in", 256)):
        w.linear(emb + ".in_layer", fan_in, HIDDEN)
        w.linear(emb + ".out_layer", HIDDEN, HIDDEN)
    for i in range(DEPTH):
        for s in ("img", "txt"):
            p = f"double_blocks.{i}.{s}_"
            w.linear(p + "mod.lin", HIDDEN, 6 * HIDDEN)
            w.linear(p + "attn.qkv", HIDDEN, 3 * HIDDEN)
            w.scale(p + "attn.norm.query_norm.scale", head)
            w.scale(p + "attn.norm.key_norm.scale", head)
            w.linear(p + "attn.proj", HIDDEN, HIDDEN)
            w.linear(p + "mlp.0", HIDDEN, mlp)
            w.linear(p + "mlp.2", mlp, HIDDEN)
    for i in range(SINGLE):
        p = f"single_blocks.{i}."
        w.linear(p + "linear1", HIDDEN, 3 * HIDDEN + mlp)
        w.linear(p + "linear2", HIDDEN + mlp, HIDDEN)
        w.scale(p + "norm.query_norm.scale", head)
        w.scale(p + "norm.key_norm.scale", head)
        w.linear(p + "modulation.lin", HIDDEN, 3 * HIDDEN)
    w.linear("final_layer.linear", HIDDEN, IN)
    w.linear("final_layer.adaLN_modulation.1", HIDDEN, 2 * HIDDEN)
    return w.tensors


def make_lora(g):
    mlp = int(HIDDEN * MLP_RATIO)
    lora = {}

    def pair(name, fan_in, fan_out):
        lora[name + ".down.weight"] = torch.randn(RANK, fan_in, generator=g) / RANK
        lora[name + ".up.weight"] = 0.05 * torch.randn(fan_out, RANK, generator=g)

    for i in range(DEPTH):
        p = f"double_blocks.{i}.processor."
        pair(p + "qkv_lora1", HIDDEN, 3 * HIDDEN)
        pair(p + "proj_lora1", HIDDEN, HIDDEN)
        pair(p + "qkv_lora2", HIDDEN, 3 * HIDDEN)
        pair(p + "proj_lora2", HIDDEN, HIDDEN)
    for i in range(SINGLE):
        p = f"single_blocks.{i}.processor."
        pair(p + "qkv_lora", HIDDEN, 3 * HIDDEN)
        pair(p + "proj_lora", HIDDEN + mlp, HIDDEN)
    return lora


def forward(w, lora, img, img_ids, txt, txt_ids, t, y, guidance, target_tokens):
    def linear(name, x):
        out = x @ w[name + ".weight"].T
        return out + w[name + ".bias"] if name + ".bias" in w else out

    def lora_delta(name, x):
        if lora is None:
            return 0
        return (x @ lora[name + ".down.weight"].T) @ lora[name + ".up.weight"].T

    def mlp_embed(name, x):
        return linear(name + ".out_layer", torch.nn.functional.silu(linear(name + ".in_layer", x)))

    def modulation(name, vec, n):
        return linear(name, torch.nn.functional.silu(vec))[:, None, :].chunk(n, -1)

    img = linear("img_in", img)
    vec = mlp_embed("time_in", timestep_embedding(t)) + mlp_embed("guidance_in", timestep_embedding(guidance))
    vec = vec + mlp_embed("vector_in", y)
    txt = linear("txt_in", txt)
    cos, sin = rope_angles(torch.cat([txt_ids, img_ids], 0))
    n_txt = txt.shape[1]
    mlp = int(HIDDEN * MLP_RATIO)

    for i in range(DEPTH):
        p = f"double_blocks.{i}."
        streams = {}
        for s, x, lora_index in (("img", img, "1"), ("txt", txt, "2")):
            shift1, scale1, gate1, shift2, scale2, gate2 = modulation(p + s + "_mod.lin", vec, 6)
            x_mod = (1 + scale1) * layer_norm(x) + shift1
            qkv = linear(p + s + "_attn.qkv", x_mod) + lora_delta(p + "processor.qkv_lora" + lora_index, x_mod)
            q, k, v = split_heads(qkv)
            q = rms_norm(q, w[p + s + "_attn.norm.query_norm.scale"])
            k = rms_norm(k, w[p + s + "_attn.norm.key_norm.scale"])
            streams[s] = (x, q, k, v, gate1, shift2, scale2, gate2, lora_index)
        q = torch.cat([streams["txt"][1], streams["img"][1]], 2)
        k = torch.cat([streams["txt"][2], streams["img"][2]], 2)
        v = torch.cat([streams["txt"][3], streams["img"][3]], 2)
        attn = attention(q, k, v, cos, sin)
        parts = {"txt": attn[:, :n_txt], "img": attn[:, n_txt:]}
        out = {}
        for s in ("img", "txt"):
            x, _, _, _, gate1, shift2, scale2, gate2, lora_index = streams[s]
            a = parts[s]
            x = x + gate1 * (linear(p + s + "_attn.proj", a) + lora_delta(p + "processor.proj_lora" + lora_index, a))
            hidden = linear(p + s + "_mlp.0", (1 + scale2) * layer_norm(x) + shift2)
            out[s] = x + gate2 * linear(p + s + "_mlp.2", gelu_tanh(hidden))
        img, txt = out["img"], out["txt"]

    x = torch.cat([txt, img], 1)
    for i in range(SINGLE):
        p = f"single_blocks.{i}."
        shift, scale, gate = modulation(p + "modulation.lin", vec, 3)
        x_mod = (1 + scale) * layer_norm(x) + shift
        qkv, mlp_in = torch.split(linear(p + "linear1", x_mod), [3 * HIDDEN, mlp], -1)
        qkv = qkv + lora_delta(p + "processor.qkv_lora", x_mod)
        q, k, v = split_heads(qkv)
        q = rms_norm(q, w[p + "norm.query_norm.scale"])
        k = rms_norm(k, w[p + "norm.key_norm.scale"])
        joined = torch.cat([attention(q, k, v, cos, sin), gelu_tanh(mlp_in)], 2)
        x = x + gate * (linear(p + "linear2", joined) + lora_delta(p + "processor.proj_lora", joined))

    img = x[:, n_txt:][:, :target_tokens]
    shift, scale = linear("final_layer.adaLN_modulation.1", torch.nn.functional.silu(vec)).chunk(2, 1)
    return linear("final_layer.linear", (1 + scale[:, None]) * layer_norm(img) + shift[:, None])


def grid_ids(rows, cols, row_offset, col_offset):
    ids = torch.zeros(rows * cols, 3)
    for r in range(rows):
        for c in range(cols):
            ids[r * cols + c, 1] = r + row_offset
            ids[r * cols + c, 2] = c + col_offset
    return ids


def main(out_dir):
    g = torch.Generator().manual_seed(20260112)
    weights = make_weights(g)
    lora = make_lora(g)
    target_tokens = TARGET_GRID[0] * TARGET_GRID[1]
    ref_tokens = REF_GRID[0] * REF_GRID[1]
    # UnoPE 'd': the reference starts at (target rows, target cols).
    img_ids = torch.cat([grid_ids(*TARGET_GRID, 0, 0), grid_ids(*REF_GRID, *TARGET_GRID)], 0)
    inputs = {
        "img": torch.randn(BATCH, target_tokens + ref_tokens, IN, generator=g),
        "img_ids": img_ids,
        "txt": torch.randn(BATCH, TEXT, CONTEXT, generator=g),
        "txt_ids": torch.zeros(TEXT, 3),
        "timesteps": torch.tensor([0.25, 0.8]),
        "y": torch.randn(BATCH, VEC, generator=g),
        "guidance": torch.tensor([1.0, 3.5]),
    }
    args = [inputs[k] for k in ("img", "img_ids", "txt", "txt_ids", "timesteps", "y", "guidance")]
    with torch.no_grad():
        expected = forward(weights, None, *args, target_tokens)
        expected_lora = forward(weights, lora, *args, target_tokens)
    io = dict(inputs, expected=expected, expected_lora=expected_lora, target_tokens=torch.tensor([target_tokens]))
    write_safetensors(out_dir + "/dit_mini.safetensors", weights)
    write_safetensors(out_dir + "/dit_mini_lora.safetensors", lora)
    write_safetensors(out_dir + "/dit_mini_io.safetensors", io)
    print("wrote", len(weights), "weights,", len(lora), "lora tensors; |expected| =", expected.abs().mean().item(),
          "|lora - base| =", (expected_lora - expected).abs().mean().item())


if __name__ == "__main__":
    main(sys.argv[1])

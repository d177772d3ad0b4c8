"""Exports the miniature DiT fixture (base + UNO LoRA) as an ONNX model under the FLUX export contract.

The `dit` backend must reproduce the ONNX path on the same weights; this writes that ONNX path from the PyTorch
implementation in make_dit_fixture.py (not from the Java code), reading the committed fixture weights:

    /usr/bin/python3 trainer/src/test/python/export_dit_onnx.py trainer/src/test/resources/io/unosynth/trainer/fixtures

Output: dit_mini_lora.onnx with the contract of REFERENCE.md section 4 (float32):
  hidden_states [B, N, 64], encoder_hidden_states [B, T, 48], pooled_projections [B, 32], timestep [B],
  img_ids [N, 3], txt_ids [T, 3], guidance [B]  ->  latent [B, N, 64]
N (target + reference tokens), T and B are dynamic; like the FLUX exports, every image token is predicted.
"""
import json
import struct
import sys

import torch

import make_dit_fixture as fixture


def read_safetensors(path):
    with open(path, "rb") as f:
        length = struct.unpack("<Q", f.read(8))[0]
        header = json.loads(f.read(length))
        data = f.read()
    tensors = {}
    for name, entry in header.items():
        if name == "__metadata__":
            continue
        assert entry["dtype"] == "F32", name
        start, end = entry["data_offsets"]
        tensors[name] = torch.frombuffer(bytearray(data[start:end]), dtype=torch.float32).reshape(entry["shape"])
    return tensors


def rope_angles_float32(ids):
    cos, sin = [], []
    for axis, dim in enumerate(fixture.AXES):
        omega = 1.0 / fixture.THETA ** (torch.arange(0, dim, 2, dtype=torch.float64) / dim)
        angle = (ids[:, axis].double()[:, None] * omega[None, :]).float()
        cos.append(torch.cos(angle))
        sin.append(torch.sin(angle))
    return torch.cat(cos, -1), torch.cat(sin, -1)


class FluxContract(torch.nn.Module):
    def __init__(self, weights, lora):
        super().__init__()
        self.weights, self.lora = weights, lora

    def forward(self, hidden_states, encoder_hidden_states, pooled_projections, timestep, img_ids, txt_ids,
                guidance):
        return fixture.forward(self.weights, self.lora, hidden_states, img_ids, encoder_hidden_states, txt_ids,
                               timestep, pooled_projections, guidance, None)


def main(out_dir):
    # The fixture normalises over x.shape[-1:], which the tracer would record as a dynamic shape ONNX's
    # LayerNormalization cannot take; every normalised tensor there is HIDDEN wide.
    fixture.layer_norm = lambda x: torch.nn.functional.layer_norm(x, (fixture.HIDDEN,), eps=1e-6)
    # ONNX Runtime has no float64 Cos/Sin: the angles are still formed in float64, then rounded to float32.
    fixture.rope_angles = rope_angles_float32
    weights = read_safetensors(out_dir + "/dit_mini.safetensors")
    lora = read_safetensors(out_dir + "/dit_mini_lora.safetensors")
    io = read_safetensors(out_dir + "/dit_mini_io.safetensors")
    model = FluxContract(weights, lora)
    args = (io["img"], io["txt"], io["y"], io["timesteps"], io["img_ids"], io["txt_ids"], io["guidance"])
    names = ["hidden_states", "encoder_hidden_states", "pooled_projections", "timestep", "img_ids", "txt_ids",
             "guidance"]
    with torch.no_grad():
        eager = model(*args)
        target = int(io["target_tokens"][0])
        drift = (eager[:, :target] - io["expected_lora"]).abs().max().item()
        assert drift < 1e-5, drift
        torch.onnx.export(model, args, out_dir + "/dit_mini_lora.onnx", input_names=names, output_names=["latent"],
                          opset_version=16, do_constant_folding=True,
                          dynamic_axes={"hidden_states": {0: "batch", 1: "image_tokens"},
                                        "encoder_hidden_states": {0: "batch", 1: "text_tokens"},
                                        "pooled_projections": {0: "batch"}, "timestep": {0: "batch"},
                                        "img_ids": {0: "image_tokens"}, "txt_ids": {0: "text_tokens"},
                                        "guidance": {0: "batch"}, "latent": {0: "batch", 1: "image_tokens"}})
    print("exported; eager target tokens match the fixture to", drift)


if __name__ == "__main__":
    main(sys.argv[1])

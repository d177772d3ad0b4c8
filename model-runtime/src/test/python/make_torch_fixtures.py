"""Writes the tiny PyTorch fixtures the model-runtime tests load (run once; the outputs are committed).

Run from the repository root with Debian's torch (1.13) and onnx packages:
    /usr/bin/python3 model-runtime/src/test/python/make_torch_fixtures.py

tiny_mlp.pt / tiny_mlp.onnx: the same traced module, x [batch, 4] float32 -> y [batch, 3] = tanh(W2 relu(W1 x + b1) + b2).
tiny_noise.pt: x [batch, 4] -> x + 0.1 * randn_like(x), scripted; its output depends only on the engine's random seed.
tiny_mlp_expected.txt: y for the input rows in TINY_MLP_INPUT, as computed by eager PyTorch, one row per line.
"""
import os

import torch

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "resources", "io", "unosynth", "runtime", "fixtures")
TINY_MLP_INPUT = [[0.5, -1.0, 2.0, 0.25], [-0.75, 0.0, 1.5, -2.0]]


class TinyMlp(torch.nn.Module):
    def __init__(self):
        super().__init__()
        self.hidden = torch.nn.Linear(4, 8)
        self.out = torch.nn.Linear(8, 3)

    def forward(self, x):
        return torch.tanh(self.out(torch.relu(self.hidden(x))))


class TinyNoise(torch.nn.Module):
    def forward(self, x):
        return x + 0.1 * torch.randn_like(x)


def main():
    torch.manual_seed(20250402)
    os.makedirs(OUT, exist_ok=True)
    mlp = TinyMlp().eval()
    example = torch.tensor(TINY_MLP_INPUT, dtype=torch.float32)
    traced = torch.jit.trace(mlp, example)
    traced.save(os.path.join(OUT, "tiny_mlp.pt"))
    torch.onnx.export(mlp, example, os.path.join(OUT, "tiny_mlp.onnx"), input_names=["x"], output_names=["y"],
                      dynamic_axes={"x": {0: "batch"}, "y": {0: "batch"}}, opset_version=13)
    with torch.no_grad():
        expected = mlp(example)
    with open(os.path.join(OUT, "tiny_mlp_expected.txt"), "w") as f:
        for row in expected.tolist():
            f.write(" ".join(repr(v) for v in row) + "\n")
    torch.jit.script(TinyNoise()).save(os.path.join(OUT, "tiny_noise.pt"))


if __name__ == "__main__":
    main()

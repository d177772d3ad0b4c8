"""Writes miniature models of the pipeline's model contracts, each as TorchScript and as ONNX from the same weights
(run once; the outputs are committed, a few hundred KB in all).

Run from the repository root with Debian's torch (1.13) and onnx packages:
    /usr/bin/python3 model-runtime/src/test/python/make_contract_fixtures.py

Each module takes and returns the tensors of its contract (REFERENCE.md section 4) in the public exports' positional
order, which is the order the Java contracts declare (ContractSignature), with every size but the contract's fixed
ones dynamic:
  dino:        pixel_values (B,3,224,224) -> last_hidden_state (B,197,8), pooler_output (B,8)
  clip:        input_ids (B,77) int64 -> text_embeddings (B,77,8), pooled_embeddings (B,8)
  t5:          input_ids (B,L) int64 -> text_embeddings (B,L,8)
  vae_decoder: latent (B,16,h,w) -> images (B,3,8h,8w)
  vae_encoder: images (B,3,H,W) -> latent (B,16,H/8,W/8)
  flux:        hidden_states (B,N,64), encoder_hidden_states (B,T,8), pooled_projections (B,8), timestep (B),
               img_ids (N,3), txt_ids (T,3), guidance (B) -> latent (B,N,64)
Token ids are taken modulo a 64-word table, so any tokenizer's ids fit.
"""
import os

import torch
from torch import nn

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "resources", "io", "unosynth", "runtime",
                   "fixtures", "contracts")
WIDTH = 8
VOCAB = 64


class Dino(nn.Module):
    def __init__(self):
        super().__init__()
        self.patch = nn.Conv2d(3, WIDTH, kernel_size=16, stride=16)
        self.cls = nn.Parameter(torch.randn(1, 1, WIDTH))
        self.mix = nn.Linear(WIDTH, WIDTH)
        self.norm = nn.LayerNorm(WIDTH)

    def forward(self, pixel_values):
        tokens = self.patch(pixel_values).flatten(2).transpose(1, 2)
        tokens = torch.cat([self.cls.expand(tokens.shape[0], -1, -1), tokens], dim=1)
        hidden = torch.tanh(self.mix(tokens + tokens.mean(dim=1, keepdim=True)))
        return hidden, self.norm(hidden[:, 0])


class TextEncoder(nn.Module):
    def __init__(self, pooled):
        super().__init__()
        self.embed = nn.Embedding(VOCAB, WIDTH)
        self.mix = nn.Linear(WIDTH, WIDTH)
        self.pool = nn.Linear(WIDTH, WIDTH) if pooled else None

    def forward(self, input_ids):
        hidden = torch.tanh(self.mix(self.embed(torch.remainder(input_ids, VOCAB))))
        if self.pool is None:
            return hidden
        return hidden, self.pool(hidden.mean(dim=1))


class VaeDecoder(nn.Module):
    def __init__(self):
        super().__init__()
        self.up = nn.ConvTranspose2d(16, 3, kernel_size=8, stride=8)

    def forward(self, latent):
        return torch.tanh(self.up(latent))


class VaeEncoder(nn.Module):
    def __init__(self):
        super().__init__()
        self.down = nn.Conv2d(3, 16, kernel_size=8, stride=8)

    def forward(self, images):
        return self.down(images)


class Flux(nn.Module):
    def __init__(self):
        super().__init__()
        self.image = nn.Linear(64, 64)
        self.position = nn.Linear(3, 64)
        self.text = nn.Linear(WIDTH, 64)
        self.vector = nn.Linear(WIDTH, 64)

    def forward(self, hidden_states, encoder_hidden_states, pooled_projections, timestep, img_ids, txt_ids, guidance):
        context = self.text(encoder_hidden_states).mean(dim=1, keepdim=True) + txt_ids.mean()
        conditioning = self.vector(pooled_projections).unsqueeze(1) + (timestep - 0.5 * guidance)[:, None, None]
        return torch.tanh(self.image(hidden_states) + self.position(img_ids).unsqueeze(0) + context + conditioning)


def export(name, module, example, inputs, outputs, dynamic):
    module = module.eval()
    with torch.no_grad():
        torch.jit.trace(module, example).save(os.path.join(OUT, name + ".pt"))
        torch.onnx.export(module, example, os.path.join(OUT, name + ".onnx"), input_names=inputs,
                          output_names=outputs, dynamic_axes=dynamic, opset_version=13)


def main():
    torch.manual_seed(20261203)
    os.makedirs(OUT, exist_ok=True)
    export("dino", Dino(), (torch.rand(2, 3, 224, 224),), ["pixel_values"], ["last_hidden_state", "pooler_output"],
           {"pixel_values": {0: "b"}, "last_hidden_state": {0: "b"}, "pooler_output": {0: "b"}})
    ids = torch.randint(0, 1000, (2, 77))
    export("clip", TextEncoder(pooled=True), (ids,), ["input_ids"], ["text_embeddings", "pooled_embeddings"],
           {"input_ids": {0: "b"}, "text_embeddings": {0: "b"}, "pooled_embeddings": {0: "b"}})
    export("t5", TextEncoder(pooled=False), (torch.randint(0, 1000, (2, 12)),), ["input_ids"], ["text_embeddings"],
           {"input_ids": {0: "b", 1: "l"}, "text_embeddings": {0: "b", 1: "l"}})
    export("vae_decoder", VaeDecoder(), (torch.randn(2, 16, 4, 6),), ["latent"], ["images"],
           {"latent": {0: "b", 2: "h", 3: "w"}, "images": {0: "b", 2: "H", 3: "W"}})
    export("vae_encoder", VaeEncoder(), (torch.rand(2, 3, 32, 48),), ["images"], ["latent"],
           {"images": {0: "b", 2: "H", 3: "W"}, "latent": {0: "b", 2: "h", 3: "w"}})
    n, t = 6, 5
    example = (torch.randn(2, n, 64), torch.randn(2, t, WIDTH), torch.randn(2, WIDTH), torch.rand(2),
               torch.rand(n, 3), torch.rand(t, 3), torch.rand(2))
    export("flux", Flux(), example,
           ["hidden_states", "encoder_hidden_states", "pooled_projections", "timestep", "img_ids", "txt_ids",
            "guidance"], ["latent"],
           {"hidden_states": {0: "b", 1: "n"}, "encoder_hidden_states": {0: "b", 1: "t"},
            "pooled_projections": {0: "b"}, "timestep": {0: "b"}, "img_ids": {0: "n"}, "txt_ids": {0: "t"},
            "guidance": {0: "b"}, "latent": {0: "b", 1: "n"}})


if __name__ == "__main__":
    main()

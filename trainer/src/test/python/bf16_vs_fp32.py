"""How far PyTorch's own bf16 run of the fixture DiT is from its float32 run (the yardstick for BFloat16Test).

Rebuilds make_dit_fixture.py's weights, LoRA and inputs (same seed), rounds the timesteps to bf16 for both runs, and
runs the fixture's forward once in float32 and once with every tensor in bf16 (weights, LoRA, inputs, RoPE angles,
norms, softmax). Prints the largest and mean |difference| relative to the float32 prediction's RMS.
Run with Debian's python3-torch from this directory: /usr/bin/python3 bf16_vs_fp32.py
"""
import torch

import make_dit_fixture as f


def main():
    g = torch.Generator().manual_seed(20260112)
    weights, lora = f.make_weights(g), f.make_lora(g)
    target = f.TARGET_GRID[0] * f.TARGET_GRID[1]
    reference = f.REF_GRID[0] * f.REF_GRID[1]
    img_ids = torch.cat([f.grid_ids(*f.TARGET_GRID, 0, 0), f.grid_ids(*f.REF_GRID, *f.TARGET_GRID)], 0)
    img = torch.randn(f.BATCH, target + reference, f.IN, generator=g)
    txt = torch.randn(f.BATCH, f.TEXT, f.CONTEXT, generator=g)
    t = torch.tensor([0.25, 0.8]).bfloat16().float()
    y = torch.randn(f.BATCH, f.VEC, generator=g)
    guidance = torch.tensor([1.0, 3.5])
    txt_ids = torch.zeros(f.TEXT, 3)
    with torch.no_grad():
        expected = f.forward(weights, lora, img, img_ids, txt, txt_ids, t, y, guidance, target)
        angles, embedding = f.rope_angles, f.timestep_embedding
        f.rope_angles = lambda ids: tuple(a.bfloat16() for a in angles(ids))
        f.timestep_embedding = lambda steps, dim=256: embedding(steps.float(), dim).bfloat16()
        half = lambda tensors: {k: v.bfloat16() for k, v in tensors.items()}
        actual = f.forward(half(weights), half(lora), img.bfloat16(), img_ids, txt.bfloat16(), txt_ids,
                           t.bfloat16(), y.bfloat16(), guidance.bfloat16(), target).float()
    rms = expected.pow(2).mean().sqrt().item()
    diff = (actual - expected).abs()
    print(f"pytorch all-bf16 vs fp32: max |diff| {diff.max().item():.5f} ({100 * diff.max().item() / rms:.2f}% of "
          f"RMS {rms:.4f}), mean {diff.mean().item():.5f} ({100 * diff.mean().item() / rms:.2f}%)")


if __name__ == "__main__":
    main()

"""Writes bf16_cast.pt, the TorchScript module BFloat16.java runs to convert tensors to and from bfloat16.

DJL 0.36's PyTorch JNI maps no bfloat16 dtype (NDArray.toType(BFLOAT16) aborts in native code), while libtorch
computes with bf16 tensors whatever DJL calls them. This module is the one conversion DJL cannot name: its forward
widens a bf16 tensor to float32 and narrows anything else to bf16 (round to nearest even), differentiably.

Run with Debian's python3-torch from this directory:
    /usr/bin/python3 make_bf16_cast.py ../resources/io/unosynth/trainer/dit/bf16_cast.pt
"""
import sys

import torch


class Bf16Cast(torch.nn.Module):
    def forward(self, x: torch.Tensor) -> torch.Tensor:
        if x.dtype == torch.bfloat16:
            return x.to(torch.float32)
        return x.to(torch.bfloat16)


if __name__ == "__main__":
    torch.jit.script(Bf16Cast()).save(sys.argv[1])

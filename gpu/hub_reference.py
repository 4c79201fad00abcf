"""Full-size random weights in the hub's own formats, and PyTorch's outputs on them, for gpu/run.sh.

Writes, under --out:
  clip/   a CLIP ViT-L/14 CLIPModel with random weights as transformers saves it (config.json,
          model.safetensors with the vision and the text tower), plus the LAION repos' preprocessor_config.json
  saes/{layer}_resid/1.pt
          a 65,536-latent k=32 TopK SAE of width 1024 saved with torch.save in clipscope's checkpoint layout
          (model_state_dict from an nn.Module: pre_b, enc, dec; k, n_features, d_in, token_count,
          dead_latents, n_iter, log_id)
  reference.safetensors
          transformers' hidden_states[layer + 1] (= the scope's resid.{layer}) on the given pixel values and
          clipscope's forward_verbose on it, with the k-th gap per token, in ./scope forward's layout, computed
          in float32 with TF32 off

usage: python3 gpu/hub_reference.py --out DIR --pixels FILE.safetensors:KEY [--layer 22] [--device cuda]
Needs torch, transformers and safetensors (the GPU machine's python3 has all three). Nothing is downloaded."""
import argparse
import json
import os
import shutil
import time

import torch
from safetensors.torch import load_file, save_file
from transformers import CLIPConfig, CLIPModel

p = argparse.ArgumentParser()
p.add_argument('--out', required=True)
p.add_argument('--pixels', required=True, help='FILE.safetensors:KEY holding [B, 3, 224, 224] float32 pixel values')
p.add_argument('--layer', type=int, default=22)
p.add_argument('--device', default='cuda')
p.add_argument('--preprocessor', default=os.path.join(os.path.dirname(__file__), '..', 'fixtures', 'tiny-clip',
                                                       'preprocessor_config.json'))
a = p.parse_args()
torch.backends.cuda.matmul.allow_tf32 = False
torch.backends.cudnn.allow_tf32 = False
torch.manual_seed(0)
dev = torch.device(a.device)
started = time.time()

# laion/CLIP-ViT-L-14-laion2B-s32B-b82K's shapes
cfg = CLIPConfig(
    vision_config=dict(hidden_size=1024, intermediate_size=4096, num_hidden_layers=24, num_attention_heads=16,
                       image_size=224, patch_size=14, hidden_act='gelu', layer_norm_eps=1e-5),
    text_config=dict(hidden_size=768, intermediate_size=3072, num_hidden_layers=12, num_attention_heads=12,
                     max_position_embeddings=77, hidden_act='gelu', layer_norm_eps=1e-5),
    projection_dim=768)
with dev:
    model = CLIPModel(cfg).eval()
clip_dir = os.path.join(a.out, 'clip')
model.save_pretrained(clip_dir, max_shard_size='10GB')  # one model.safetensors, as the LAION repo has
shutil.copy(a.preprocessor, os.path.join(clip_dir, 'preprocessor_config.json'))


class TopKSAE(torch.nn.Module):  # the parameters of clipscope's TopKSAE, for its state_dict layout
    def __init__(self, d_in, n_features):
        super().__init__()
        enc = torch.randn(d_in, n_features, device=dev)
        enc = enc / enc.norm(dim=0, keepdim=True)
        self.pre_b = torch.nn.Parameter(torch.randn(d_in, device=dev) * 0.1)
        self.enc = torch.nn.Parameter(enc)
        self.dec = torch.nn.Parameter(enc.t().contiguous())


d_in, n_features, k = 1024, 65536, 32
sae = TopKSAE(d_in, n_features)
sae_dir = os.path.join(a.out, 'saes', f'{a.layer}_resid')
os.makedirs(sae_dir, exist_ok=True)
state = sae.to('cpu').state_dict()  # an OrderedDict with _metadata, as clipscope's checkpoints hold it
torch.save({'model_state_dict': state, 'k': k, 'n_features': n_features, 'd_in': d_in, 'token_count': 1,
            'dead_latents': torch.zeros(n_features), 'n_iter': 1, 'log_id': 'random'},
           os.path.join(sae_dir, '1.pt'))
sae.to(dev)

file, key = a.pixels.rsplit(':', 1)
px = load_file(file)[key].to(dev)
with torch.no_grad():
    resid = model.vision_model(pixel_values=px, output_hidden_states=True).hidden_states[a.layer + 1]
    x = resid.reshape(-1, d_in)
    pre = (x - sae.pre_b) @ sae.enc  # clipscope's TopKSAE.forward_verbose, with the (k+1)-th value for the gap
    top = torch.topk(pre, k + 1, dim=-1)
    ids, values = top.indices[:, :k], top.values[:, :k]
    latent = torch.zeros_like(pre).scatter_(-1, ids, values)
    recon = latent @ sae.dec + sae.pre_b
b, t = resid.shape[0], resid.shape[1]
save_file({f'resid.{a.layer}': resid.contiguous().cpu(),
           f'sae.{a.layer}.indices': ids.int().reshape(b, t, k).contiguous().cpu(),
           f'sae.{a.layer}.values': values.reshape(b, t, k).contiguous().cpu(),
           f'sae.{a.layer}.reconstruction': recon.reshape(b, t, d_in).contiguous().cpu(),
           f'sae.{a.layer}.kth_gap': (top.values[:, k - 1] - top.values[:, k]).contiguous().cpu()},
          os.path.join(a.out, 'reference.safetensors'))
print(json.dumps(dict(torch=torch.__version__, device=str(dev),
                      gpu=torch.cuda.get_device_name() if dev.type == 'cuda' else '',
                      images=b, layer=a.layer, seconds=round(time.time() - started, 1),
                      clip_bytes=os.path.getsize(os.path.join(clip_dir, 'model.safetensors')),
                      sae_bytes=os.path.getsize(os.path.join(sae_dir, '1.pt')))))

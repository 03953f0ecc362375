"""The benchmark's U-Net (src/ml/unet.ts: the seed's layout, no BatchNorm) in PyTorch, for the
ratio in the GPU run (scripts/gpu/measure.ts): median ms of predict at batch 1 and of one Adam
step on BCE + soft Dice at batch 4, fp32, on CUDA when present. One JSON line per figure."""
import argparse, json, statistics, time

import torch
import torch.nn as nn
import torch.nn.functional as F

MODELS = {'micro': (32, 2, 2), 'base16': (256, 16, 4), 'base32': (256, 32, 4)}


class Unet(nn.Module):
    def __init__(self, base, depth):
        super().__init__()
        c, self.enc, self.up, self.dec = 1, nn.ModuleList(), nn.ModuleList(), nn.ModuleList()
        for level in range(depth):
            f = base * 2 ** level
            self.enc.append(nn.ModuleList([nn.Conv2d(c, f, 3, padding='same'), nn.Conv2d(f, f, 3, padding='same')]))
            c = f
        f = base * 2 ** depth
        self.mid = nn.ModuleList([nn.Conv2d(c, f, 3, padding='same'), nn.Conv2d(f, f, 3, padding='same')])
        c = f
        for level in reversed(range(depth)):
            f = base * 2 ** level
            self.up.append(nn.Conv2d(c, f, 2, padding='same'))
            self.dec.append(nn.ModuleList([nn.Conv2d(2 * f, f, 3, padding='same'), nn.Conv2d(f, f, 3, padding='same')]))
            c = f
        self.out = nn.Conv2d(c, 1, 1)

    def forward(self, x):
        skips = []
        for a, b in self.enc:
            x = F.relu(b(F.relu(a(x))))
            skips.append(x)
            x = F.max_pool2d(x, 2)
        x = F.relu(self.mid[1](F.relu(self.mid[0](x))))
        for up, (a, b), skip in zip(self.up, self.dec, reversed(skips)):
            x = F.relu(up(F.interpolate(x, scale_factor=2, mode='nearest')))
            x = torch.cat([skip, x], 1)
            x = F.relu(b(F.relu(a(x))))
        return torch.sigmoid(self.out(x))


def loss_fn(y, p):
    inter = (p * y).sum((1, 2, 3))
    dice = (2 * inter + 1) / (p.sum((1, 2, 3)) + y.sum((1, 2, 3)) + 1)
    return F.binary_cross_entropy(p, y) + (1 - dice).mean()


def timed(f, runs, device):
    f()
    times = []
    for _ in range(runs):
        if device == 'cuda':
            torch.cuda.synchronize()
        start = time.perf_counter()
        f()
        if device == 'cuda':
            torch.cuda.synchronize()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('--models', default='base16,base32')
    ap.add_argument('--runs', type=int, default=10)
    args = ap.parse_args()
    device = 'cuda' if torch.cuda.is_available() else 'cpu'
    name = torch.cuda.get_device_name(0) if device == 'cuda' else 'cpu'
    torch.manual_seed(1)
    for model_name in args.models.split(','):
        size, base, depth = MODELS[model_name]
        net = Unet(base, depth).to(device)
        params = sum(p.numel() for p in net.parameters())
        x1 = torch.rand(1, 1, size, size, device=device)
        x4 = torch.rand(4, 1, size, size, device=device)
        y4 = (torch.rand(4, 1, size, size, device=device) > 0.5).float()
        opt = torch.optim.Adam(net.parameters(), lr=1e-4)

        def predict():
            with torch.no_grad():
                net.eval()
                net(x1)

        def step():
            net.train()
            opt.zero_grad()
            loss = loss_fn(y4, net(x4))
            loss.backward()
            opt.step()
            loss.item()

        common = {'device': f'{device} ({name})', 'torch': torch.__version__, 'model': model_name, 'params': params, 'runs': args.runs}
        print(json.dumps({**common, 'op': 'predict', 'batch': 1, 'median_ms': timed(predict, args.runs, device)}), flush=True)
        print(json.dumps({**common, 'op': 'train_step', 'batch': 4, 'median_ms': timed(step, args.runs, device)}), flush=True)


if __name__ == '__main__':
    main()

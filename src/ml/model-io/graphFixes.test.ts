import { describe, expect, it } from 'vitest';
import { squeezeFusedBiases } from './graphFixes';

describe('squeezeFusedBiases', () => {
  const topology = {
    node: [
      { name: 'x', op: 'Placeholder' },
      { name: 'w', op: 'Const' },
      { name: 'b4', op: 'Const' },
      { name: 'shared', op: 'Const' },
      { name: 'conv', op: '_FusedConv2D', input: ['x', 'w', 'b4'] },
      { name: 'conv2', op: '_FusedConv2D', input: ['conv', 'w', 'shared'] },
      { name: 'add', op: 'AddV2', input: ['conv2', 'shared'] },
    ],
  };
  const spec = (name: string, shape: number[]) => ({ name, shape, dtype: 'float32' as const });

  it('relabels a [1, 1, 1, C] bias used only by fused convolutions as [C]', () => {
    const out = squeezeFusedBiases(topology, [spec('w', [3, 3, 1, 4]), spec('b4', [1, 1, 1, 4]), spec('shared', [1, 1, 1, 4])]);
    expect(out.map((s) => s.shape)).toEqual([[3, 3, 1, 4], [4], [1, 1, 1, 4]]);
  });
});

import { describe, expect, it } from 'vitest';
import { kerasSnakeCase, keras3LayerKeys } from './keras3Keys';

describe('Keras 3 weight keys', () => {
  it('snake-cases class names as Keras does', () => {
    expect(kerasSnakeCase('Conv2D')).toBe('conv2d');
    expect(kerasSnakeCase('Conv2DTranspose')).toBe('conv2d_transpose');
    expect(kerasSnakeCase('BatchNormalization')).toBe('batch_normalization');
    expect(kerasSnakeCase('InputLayer')).toBe('input_layer');
    expect(kerasSnakeCase('UpSampling2D')).toBe('up_sampling2d');
    expect(kerasSnakeCase('MaxPooling2D')).toBe('max_pooling2d');
  });

  it('numbers layers of one class in config order, whatever their names', () => {
    const keys = keras3LayerKeys([
      { className: 'InputLayer', name: 'input_layer_1' },
      { className: 'Conv2D', name: 'conv2d_9' },
      { className: 'Conv2D', name: 'conv2d_10' },
      { className: 'MaxPooling2D', name: 'max_pooling2d_2' },
      { className: 'Conv2D', name: 'enc' },
      { className: 'Conv2DTranspose', name: 'up' },
    ]);
    expect([...keys.entries()]).toEqual([
      ['input_layer_1', 'input_layer'],
      ['conv2d_9', 'conv2d'],
      ['conv2d_10', 'conv2d_1'],
      ['max_pooling2d_2', 'max_pooling2d'],
      ['enc', 'conv2d_2'],
      ['up', 'conv2d_transpose'],
    ]);
  });
});

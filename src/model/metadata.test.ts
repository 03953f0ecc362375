import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { DEFAULT_METADATA, MetadataError, parseMetadata } from './metadata';

describe('parseMetadata: "measure"', () => {
  it('is absent by default and "ellipse" when the model says so', () => {
    expect(parseMetadata(null, 'm').measure).toBeNull();
    expect(parseMetadata({}, 'm')).toEqual({ ...DEFAULT_METADATA, name: 'm' });
    expect(parseMetadata({ measure: 'ellipse' }, 'm').measure).toBe('ellipse');
    expect(parseMetadata({ measure: null }, 'm').measure).toBeNull();
  });

  it('refuses a measurement it does not know', () => {
    expect(() => parseMetadata({ measure: 'circle' }, 'm')).toThrow(MetadataError);
    expect(() => parseMetadata({ measure: 'circle' }, 'm')).toThrow('"measure" must be "ellipse" or "angle-of-progression" or absent');
  });
});

describe('parseMetadata: "classes" and "activation"', () => {
  it('reads a class table, filling colours and values, and an activation', () => {
    const m = parseMetadata({ classes: [{ name: 'pubic symphysis' }, 'fetal head'], activation: 'softmax' }, 'm');
    expect(m.classes).toEqual([
      { name: 'pubic symphysis', color: '#E69F00', value: 1 },
      { name: 'fetal head', color: '#56B4E9', value: 2 },
    ]);
    expect(m.activation).toBe('softmax');
    expect(parseMetadata({}, 'm').classes).toBeNull();
  });

  it('refuses a bad entry, naming it', () => {
    expect(() => parseMetadata({ classes: [{ name: 'a', color: 'red' }] }, 'm')).toThrow('"classes"[0].color must be "#rrggbb"');
    expect(() => parseMetadata({ classes: [{ name: 'a', value: 0 }] }, 'm')).toThrow('"classes"[0].value must be an integer from 1 to 65535 (0 is background)');
    expect(() => parseMetadata({ classes: [{ name: 'a', value: 2 }, { name: 'b', value: 2 }] }, 'm')).toThrow('two classes have the same "value"');
    expect(() => parseMetadata({ classes: [] }, 'm')).toThrow('"classes" must be a non-empty array');
    expect(() => parseMetadata({ activation: 'relu' }, 'm')).toThrow('"activation" must be "softmax" or "sigmoid" or absent');
  });
});

describe('parseMetadata: "modality"', () => {
  it('is absent by default and a DICOM modality code when the card says so', () => {
    expect(parseMetadata({}, 'm').modality).toBeNull();
    expect(parseMetadata({ modality: null }, 'm').modality).toBeNull();
    expect(parseMetadata({ modality: 'US' }, 'm').modality).toBe('US');
    expect(parseMetadata({ modality: 'OPT' }, 'm').modality).toBe('OPT');
  });

  it('refuses what is not a modality code, naming the field', () => {
    for (const bad of ['ultrasound', 'us', '', 7, ['US']]) {
      expect(() => parseMetadata({ modality: bad }, 'm')).toThrow('"modality" must be a DICOM modality code such as "US", "CT" or "MR", or absent');
    }
  });

  it('the bundled models say they were trained on ultrasound', () => {
    for (const name of ['unet-hc18-b16', 'unet-psfhs-b16-128']) {
      const json: unknown = JSON.parse(readFileSync(`public/models/${name}/unet-studio.json`, 'utf8'));
      expect(parseMetadata(json, name).modality, name).toBe('US');
    }
  });
});

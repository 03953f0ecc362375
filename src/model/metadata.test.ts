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
    expect(() => parseMetadata({ measure: 'circle' }, 'm')).toThrow('"measure" must be "ellipse" or absent');
  });
});

import { existsSync, readFileSync } from 'node:fs';
import jpeg from 'jpeg-js';
import { Decoder } from 'jpeg-lossless-decoder-js';
import { describe, expect, it } from 'vitest';
import { bigEndian16, jpeg2000Frame, rleFrame, SYNTAX, writeDicom } from '../../testing/dicomFiles';
import { prepareModelInput } from '../modelInput';
import { toUnitPlanes } from '../raster';
import { defaultWindow, windowUnit } from '../window';
import { decodeImage } from './index';
import { decodeDicom } from './dicom';

const ramp16 = (n: number, max: number) => Uint16Array.from({ length: n }, (_, i) => Math.round((i * max) / (n - 1)));

describe('DICOM decoding', () => {
  it('reads 16-bit (12 stored) MONOCHROME2 in implicit, explicit little and explicit big endian alike', async () => {
    const values = ramp16(5 * 7, 4095);
    for (const [syntax, pixels] of [
      [SYNTAX.implicitLittle, values.buffer],
      [SYNTAX.explicitLittle, values.buffer],
      [SYNTAX.explicitBig, bigEndian16(values)],
    ] as const) {
      const raster = await decodeImage(writeDicom({ syntax, rows: 5, columns: 7, bitsStored: 12, pixelData: pixels }));
      expect(raster.bitDepth, syntax).toBe(16);
      expect(Array.from(raster.data), syntax).toEqual(Array.from(values));
      expect(raster.scan?.bitsStored).toBe(12);
    }
  });

  it('reads 8-bit samples and masks bits above Bits Stored', async () => {
    const values = Uint8Array.from({ length: 12 }, (_, i) => i * 20);
    const raster = await decodeDicom(writeDicom({ rows: 3, columns: 4, bitsAllocated: 8, pixelData: values.buffer }));
    expect(raster.bitDepth).toBe(8);
    expect(Array.from(raster.data)).toEqual(Array.from(values));
    const noisy = Uint16Array.from([0xf001, 0x0fff, 0x1234, 0]);
    const masked = await decodeDicom(writeDicom({ rows: 2, columns: 2, bitsStored: 12, pixelData: noisy.buffer }));
    expect(Array.from(masked.data)).toEqual([0x001, 0xfff, 0x234, 0]);
  });

  it('applies sign and Rescale Slope/Intercept (CT-like), and takes the file window as the default', async () => {
    const hu = [-1024, -1000, 0, 40, 400, 3071];
    const stored = Int16Array.from(hu, (v) => (v + 1024) / 1 - 1024); // stored signed, intercept 0 first
    const raster = await decodeDicom(
      writeDicom({ rows: 2, columns: 3, signed: true, pixelData: stored.buffer, extra: { Modality: 'CT', RescaleSlope: '2', RescaleIntercept: '-10', WindowCenter: '40', WindowWidth: '400' } }),
    );
    expect(raster.bitDepth).toBe(32);
    expect(Array.from(raster.data)).toEqual(hu.map((v) => v * 2 - 10));
    expect(raster.scan?.rescale).toEqual({ slope: 2, intercept: -10 });
    expect(defaultWindow(raster)).toEqual({ center: 40, width: 400 });
    // Linear window: centre 40, width 400 → −160 maps to 0, 240 to 1.
    const unit = toUnitPlanes(raster, 1)[0];
    expect(Array.from(unit)).toEqual(Array.from(raster.data, (v) => Math.fround(windowUnit(v, { center: 40, width: 400 }))));
    expect(windowUnit(-160.5, { center: 40, width: 400 })).toBe(0);
    expect(windowUnit(239.5, { center: 40, width: 400 })).toBe(1);
    expect(raster.scan?.facts.find(([k]) => k === 'Modality')?.[1]).toBe('CT');
  });

  it('inverts MONOCHROME1 and windows by the pixel range when the file has no window', async () => {
    const values = Uint16Array.from([100, 200, 300, 400]);
    const raster = await decodeDicom(writeDicom({ rows: 2, columns: 2, photometric: 'MONOCHROME1', pixelData: values.buffer }));
    expect(raster.scan?.invert).toBe(true);
    const unit = toUnitPlanes(raster, 1)[0];
    expect(Array.from(unit)).toEqual([1, 2 / 3, 1 / 3, 0].map(Math.fround));
  });

  it('splits a multi-frame file into frames, each with its own values', async () => {
    const frames = [0, 1, 2].map((f) => Uint16Array.from({ length: 6 }, (_, i) => f * 1000 + i));
    const all = new Uint16Array(18);
    frames.forEach((f, i) => all.set(f, i * 6));
    const bytes = writeDicom({ rows: 2, columns: 3, frames: 3, pixelData: all.buffer });
    for (let f = 0; f < 3; f++) {
      const raster = await decodeDicom(bytes, f);
      expect(raster.scan?.frames).toBe(3);
      expect(Array.from(raster.data)).toEqual(Array.from(frames[f]));
    }
    await expect(decodeDicom(bytes, 3)).rejects.toThrow(/frame 4 does not exist/);
  });

  it('decodes RLE Lossless, 16-bit and multi-frame', async () => {
    const frames = [ramp16(40 * 30, 65535), ramp16(40 * 30, 1000)];
    const raster0 = await decodeDicom(writeDicom({ syntax: SYNTAX.rle, rows: 30, columns: 40, frames: 2, pixelData: frames.map((f) => rleFrame(f, 1)) }), 0);
    const raster1 = await decodeDicom(writeDicom({ syntax: SYNTAX.rle, rows: 30, columns: 40, frames: 2, pixelData: frames.map((f) => rleFrame(f, 1)) }), 1);
    expect(Array.from(raster0.data)).toEqual(Array.from(frames[0]));
    expect(Array.from(raster1.data)).toEqual(Array.from(frames[1]));
  });

  it('decodes RGB, interleaved or planar', async () => {
    const rgb = Uint8Array.from([255, 0, 0, 0, 255, 0, 0, 0, 255, 10, 20, 30]);
    const planar = Uint8Array.from([255, 0, 0, 10, 0, 255, 0, 20, 0, 0, 255, 30]);
    const a = await decodeDicom(writeDicom({ rows: 2, columns: 2, samples: 3, bitsAllocated: 8, photometric: 'RGB', pixelData: rgb.buffer }));
    const b = await decodeDicom(writeDicom({ rows: 2, columns: 2, samples: 3, bitsAllocated: 8, photometric: 'RGB', pixelData: planar.buffer, extra: { PlanarConfiguration: 1 } }));
    expect(a.channels).toBe(3);
    expect(Array.from(a.data)).toEqual(Array.from(rgb));
    expect(Array.from(b.data)).toEqual(Array.from(rgb));
  });

  it('decodes JPEG Baseline frames (lossy: within a few grey levels)', async () => {
    const w = 16;
    const h = 8;
    const grey = Uint8Array.from({ length: w * h }, (_, i) => (i % w) * 16);
    const rgba = new Uint8Array(w * h * 4);
    grey.forEach((v, i) => rgba.set([v, v, v, 255], i * 4));
    const encoded = jpeg.encode({ data: rgba, width: w, height: h }, 95).data;
    const frame = encoded.buffer.slice(encoded.byteOffset, encoded.byteOffset + encoded.byteLength + (encoded.byteLength % 2)) as ArrayBuffer;
    const raster = await decodeDicom(writeDicom({ syntax: SYNTAX.jpegBaseline, rows: h, columns: w, bitsAllocated: 8, pixelData: [frame] }));
    expect(raster.width).toBe(w);
    const worst = Math.max(...Array.from(raster.data, (v, i) => Math.abs(v - grey[i])));
    expect(worst).toBeLessThanOrEqual(6);
  });

  it('decodes JPEG 2000 (OpenJPEG), lossless 12-bit grey, frame by frame', async () => {
    const frames = [ramp16(67 * 45, 4095), ramp16(67 * 45, 1000)];
    const encoded = await Promise.all(frames.map((f) => jpeg2000Frame(f, 67, 45, 12)));
    const bytes = writeDicom({ syntax: SYNTAX.jpeg2000, rows: 45, columns: 67, bitsStored: 12, frames: 2, pixelData: encoded });
    for (const f of [0, 1]) expect(Array.from((await decodeDicom(bytes, f)).data)).toEqual(Array.from(frames[f]));
  });

  const sample = 'node_modules/jpeg-lossless-decoder-js/tests/data/jpeg_lossless_sel1.dcm';
  it.skipIf(!existsSync(sample))('decodes a real JPEG Lossless DICOM shipped with jpeg-lossless-decoder-js (tests/data)', async () => {
    const bytes = new Uint8Array(readFileSync(sample));
    const raster = await decodeDicom(bytes);
    // An MR slice: 16-bit signed, so real values (bitDepth 32) after the sign.
    expect([raster.width, raster.height, raster.bitDepth, raster.scan?.signed]).toEqual([256, 256, 32, true]);
    expect(raster.scan?.pixelSpacing).toEqual([0.625, 0.625]);
    expect(raster.scan?.window).toEqual({ center: 1095, width: 84 });
    // The package's own test decodes the JPEG stream at this offset of the file.
    const direct = new Decoder().decode(bytes.buffer, bytes.byteOffset + 1848, 50675 - 1848, 2);
    expect(Array.from(raster.data)).toEqual(Array.from(new Int16Array(direct.buffer, direct.byteOffset, direct.length)));
    expect(new Set(raster.data).size).toBeGreaterThan(100);
  });

  it('refuses bad input with one clear line', async () => {
    const good = writeDicom({ rows: 4, columns: 4, pixelData: new Uint16Array(16).buffer });
    await expect(decodeDicom(good.subarray(0, good.length - 10))).rejects.toThrow(/truncated/);
    await expect(decodeDicom(good.subarray(0, 200))).rejects.toThrow(/truncated or corrupt|truncated/);
    await expect(decodeDicom(writeDicom({ syntax: SYNTAX.jpegLs, rows: 4, columns: 4, pixelData: [new ArrayBuffer(8)] }))).rejects.toThrow(
      /unsupported DICOM transfer syntax: JPEG-LS Lossless \(1\.2\.840\.10008\.1\.2\.4\.80\)/,
    );
    await expect(decodeDicom(writeDicom({ syntax: SYNTAX.jpeg2000, rows: 4, columns: 4, pixelData: [new ArrayBuffer(8)] }))).rejects.toThrow(/corrupt JPEG 2000 frame/);
    await expect(decodeDicom(writeDicom({ rows: 0, columns: 0, pixelData: null, sopClassUid: '1.2.840.10008.5.1.4.1.1.88.33' }))).rejects.toThrow(/no image \(no Pixel Data; SOP class 1\.2\.840\.10008\.5\.1\.4\.1\.1\.88\.33/);
    await expect(decodeDicom(writeDicom({ rows: 4096, columns: 4096, frames: 100, pixelData: new Uint16Array(16).buffer }))).rejects.toThrow(/3-D volume is too large for memory here \(100 frames of 4096×4096/);
  });

  it('gives the model exactly the windowed values the view shows', async () => {
    const values = ramp16(16 * 16, 4000);
    const raster = await decodeDicom(writeDicom({ rows: 16, columns: 16, pixelData: values.buffer, extra: { WindowCenter: '1000', WindowWidth: '1000' } }));
    const region = { x: 0, y: 0, size: 16 };
    const input = prepareModelInput(raster, region, { size: 16, channels: 1, intensity: 'unit' }, { center: 1000, width: 1000 });
    expect(Array.from(input)).toEqual(Array.from(values, (v) => Math.fround(windowUnit(v, { center: 1000, width: 1000 }))));
  });
});

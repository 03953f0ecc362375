/** Decodes dropped files (and reads mask files as masks) off the main thread; the pixels are transferred back. */
import * as Comlink from 'comlink';
import { decodeImage } from '../image/decode';
import { decodeWithBrowser } from '../image/decode/browser';
import { maskFromRaster } from '../image/mask';
import { measureRange } from '../image/window';
import { type DecoderApi } from './engineApi';

const decoder: DecoderApi = {
  async decode(bytes, frame) {
    const decoded = await decodeImage(bytes, decodeWithBrowser, frame);
    // Measured here, once, so the page's window presets do not pass over every pixel again.
    const raster = { ...decoded, range: measureRange(decoded) };
    return Comlink.transfer(raster, [raster.data.buffer]);
  },
  async decodeMask(bytes, frame) {
    const mask = maskFromRaster(await decodeImage(bytes, decodeWithBrowser, frame));
    return Comlink.transfer(mask, [mask.data.buffer]);
  },
};

Comlink.expose(decoder);

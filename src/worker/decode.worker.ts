/** Decodes dropped files off the main thread; the raster's pixels are transferred back. */
import * as Comlink from 'comlink';
import { decodeImage } from '../image/decode';
import { decodeWithBrowser } from '../image/decode/browser';
import { type DecoderApi } from './engineApi';

const decoder: DecoderApi = {
  async decode(bytes, frame) {
    const raster = await decodeImage(bytes, decodeWithBrowser, frame);
    return Comlink.transfer(raster, [raster.data.buffer]);
  },
};

Comlink.expose(decoder);

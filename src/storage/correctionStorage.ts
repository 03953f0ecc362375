/**
 * Corrected masks kept in this browser (IndexedDB through idb-keyval), by correctionKey(): the
 * mask as a 0/255 PNG with its size and the model's Dice against it. A database of its own, so
 * the models' database needs no upgrade.
 */
import { clear, createStore, del, get, keys, set } from 'idb-keyval';
import { type CorrectionStorage, type StoredCorrection } from '../state/services';

const store = createStore('unet-studio-corrections', 'corrections');

export const indexedDbCorrectionStorage: CorrectionStorage = {
  async get(key) {
    return (await get<StoredCorrection>(key, store)) ?? null;
  },
  async put(key, correction) {
    await set(key, correction, store);
  },
  async remove(key) {
    await del(key, store);
  },
  async count() {
    return (await keys(store)).length;
  },
  async clear() {
    await clear(store);
  },
};

/**
 * Models saved in this browser, in IndexedDB through idb-keyval (a small, well-kept wrapper):
 * summaries under one key for a fast list, each model's files under its own key.
 */
import { clear, createStore, del, get, set } from 'idb-keyval';
import { type ModelStorage, type SavedModel, type SavedModelSummary } from '../state/services';

const store = createStore('unet-studio', 'models');
const INDEX = 'index';

export const indexedDbModelStorage: ModelStorage = {
  async list() {
    return (await get<SavedModelSummary[]>(INDEX, store)) ?? [];
  },
  async get(id) {
    return (await get<SavedModel>(`model:${id}`, store)) ?? null;
  },
  async put(model) {
    await set(`model:${model.id}`, model, store);
    const summary: SavedModelSummary = { id: model.id, name: model.name, savedAt: model.savedAt, description: model.description, metadata: model.metadata };
    const index = (await get<SavedModelSummary[]>(INDEX, store)) ?? [];
    await set(INDEX, [...index.filter((m) => m.id !== model.id), summary], store);
  },
  async clear() {
    await clear(store);
  },
  async remove(id) {
    await del(`model:${id}`, store);
    const index = (await get<SavedModelSummary[]>(INDEX, store)) ?? [];
    await set(INDEX, index.filter((m) => m.id !== id), store);
  },
};

/**
 * The app's one zustand store, built by a factory that takes its services (worker clients in
 * the app), so the same store runs against real workers in the browser and in tests. It only
 * composes the slices (state/slices/) around one work queue (state/queue.ts).
 */
import { createStore, type StoreApi } from 'zustand/vanilla';
import { createQueue } from './queue';
import { type StudioServices } from './services';
import { createEditingSlice, INITIAL_EDITING } from './slices/editingSlice';
import { createEngineSlice, INITIAL_ENGINE } from './slices/engineSlice';
import { createExportSlice } from './slices/exportSlice';
import { createImagesSlice, INITIAL_IMAGES } from './slices/imagesSlice';
import { createSessionSlice, INITIAL_SESSION } from './slices/sessionSlice';
import { createTrainingSlice, IDLE_TRAINING } from './slices/trainingSlice';
import { createViewSlice, INITIAL_VIEW } from './slices/viewSlice';
import { type Studio } from './types';

export { KEEP_DECODED } from './queue';

export function createStudioStore(services: StudioServices): StoreApi<Studio> {
  return createStore<Studio>()((set, get, api) => {
    const queue = createQueue(set, get, services);
    return {
      ...createEngineSlice(services, queue)(set, get, api),
      ...createImagesSlice(queue)(set, get, api),
      ...createViewSlice(set, get, api),
      ...createTrainingSlice(services, queue)(set, get, api),
      ...createEditingSlice(services)(set, get, api),
      ...createSessionSlice(queue)(set, get, api),
      ...createExportSlice(services)(set, get, api),

      reset() {
        queue.clear();
        set({ ...INITIAL_ENGINE, ...INITIAL_IMAGES, ...INITIAL_VIEW, ...INITIAL_EDITING, ...INITIAL_SESSION, training: IDLE_TRAINING });
      },
    };
  });
}

/**
 * The app's one zustand store, built by a factory that takes its services (worker clients in
 * the app), so the same store runs against real workers in the browser and in tests. It only
 * composes the slices (state/slices/) around one work queue (state/queue.ts).
 */
import { createStore, type StoreApi } from 'zustand/vanilla';
import { createQueue } from './queue';
import { type StudioServices } from './services';
import { createCompareSlice, INITIAL_COMPARE } from './slices/compareSlice';
import { createEditingSlice, INITIAL_EDITING } from './slices/editingSlice';
import { createEngineSlice, INITIAL_ENGINE } from './slices/engineSlice';
import { createExportSlice } from './slices/exportSlice';
import { createImagesSlice, INITIAL_IMAGES } from './slices/imagesSlice';
import { createSessionSlice, INITIAL_SESSION } from './slices/sessionSlice';
import { createTrainingSlice, IDLE_TRAINING } from './slices/trainingSlice';
import { createViewSlice, INITIAL_VIEW } from './slices/viewSlice';
import { type Studio } from './types';

export { KEEP_DECODED } from './queue';

/** How long the threshold rests before a multi-label model's per-class scores are taken again. */
export const RESCORE_DELAY_MS = 150;

export function createStudioStore(services: StudioServices): StoreApi<Studio> {
  let rescore: (() => void) | null = null;
  const store = createStore<Studio>()((set, get, api) => {
    const queue = createQueue(set, get, services);
    rescore = () => {
      // Scored items whose per-class scores were taken at another threshold go round the queue
      // again: the model does not run again (its result is up to date), the label map is decoded
      // at the new threshold and scored.
      const { threshold } = get();
      const stale = get().items.filter((i) => i.status === 'done' && i.mask?.classConfusion && i.mask.classConfusion.threshold !== threshold);
      if (stale.length === 0) return;
      for (const item of stale) queue.patch(item.id, () => ({ status: 'waiting' }));
      queue.pump();
    };
    return {
      ...createEngineSlice(services, queue)(set, get, api),
      ...createImagesSlice(queue)(set, get, api),
      ...createViewSlice(set, get, api),
      ...createTrainingSlice(services, queue)(set, get, api),
      ...createEditingSlice(services)(set, get, api),
      ...createSessionSlice(queue)(set, get, api),
      ...createExportSlice(services)(set, get, api),
      ...createCompareSlice(services)(set, get, api),

      reset() {
        queue.clear();
        set({ ...INITIAL_ENGINE, ...INITIAL_IMAGES, ...INITIAL_VIEW, ...INITIAL_EDITING, ...INITIAL_SESSION, ...INITIAL_COMPARE, training: IDLE_TRAINING });
      },
    };
  });
  // A multi-label (sigmoid) model's label map depends on the threshold: re-score once it rests.
  // A softmax's argmax does not, and a binary model's scores come from its threshold histograms.
  let timer: ReturnType<typeof setTimeout> | undefined;
  store.subscribe((s, prev) => {
    const model = s.ready?.model;
    if (s.threshold === prev.threshold || !model || model.activation !== 'sigmoid' || model.classes.length < 2) return;
    clearTimeout(timer);
    timer = setTimeout(() => rescore?.(), RESCORE_DELAY_MS);
  });
  return store;
}

/**
 * Fine-tuning from the workbench: split the loaded pairs, prepare them as the model sees them,
 * train in the engine worker, show progress and curves, re-run the images with the current
 * weights after every epoch, and keep the result as a model saved in this browser. A failure
 * switches back to the model the run started from; nothing saved is touched.
 */
import { type StateCreator } from 'zustand/vanilla';
import { packTrainingPairs, splitPairs, SPLIT_SEED } from '../../image/trainingPair';
import { DEFAULT_AUGMENTATION, NO_AUGMENTATION } from '../../model/augmentOptions';
import { loadPixels } from '../processing';
import { type Queue } from '../queue';
import { currentDice, trainablePairs } from '../selectors';
import { type StudioServices } from '../services';
import { type Studio, type TrainingSettings, type TrainingState } from '../types';

export interface TrainingSliceState {
  training: TrainingState;
}

export interface TrainingActions {
  setTrainingSettings(change: Partial<TrainingSettings>): void;
  startTraining(): Promise<void>;
  stopTraining(): void;
  /** Times one training step of the current model at the chosen batch size, for the time-per-epoch estimate. */
  measureTrainingStep(): Promise<void>;
  /** Switches back to the model the last fine-tuning started from. */
  revertToBase(): Promise<void>;
}

export type TrainingSlice = TrainingSliceState & TrainingActions;

export const DEFAULT_TRAINING_SETTINGS: TrainingSettings = {
  validationPercent: 20,
  epochs: 10,
  batchSize: 4,
  learningRate: 1e-4,
  loss: 'bce+dice',
  freezeEncoder: false,
  augment: true,
};

export const IDLE_TRAINING: TrainingState = {
  status: 'idle',
  settings: DEFAULT_TRAINING_SETTINGS,
  progress: null,
  batchLosses: [],
  epochs: [],
  split: null,
  before: null,
  baseModelId: null,
  message: null,
  step: null,
};

export const createTrainingSlice =
  (services: StudioServices, queue: Queue): StateCreator<Studio, [], [], TrainingSlice> =>
  (set, get) => {
    const rerunAll = queue.pump;
    const patch = (change: Partial<TrainingState>) => set((s) => ({ training: { ...s.training, ...change } }));

    return {
      training: IDLE_TRAINING,

      async measureTrainingStep() {
        const { ready, training, modelGeneration } = get();
        if (!ready || training.status === 'running' || training.status === 'stopping' || training.step === 'measuring') return;
        const { batchSize, loss } = training.settings;
        patch({ step: 'measuring' });
        try {
          const ms = await services.engine.timeTrainingStep(batchSize, loss);
          patch({ step: { ms, batchSize, backend: ready.backend.name, modelGeneration } });
        } catch (e) {
          patch({ step: null, message: `Could not time a training step: ${(e as Error).message}` });
        }
      },

      setTrainingSettings(change) {
        set((s) => ({ training: { ...s.training, settings: { ...s.training.settings, ...change } } }));
      },

      async startTraining() {
        const state = get();
        const { ready, training, activeModelId } = state;
        if (!ready || training.status === 'running' || training.status === 'stopping') return;
        const pairs = trainablePairs(state.items);
        if (pairs.length === 0) {
          patch({ status: 'error', message: 'Fine-tuning needs images with ground-truth masks: drop some pairs first.' });
          return;
        }
        // Claim the run now: preparing the pairs may take a while (pixels decoded again).
        patch({ status: 'running', progress: null, message: 'Preparing the pairs…' });
        const settings = training.settings;
        const split = splitPairs(pairs.map((p) => p.id), settings.validationPercent, SPLIT_SEED);
        const { size, channels, metadata } = ready.model;
        const spec = { size, channels, intensity: metadata.intensity };
        const { images, masks } = await packTrainingPairs(pairs.length, spec, async (k) => {
          // Images whose pixels were let go to save memory are decoded again, one at a time.
          const item = pairs[k];
          const { raster, truth } = await loadPixels(item, services);
          return truth && item.region ? { raster, truth, region: item.region, window: item.window ?? undefined } : null;
        });
        const index = new Map(pairs.map((p, k) => [p.id, k]));
        const before = currentDice({ ...state, training: { ...training, split } });
        patch({
          status: 'running',
          split,
          before,
          baseModelId: activeModelId,
          progress: { epoch: 1, epochs: settings.epochs, batch: 0, batches: Math.ceil(split.train.length / settings.batchSize), elapsedMs: 0 },
          batchLosses: [],
          epochs: [],
          message: null,
        });
        const baseName = ready.model.metadata.name;
        try {
          const summary = await services.engine.train(
            {
              images,
              masks,
              count: pairs.length,
              size,
              channels,
              train: split.train.map((id) => index.get(id) as number),
              validation: split.validation.map((id) => index.get(id) as number),
            },
            {
              epochs: settings.epochs,
              batchSize: settings.batchSize,
              learningRate: settings.learningRate,
              loss: settings.loss,
              freezeEncoder: settings.freezeEncoder,
              augmentation: settings.augment ? DEFAULT_AUGMENTATION : NO_AUGMENTATION,
              seed: SPLIT_SEED,
            },
            (progress) => {
              if (progress.kind === 'batch') {
                set((s) => ({
                  training: {
                    ...s.training,
                    batchLosses: [...s.training.batchLosses, progress.loss],
                    progress: { epoch: progress.epoch, epochs: settings.epochs, batch: progress.batch, batches: progress.batches, elapsedMs: progress.elapsedMs },
                  },
                }));
              } else {
                const report = { epoch: progress.epoch, trainLoss: progress.trainLoss, validationDice: progress.validationDice, seconds: progress.seconds };
                // The overlays and the Dice readout follow the weights as they train.
                set((s) => ({ training: { ...s.training, epochs: [...s.training.epochs, report] }, modelGeneration: s.modelGeneration + 1 }));
                rerunAll();
              }
            },
          );
          const last = summary.epochs[summary.epochs.length - 1];
          const date = new Date().toISOString().slice(0, 16).replace('T', ' ');
          const description =
            `fine-tuned from ${baseName} on ${split.train.length} pairs (${split.validation.length} for validation), ` +
            `${summary.epochs.length} epoch${summary.epochs.length === 1 ? '' : 's'}${summary.stopped ? ', stopped early' : ''}` +
            (last?.validationDice != null ? `, validation Dice ${last.validationDice.toFixed(3)} at 256-grid` : '');
          await get().saveActiveModel({ asNew: true, name: `${baseName} · fine-tuned ${date}`, description });
          patch({ status: 'done', message: summary.stopped ? 'Stopped; the model so far is saved in this browser.' : 'Done; the fine-tuned model is saved in this browser.' });
        } catch (e) {
          patch({ status: 'error', message: `${(e as Error).message} The model it started from is back in use.` });
          // The worker's model may hold half-trained weights: load the base entry again.
          const base = get().training.baseModelId;
          if (base) {
            set({ activeModelId: null });
            await get().activateModel(base);
          }
        }
      },

      stopTraining() {
        if (get().training.status !== 'running') return;
        patch({ status: 'stopping' });
        void services.engine.stopTraining();
      },

      async revertToBase() {
        const base = get().training.baseModelId;
        if (base) await get().activateModel(base);
      },
    };
  };

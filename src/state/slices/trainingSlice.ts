/**
 * Fine-tuning from the workbench: split the loaded pairs, prepare them as the model sees them,
 * train in the engine worker, show progress and curves, re-run the images with the current
 * weights after every epoch, and keep the result as a model saved in this browser. A failure
 * switches back to the model the run started from; nothing saved is touched.
 */
import { type StateCreator } from 'zustand/vanilla';
import { packTrainingPairs, SPLIT_SEED } from '../../image/trainingPair';
import { DEFAULT_AUGMENTATION, NO_AUGMENTATION } from '../../model/augmentOptions';
import { loadPixels, needsWork } from '../processing';
import { type Queue } from '../queue';
import { currentDice, nextSplit, trainablePairs, trainingLoss } from '../selectors';
import { type StudioServices } from '../services';
import { type Studio, type TrainingRound, type TrainingSettings, type TrainingState } from '../types';
import { type EpochReport } from '../../model/trainTypes';

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
  startFrom: 'base',
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
  rootModelId: null,
  roundModelIds: [],
  splitPercent: null,
  rounds: [],
  message: null,
  step: null,
};

/** "3 epochs", or "1 epoch and 1 of 2 batches of epoch 2" when Stop ended the last one part-way. */
export function epochsRun(epochs: readonly EpochReport[]): string {
  const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;
  const last = epochs[epochs.length - 1];
  if (!last || last.batchesRun >= last.batches) return plural(epochs.length, 'epoch');
  const partial = `${last.batchesRun} of ${plural(last.batches, 'batch').replace(/batchs$/, 'batches')} of epoch ${last.epoch}`;
  return epochs.length === 1 ? partial : `${plural(epochs.length - 1, 'epoch')} and ${partial}`;
}

export const createTrainingSlice =
  (services: StudioServices, queue: Queue): StateCreator<Studio, [], [], TrainingSlice> =>
  (set, get, api) => {
    const rerunAll = queue.pump;
    /** True while a round loads its base model, before it claims the run. */
    let starting = false;
    const patch = (change: Partial<TrainingState>) => set((s) => ({ training: { ...s.training, ...change } }));
    /** Resolves once every image has been segmented again with the current weights (or failed). */
    const settled = () =>
      new Promise<void>((resolve) => {
        const done = (s: Studio) => s.engine.kind !== 'ready' || !s.items.some((i) => needsWork(i, s.modelGeneration) || i.status === 'segmenting' || i.status === 'decoding');
        if (done(get())) return resolve();
        const stop = api.subscribe((s) => {
          if (!done(s)) return;
          stop();
          resolve();
        });
      });

    return {
      training: IDLE_TRAINING,

      async measureTrainingStep() {
        const { ready, training, modelGeneration } = get();
        if (!ready || training.status === 'running' || training.status === 'stopping' || training.step === 'measuring') return;
        const { batchSize } = training.settings;
        const loss = trainingLoss({ ready, training });
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
        if (!ready || starting || training.status === 'running' || training.status === 'stopping') return;
        const multiClass = ready.model.classes.length > 1;
        if (multiClass && ready.model.activation === 'sigmoid') {
          patch({ status: 'error', message: 'This model has several independent (sigmoid) classes; fine-tuning here trains one foreground class or a softmax over classes.' });
          return;
        }
        const pairs = trainablePairs(state.items, multiClass);
        if (pairs.length === 0) {
          patch({
            status: 'error',
            message: multiClass
              ? "Fine-tuning this model needs images whose masks read as its classes (label masks with the class table's values, or masks corrected here with its classes)."
              : 'Fine-tuning needs images with ground-truth masks: drop some pairs or correct some masks first.',
          });
          return;
        }
        const classCount = ready.model.classes.length + 1;
        // A loss that does not suit the model (binary cross-entropy on a softmax over classes) gives way to its default.
        const settings = { ...training.settings, loss: trainingLoss({ ready, training }) };
        // The same validation pairs as the last round unless the user changed the percentage.
        const split = nextSplit(training, pairs.map((p) => p.id));
        const before = currentDice({ ...state, training: { ...training, split } });
        // A model the user picked (not one a round made) becomes the root the next 'base' rounds restart from.
        const own = activeModelId !== null && (activeModelId === training.rootModelId || training.roundModelIds.includes(activeModelId));
        const root = own ? training.rootModelId : activeModelId;
        if (settings.startFrom === 'base' && root && root !== activeModelId) {
          // Before the run is claimed: switching models is refused while training runs.
          if (starting) return;
          starting = true;
          patch({ message: 'Loading the base model to train again from it…' });
          try {
            await get().activateModel(root);
          } finally {
            starting = false;
          }
          if (get().activeModelId !== root) {
            patch({ status: 'error', message: `The base model could not be loaded again (${get().modelError ?? 'unknown reason'}); nothing was trained. Choose "the current weights" or load the base model.` });
            return;
          }
        }
        if (get().training.status === 'running' || get().training.status === 'stopping') return;
        // Claim the run now: preparing the pairs may take a while (pixels decoded again).
        patch({ status: 'running', progress: null, message: 'Preparing the pairs…' });
        const model = get().ready?.model ?? ready.model;
        const { size, channels, metadata } = model;
        const spec = { size, channels, intensity: metadata.intensity };
        let packed: Awaited<ReturnType<typeof packTrainingPairs>>;
        try {
          packed = await packTrainingPairs(pairs.length, spec, async (k) => {
            // Images whose pixels were let go to save memory are decoded again, one at a time.
            const item = pairs[k];
            try {
              const { raster, truth, labels } = await loadPixels(item, services, multiClass ? model.classes : []);
              const target = multiClass ? labels : truth;
              return target && item.region ? { raster, truth: target, region: item.region, window: item.window ?? undefined } : null;
            } catch (e) {
              throw new Error(`${item.name} could not be read again (${(e as Error).message}); remove it or drop it again.`, { cause: e });
            }
          }, multiClass ? 'labels' : 'binary');
        } catch (e) {
          // Nothing was trained: the run ends here, with the model in use unchanged.
          patch({ status: 'error', progress: null, message: `Fine-tuning did not start: ${(e as Error).message}` });
          return;
        }
        const { images, masks } = packed;
        const index = new Map(pairs.map((p, k) => [p.id, k]));
        const corrected = pairs.filter((p) => p.mask?.origin === 'corrected').length;
        const startedAt = performance.now();
        patch({
          status: 'running',
          split,
          splitPercent: settings.validationPercent,
          before,
          baseModelId: get().activeModelId,
          rootModelId: root,
          progress: { epoch: 1, epochs: settings.epochs, batch: 0, batches: Math.ceil(split.train.length / settings.batchSize), elapsedMs: 0 },
          batchLosses: [],
          epochs: [],
          message: null,
        });
        const baseName = metadata.name;
        try {
          const summary = await services.engine.train(
            {
              images,
              masks,
              count: pairs.length,
              size,
              channels,
              classes: classCount,
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
                const report: EpochReport = {
                  epoch: progress.epoch,
                  trainLoss: progress.trainLoss,
                  validationDice: progress.validationDice,
                  validationDicePerClass: progress.validationDicePerClass,
                  seconds: progress.seconds,
                  batchesRun: progress.batchesRun,
                  batches: progress.batches,
                };
                // The overlays and the Dice readout follow the weights as they train.
                set((s) => ({ training: { ...s.training, epochs: [...s.training.epochs, report] }, modelGeneration: s.modelGeneration + 1 }));
                rerunAll();
              }
            },
          );
          const last = summary.epochs[summary.epochs.length - 1];
          const date = new Date().toISOString().slice(0, 16).replace('T', ' ');
          const trainIds = new Set(split.train);
          const correctedTrain = pairs.filter((p) => trainIds.has(p.id) && p.mask?.origin === 'corrected').length;
          const source = correctedTrain > 0 ? ` (${correctedTrain} corrected here)` : '';
          const description =
            `fine-tuned from ${baseName} on ${split.train.length} pairs${source}, ${split.validation.length} for validation, ` +
            `${epochsRun(summary.epochs)}${summary.stopped ? ', stopped early' : ''}` +
            (last?.validationDice != null ? `, validation Dice ${last.validationDice.toFixed(3)} at the model's grid` : '');
          const attribution = `Fine-tuned in this browser from ${baseName}${metadata.attribution ? `, which was: ${metadata.attribution}` : ''}`;
          await get().saveActiveModel({ asNew: true, name: `${baseName} · fine-tuned ${date}`, description, attribution });
          patch({ message: 'Segmenting the images again with the new weights…' });
          await settled();
          const after = currentDice(get()).validation;
          const round: TrainingRound = {
            round: get().training.rounds.length + 1,
            startFrom: settings.startFrom,
            modelName: get().ready?.model.metadata.name ?? baseName,
            train: split.train.length,
            validation: split.validation.length,
            corrected,
            before: before.validation,
            after,
            seconds: (performance.now() - startedAt) / 1000,
            stopped: summary.stopped,
          };
          const savedId = get().activeModelId;
          set((s) => ({
            training: {
              ...s.training,
              status: 'done',
              rounds: [...s.training.rounds, round],
              roundModelIds: savedId ? [...s.training.roundModelIds, savedId] : s.training.roundModelIds,
              message: summary.stopped ? 'Stopped; the model so far is saved in this browser.' : 'Done; the fine-tuned model is saved in this browser.',
            },
          }));
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

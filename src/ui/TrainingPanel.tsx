/**
 * Fine-tuning on the loaded pairs: settings, start/stop, progress with ETA, curves, Dice before
 * and now, revert, and export of the model in use as TF.js layers files.
 */
import { modelZip } from '../export/modelZip';
import { LOSS_LABELS, lossNamesFor, TRAINING_LIMITS } from '../model/trainTypes';
import { currentDice, nextSplit, trainablePairs, trainingLoss } from '../state/selectors';
import { type TrainingSettings, type TrainingState } from '../state/types';
import { download } from './download';
import { LineChart } from './LineChart';
import { useStudio } from './studioContext';

/** How the training line names each backend. */
const BACKEND_LABELS: Record<string, string> = { webgpu: 'WebGPU', webgl: 'WebGL', wasm: 'WASM (the CPU)', cpu: 'the plain CPU backend' };

/** "≈ 2 min per epoch" from a measured step, for the loaded pairs' training split; null until measured at this batch size and model. */
function epochEstimate(training: TrainingState, modelGeneration: number, pairIds: readonly string[]): string | null {
  const { step, settings } = training;
  const { batchSize } = settings;
  if (step === 'measuring') return 'Timing one training step…';
  if (!step || step.batchSize !== batchSize || step.modelGeneration !== modelGeneration) return null;
  const steps = Math.ceil(nextSplit(training, pairIds).train.length / batchSize);
  if (steps === 0) return `One step of ${batchSize} image${batchSize === 1 ? '' : 's'} takes ${(step.ms / 1000).toFixed(1)} s; drop image/mask pairs to see the time per epoch.`;
  const seconds = (steps * step.ms) / 1000;
  const per = seconds < 90 ? `${Math.max(1, Math.round(seconds))} s` : `${Math.round(seconds / 60)} min`;
  return `One step of ${batchSize} image${batchSize === 1 ? '' : 's'} takes ${(step.ms / 1000).toFixed(1)} s on ${BACKEND_LABELS[step.backend] ?? step.backend}: about ${per} per epoch of ${steps} step${steps === 1 ? '' : 's'}, plus re-running the images after each epoch.`;
}

function eta(progress: { epoch: number; epochs: number; batch: number; batches: number; elapsedMs: number }): string {
  const done = (progress.epoch - 1) * progress.batches + progress.batch;
  const total = progress.epochs * progress.batches;
  if (done === 0) return '…';
  const seconds = Math.round(((total - done) * progress.elapsedMs) / done / 1000);
  return seconds >= 90 ? `${Math.round(seconds / 60)} min` : `${seconds} s`;
}

const fmt = (v: number | null | undefined) => (v == null ? '–' : v.toFixed(4));

/** Every round so far: where it started, its pairs, and validation Dice before and after, on the same pairs. */
function RoundsTable({ rounds }: { rounds: TrainingState['rounds'] }) {
  if (rounds.length === 0) return null;
  return (
    <table className="rounds" data-testid="training.rounds">
      <caption>Rounds of fine-tuning (validation Dice on the same held-out pairs, workbench metrics)</caption>
      <thead>
        <tr>
          <th scope="col">Round</th>
          <th scope="col">Started from</th>
          <th scope="col">Trained on</th>
          <th scope="col">Held out</th>
          <th scope="col">Corrected here</th>
          <th scope="col">Dice before</th>
          <th scope="col">Dice after</th>
          <th scope="col">Time</th>
        </tr>
      </thead>
      <tbody>
        {rounds.map((r) => (
          <tr key={r.round} data-testid="training.round" data-before={r.before ?? ''} data-after={r.after ?? ''}>
            <th scope="row">{r.round}</th>
            <td>{r.startFrom === 'base' ? 'base model' : 'current weights'}</td>
            <td>{r.train}</td>
            <td>{r.validation}</td>
            <td>
              {r.corrected} of {r.train + r.validation}
            </td>
            <td>{fmt(r.before)}</td>
            <td>{fmt(r.after)}</td>
            <td>
              {Math.round(r.seconds)} s{r.stopped ? ' (stopped)' : ''}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

export function TrainingPanel() {
  const ready = useStudio((s) => s.ready);
  const training = useStudio((s) => s.training);
  const items = useStudio((s) => s.items);
  const threshold = useStudio((s) => s.threshold);
  const setSettings = useStudio((s) => s.setTrainingSettings);
  const start = useStudio((s) => s.startTraining);
  const stop = useStudio((s) => s.stopTraining);
  const measureStep = useStudio((s) => s.measureTrainingStep);
  const modelGeneration = useStudio((s) => s.modelGeneration);
  const revert = useStudio((s) => s.revertToBase);
  const exportLayers = useStudio((s) => s.exportLayersFiles);
  const onExport = async () => {
    const files = await exportLayers();
    if (files && ready) download(modelZip(files, ready.model.metadata), `${ready.model.metadata.name.replace(/[^\w.-]+/g, '_')}.zip`, 'application/zip');
  };
  if (!ready) return null;
  const multiClass = ready.model.classes.length > 1;
  const pairs = trainablePairs(items, multiClass).length;
  const running = training.status === 'running' || training.status === 'stopping';
  const blocked = ready.model.notTrainable ?? ready.model.trainingUnsupported;
  const now = currentDice({ items, threshold, training });
  const p = training.progress;
  const settings = training.settings;
  const pairIds = trainablePairs(items, multiClass).map((i) => i.id);
  const loss = trainingLoss({ ready, training });
  const estimate = epochEstimate(training, modelGeneration, pairIds);
  const split = nextSplit(training, pairIds);
  const corrected = trainablePairs(items, multiClass).filter((i) => i.mask?.origin === 'corrected').length;
  const number = (key: keyof TrainingSettings, label: string, min: number, max: number, step: number) => (
    <label>
      {label}{' '}
      <input
        type="number"
        min={min}
        max={max}
        step={step}
        value={settings[key] as number}
        disabled={running}
        data-testid={`training.${key}`}
        onChange={(e) => setSettings({ [key]: Math.min(max, Math.max(min, Number(e.target.value))) })}
      />
    </label>
  );
  return (
    <section className="training" aria-label="Fine-tuning" data-testid="training">
      <h2>Fine-tune on your pairs</h2>
      {blocked ? (
        <p className="warn" data-testid="training.unavailable">
          Fine-tuning is unavailable: {blocked}.
        </p>
      ) : (
        <p className="muted small" data-testid="training.backend">
          {pairs} pair{pairs === 1 ? '' : 's'} with a mask ({corrected} corrected here, {pairs - corrected} from files): {split.train.length} to train on,{' '}
          {split.validation.length} held out{training.split && training.splitPercent === settings.validationPercent ? ' (the same as the last round)' : ''}. Trains on this computer with {BACKEND_LABELS[ready.backend.name] ?? ready.backend.name}
          {ready.backend.name === 'wasm' && ready.backend.limits ? ` (${ready.backend.limits})` : ''}; nothing is uploaded.
        </p>
      )}
      <div className="training-settings">
        {number('validationPercent', 'Validation %', TRAINING_LIMITS.validationPercent.min, TRAINING_LIMITS.validationPercent.max, 5)}
        {number('epochs', 'Epochs', TRAINING_LIMITS.epochs.min, TRAINING_LIMITS.epochs.max, 1)}
        {number('batchSize', 'Batch size', TRAINING_LIMITS.batchSize.min, TRAINING_LIMITS.batchSize.max, 1)}
        {number('learningRate', 'Learning rate', TRAINING_LIMITS.learningRate.min, TRAINING_LIMITS.learningRate.max, 1e-5)}
        <label>
          Loss{' '}
          <select value={loss} disabled={running} onChange={(e) => setSettings({ loss: e.target.value as TrainingSettings['loss'] })} data-testid="training.loss">
            {lossNamesFor(ready.model.classes.length + 1).map((name) => (
              <option key={name} value={name}>
                {LOSS_LABELS[name]}
              </option>
            ))}
          </select>
        </label>
        <fieldset className="choice-group" disabled={running}>
          <legend>Each round starts from</legend>
          <label className="choice">
            <input type="radio" name="startFrom" checked={settings.startFrom === 'base'} data-testid="training.from-base" onChange={() => setSettings({ startFrom: 'base' })} /> the
            base model, over all pairs so far (no drift)
          </label>
          <label className="choice">
            <input
              type="radio"
              name="startFrom"
              checked={settings.startFrom === 'current'}
              data-testid="training.from-current"
              onChange={() => setSettings({ startFrom: 'current' })}
            />{' '}
            the current weights
          </label>
        </fieldset>
        <label className="choice">
          <input type="checkbox" checked={settings.freezeEncoder} disabled={running} onChange={(e) => setSettings({ freezeEncoder: e.target.checked })} /> Freeze
          encoder
        </label>
        <label className="choice">
          <input type="checkbox" checked={settings.augment} disabled={running} data-testid="training.augment" onChange={(e) => setSettings({ augment: e.target.checked })} /> Augment (rotate,
          shift, shear, zoom, flip, brightness/contrast)
        </label>
      </div>
      <div className="row">
        <button type="button" disabled={running || blocked !== null || pairs === 0} onClick={() => void start()} data-testid="training.start">
          Start
        </button>
        <button
          type="button"
          disabled={running || blocked !== null || training.step === 'measuring'}
          onClick={() => void measureStep()}
          data-testid="training.estimate"
        >
          Estimate time per epoch
        </button>
        <button type="button" disabled={training.status !== 'running'} onClick={stop} data-testid="training.stop">
          Stop
        </button>
        <button type="button" disabled={running || !training.baseModelId} onClick={() => void revert()} data-testid="training.revert">
          Revert to the base model
        </button>
        <button type="button" disabled={running || ready.model.notTrainable !== null} onClick={() => void onExport()} data-testid="training.export">
          Export model (TF.js)
        </button>
      </div>
      {estimate && (
        <p className="small" data-testid="training.estimate-text">
          {estimate}
        </p>
      )}
      {p && (
        <div data-testid="training.progress" data-status={training.status} data-epoch-seconds={training.epochs.map((e) => e.seconds.toFixed(3)).join(' ')}>
          <progress max={p.epochs * p.batches} value={(p.epoch - 1) * p.batches + p.batch} aria-label="Fine-tuning progress" />
          <span className="small">
            {' '}
            epoch {p.epoch}/{p.epochs}, batch {p.batch}/{p.batches}
            {running && <> · about {eta(p)} left</>}
          </span>
        </div>
      )}
      {training.message && (
        <p role="status" className={training.status === 'error' ? 'status-error' : undefined} data-testid="training.message">
          {training.message}
        </p>
      )}
      {training.batchLosses.length > 0 && (
        <div className="charts">
          <LineChart title="Training loss per batch" xLabel="batch" testId="training.loss-chart" series={[{ label: 'loss', values: training.batchLosses, colour: '#b34700', bounds: [0, Infinity] }]} />
          {/* Loss on the left axis, Dice on the right, each scaled to its own values. */}
          <LineChart
            title="Per epoch"
            xLabel="epoch"
            testId="training.epoch-chart"
            series={[
              { label: 'train loss', values: training.epochs.map((e) => e.trainLoss), colour: '#b34700', bounds: [0, Infinity] },
              { label: multiClass ? 'validation Dice (mean of classes)' : 'validation Dice', values: training.epochs.map((e) => e.validationDice), colour: '#0060a0', axis: 'right', bounds: [0, 1] },
            ]}
          />
        </div>
      )}
      {multiClass && training.epochs.length > 0 && <ClassValidation classes={ready.model.classes} perClass={training.epochs[training.epochs.length - 1].validationDicePerClass} />}
      <RoundsTable rounds={training.rounds} />
      {training.before && (
        <table className="before-after" data-testid="training.before-after">
          <caption>Mean Dice at the ground truth's resolution (threshold {threshold.toFixed(3)})</caption>
          <thead>
            <tr>
              <th scope="col" />
              <th scope="col">Before</th>
              <th scope="col">Now</th>
            </tr>
          </thead>
          <tbody>
            <tr>
              <th scope="row">Validation ({training.split?.validation.length ?? 0})</th>
              <td data-testid="training.before-validation">{fmt(training.before.validation)}</td>
              <td data-testid="training.now-validation">{fmt(now.validation)}</td>
            </tr>
            <tr>
              <th scope="row">All pairs</th>
              <td data-testid="training.before-all">{fmt(training.before.all)}</td>
              <td data-testid="training.now-all">{fmt(now.all)}</td>
            </tr>
          </tbody>
        </table>
      )}
    </section>
  );
}

/** The last epoch's validation Dice of each class (at the model's resolution, argmax), as the run reported it. */
function ClassValidation({ classes, perClass }: { classes: readonly { name: string; color: string }[]; perClass: readonly number[] | null }) {
  if (!perClass) return null;
  return (
    <p className="small" data-testid="training.class-dice">
      Validation Dice per class (last epoch, at the model's resolution):{' '}
      {classes.map((c, k) => (
        <span key={c.name} className="legend-entry" data-testid={`training.class-dice.${k + 1}`} data-value={perClass[k]}>
          <span className="swatch" style={{ background: c.color }} aria-hidden="true" /> {c.name} {perClass[k]?.toFixed(3) ?? '–'}
        </span>
      ))}
    </p>
  );
}

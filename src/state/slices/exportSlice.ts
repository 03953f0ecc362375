/** Export: what the Export panel writes (and the printable summary), built from the store's items with the decoder to read let-go pixels again (state/exportItems.ts). */
import { type StateCreator } from 'zustand/vanilla';
import { studySummaryHtml } from '../../export/studySummary';
import { exportSet, type ExportSet, studySummaryOf } from '../exportItems';
import { type StudioServices } from '../services';
import { type Studio } from '../types';

export interface ExportActions {
  /** The images to export (list order), the selected one, and the model's context; null before a model is ready. */
  exportSet(): ExportSet | null;
  /** The printable summary of the study as a self-contained HTML document; null when there is none (export/studySummary.ts). */
  studySummary(): string | null;
}

export const createExportSlice =
  (services: StudioServices): StateCreator<Studio, [], [], ExportActions> =>
  (_set, get) => ({
    exportSet: () => exportSet(get(), services.decode),
    studySummary: () => {
      const summary = studySummaryOf(get(), new Date().toISOString().slice(0, 16).replace('T', ' '));
      return summary ? studySummaryHtml(summary) : null;
    },
  });

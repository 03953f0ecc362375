/** Export: what the Export panel writes (and the printable summary), built from the store's items with the decoder to read let-go pixels again (state/exportItems.ts). */
import { type StateCreator } from 'zustand/vanilla';
import { studySummaryHtml } from '../../export/studySummary';
import { exportSet, type ExportSet, studySummaryOf, summaryThumbnails } from '../exportItems';
import { type StudioServices } from '../services';
import { type Studio } from '../types';

export interface ExportActions {
  /** The images to export (list order), the selected one, and the model's context; null before a model is ready. */
  exportSet(): ExportSet | null;
  /** The printable summary of the study as a self-contained HTML document, thumbnails included; null when there is none (export/studySummary.ts). */
  studySummary(): Promise<string | null>;
}

export const createExportSlice =
  (services: StudioServices): StateCreator<Studio, [], [], ExportActions> =>
  (_set, get) => ({
    exportSet: () => exportSet(get(), services.decode),
    studySummary: async () => {
      const state = get();
      if (!studySummaryOf(state, '')) return null;
      const thumbnails = await summaryThumbnails(state.items, state.threshold, services.decode);
      const summary = studySummaryOf(state, new Date().toISOString().slice(0, 16).replace('T', ' '), thumbnails);
      return summary ? studySummaryHtml(summary) : null;
    },
  });

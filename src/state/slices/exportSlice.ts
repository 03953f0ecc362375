/** Export: what the Export panel writes, built from the store's items with the decoder to read let-go pixels again (state/exportItems.ts). */
import { type StateCreator } from 'zustand/vanilla';
import { exportSet, type ExportSet } from '../exportItems';
import { type StudioServices } from '../services';
import { type Studio } from '../types';

export interface ExportActions {
  /** The images to export (list order), the selected one, and the model's context; null before a model is ready. */
  exportSet(): ExportSet | null;
}

export const createExportSlice =
  (services: StudioServices): StateCreator<Studio, [], [], ExportActions> =>
  (_set, get) => ({
    exportSet: () => exportSet(get(), services.decode),
  });

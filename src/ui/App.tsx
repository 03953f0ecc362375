/** The workbench layout: status, intake and list on the left, image and controls on the right. */
import { type StoreApi } from 'zustand';
import { type Studio } from '../state/types';
import { BiometryPanel } from './BiometryPanel';
import { Controls } from './Controls';
import { DiagnosticsPanel } from './DiagnosticsPanel';
import { DropZone } from './DropZone';
import { ExportPanel } from './ExportPanel';
import { ImageList } from './ImageList';
import { MetricsPanel } from './MetricsPanel';
import { ModelPanel } from './ModelPanel';
import { PrivacyPanel } from './PrivacyPanel';
import { SessionPanel } from './SessionPanel';
import { StatusBar } from './StatusBar';
import { StudioContext } from './studioContext';
import { TrainingPanel } from './TrainingPanel';
import { UpdateBanner } from './UpdateBanner';
import { useShortcuts } from './useShortcuts';
import { Viewer } from './Viewer';
import { WindowPanel } from './WindowPanel';

export function App({ store }: { store: StoreApi<Studio> }) {
  useShortcuts(store);
  return (
    <StudioContext.Provider value={store}>
      <header className="app-header">
        <h1>U-Net Studio</h1>
        <p className="muted small">Segmentation in your browser. Images never leave this computer.</p>
        <UpdateBanner />
      </header>
      <main className="layout">
        <aside className="sidebar">
          <StatusBar />
          <ModelPanel />
          <DropZone />
          <ImageList />
          <SessionPanel />
          <PrivacyPanel />
          <DiagnosticsPanel />
        </aside>
        <div className="workspace">
          <Viewer />
          <div className="panels">
            <div>
              <Controls />
              <WindowPanel />
            </div>
            <div>
              <MetricsPanel />
              <BiometryPanel />
              <ExportPanel />
            </div>
          </div>
          <TrainingPanel />
        </div>
      </main>
    </StudioContext.Provider>
  );
}

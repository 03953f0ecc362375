/**
 * The workbench layout: status, intake and list on the left (the way to start comes first, above
 * the model library), image and controls on the right; below 900 px the image comes straight after
 * the list and the model, session and privacy panels go last. Skip links lead past the list.
 */
import { type StoreApi } from 'zustand';
import { type Studio } from '../state/types';
import { BiometryPanel } from './BiometryPanel';
import { AngleOfProgressionPanel } from './AngleOfProgressionPanel';
import { MeasurePanel } from './MeasurePanel';
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
import { StudyOverview } from './StudyOverview';
import { StudioContext } from './studioContext';
import { TrainingPanel } from './TrainingPanel';
import { UpdateBanner } from './UpdateBanner';
import { useShortcuts } from './useShortcuts';
import { Viewer } from './Viewer';
import { WindowDrop } from './WindowDrop';
import { WindowPanel } from './WindowPanel';

/** Moves the focus (not only the scroll position) so the next Tab continues from the target. */
function SkipLink({ target, children }: { target: string; children: string }) {
  return (
    <a
      className="skip-link"
      href={`#${target}`}
      onClick={(e) => {
        const element = document.getElementById(target);
        if (!element) return;
        e.preventDefault();
        element.focus();
        element.scrollIntoView({ block: 'start' });
      }}
    >
      {children}
    </a>
  );
}

export function App({ store }: { store: StoreApi<Studio> }) {
  useShortcuts(store);
  return (
    <StudioContext.Provider value={store}>
      <nav className="skip-links" aria-label="Skip links">
        <SkipLink target="viewer">Skip to the image</SkipLink>
        <SkipLink target="controls">Skip to the controls</SkipLink>
      </nav>
      <WindowDrop />
      <header className="app-header">
        <h1>U-Net Studio</h1>
        <p className="muted small">Segmentation in your browser. Images never leave this computer.</p>
        <UpdateBanner />
      </header>
      <main className="layout">
        <aside className="sidebar intake" aria-label="Status and images">
          {/* The drop zone first: the status card grows when the model is ready, and the way to
              start must not move under the user's pointer (it jumped 174 px at 1280×720). */}
          <DropZone />
          <StatusBar />
          <ImageList />
        </aside>
        <aside className="sidebar more" aria-label="Models, session and privacy">
          <ModelPanel />
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
              <AngleOfProgressionPanel />
              <MeasurePanel />
              <ExportPanel />
              <StudyOverview />
            </div>
          </div>
          <TrainingPanel />
        </div>
      </main>
    </StudioContext.Provider>
  );
}

/**
 * Registers the service worker (production builds only) and reports when a new deployment has
 * been downloaded and is waiting, so the page can offer a reload instead of mixing versions.
 */
export interface UpdateHandle {
  /** Switches to the waiting version and reloads the page. */
  apply(): void;
}

export function registerServiceWorker(onUpdateReady: (update: UpdateHandle) => void): void {
  if (!import.meta.env.PROD || !('serviceWorker' in navigator)) return;
  const offer = (worker: ServiceWorker) =>
    onUpdateReady({
      apply() {
        navigator.serviceWorker.addEventListener('controllerchange', () => location.reload(), { once: true });
        worker.postMessage('SKIP_WAITING');
      },
    });
  navigator.serviceWorker
    .register('./sw.js')
    .then((registration) => {
      // Only an update matters: on the first visit there is no controller and nothing to replace.
      if (registration.waiting && navigator.serviceWorker.controller) offer(registration.waiting);
      registration.addEventListener('updatefound', () => {
        const installing = registration.installing;
        installing?.addEventListener('statechange', () => {
          if (installing.state === 'installed' && navigator.serviceWorker.controller) offer(installing);
        });
      });
    })
    .catch(() => {
      // Offline support is a bonus: the app works without it (e.g. on plain http from another host).
    });
}

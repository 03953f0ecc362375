/** React access to the store: the provider holds it, `useStudio` selects from it. */
import { createContext, useContext } from 'react';
import { type StoreApi, useStore } from 'zustand';
import { type Studio } from '../state/types';

export const StudioContext = createContext<StoreApi<Studio> | null>(null);

export function useStudio<T>(selector: (state: Studio) => T): T {
  const store = useContext(StudioContext);
  if (!store) throw new Error('useStudio outside <StudioContext.Provider>');
  return useStore(store, selector);
}

/** The store itself, for event handlers that call actions or read the latest state without re-rendering. */
export function useStudioStore(): StoreApi<Studio> {
  const store = useContext(StudioContext);
  if (!store) throw new Error('useStudioStore outside <StudioContext.Provider>');
  return store;
}

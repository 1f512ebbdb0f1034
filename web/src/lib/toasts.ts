import { createStore, useStore } from 'zustand';

export interface Toast {
  id: number;
  kind: 'info' | 'error' | 'success';
  message: string;
}

const toastStore = createStore<{ toasts: Toast[] }>(() => ({ toasts: [] }));
let nextId = 1;

export function toast(message: string, kind: Toast['kind'] = 'info', ttlMs = 5000): void {
  const id = nextId++;
  toastStore.setState((s) => ({ toasts: [...s.toasts, { id, kind, message }] }));
  setTimeout(() => dismissToast(id), ttlMs);
}

export function dismissToast(id: number): void {
  toastStore.setState((s) => ({ toasts: s.toasts.filter((t) => t.id !== id) }));
}

export const useToasts = () => useStore(toastStore, (s) => s.toasts);

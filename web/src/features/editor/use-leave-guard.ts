import { useEffect } from 'react';

const QUESTION = 'You have changes that are not saved yet. Leave anyway?';

// Moving between /write and /write/<slug> is the editor renaming its own URL, not leaving.
const leavesEditor = (path: string) => !path.startsWith('/write');

/** The router's index of the history entry the tab is on (React Router keeps it in history.state). */
const entryIndex = () => (window.history.state as { idx?: number } | null)?.idx ?? 0;

function isPlainClickOnAppLink(event: MouseEvent): HTMLAnchorElement | null {
  if (event.defaultPrevented || event.button !== 0) return null;
  if (event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return null;
  const link = event.target instanceof Element ? event.target.closest('a[href]') : null;
  if (!(link instanceof HTMLAnchorElement) || link.origin !== window.location.origin) return null;
  return link.target && link.target !== '_self' ? null : link;
}

/**
 * Asks before leaving with unsaved changes: closing the tab (beforeunload), following a link in the
 * app, or going back or forward. The listeners run in the capture phase on the window, before the
 * router's, so a refused move never reaches the router.
 */
export function useLeaveGuard(dirty: boolean): void {
  useEffect(() => {
    if (!dirty) return;
    const onBeforeUnload = (event: BeforeUnloadEvent) => {
      event.preventDefault();
      // Older browsers only show the prompt when returnValue is set.
      event.returnValue = '';
    };
    const onClick = (event: MouseEvent) => {
      const link = isPlainClickOnAppLink(event);
      if (!link || !leavesEditor(link.pathname) || window.confirm(QUESTION)) return;
      event.preventDefault();
      event.stopPropagation();
    };
    const here = entryIndex();
    let restoring = false;
    const onPopState = (event: PopStateEvent) => {
      if (restoring) {
        // The step back to the editor's own entry after a refused move: the router never saw it leave.
        restoring = false;
        event.stopImmediatePropagation();
        return;
      }
      const steps = here - entryIndex();
      // No step to undo (an entry the router never stamped): the move goes ahead unasked.
      if (steps === 0 || !leavesEditor(window.location.pathname) || window.confirm(QUESTION)) return;
      event.stopImmediatePropagation();
      restoring = true;
      window.history.go(steps);
    };
    window.addEventListener('beforeunload', onBeforeUnload);
    window.addEventListener('click', onClick, true);
    window.addEventListener('popstate', onPopState, true);
    return () => {
      window.removeEventListener('beforeunload', onBeforeUnload);
      window.removeEventListener('click', onClick, true);
      window.removeEventListener('popstate', onPopState, true);
    };
  }, [dirty]);
}

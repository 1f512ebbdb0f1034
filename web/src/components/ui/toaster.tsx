import { dismissToast, useToasts } from '#web/lib/toasts';
import { Status } from './status';

/** Toasts are announced politely; errors assertively. */
export function Toaster() {
  const toasts = useToasts();
  return (
    <div className="toaster">
      <Status aria-live="polite">
        {toasts
          .filter((t) => t.kind !== 'error')
          .map((t) => (
            <ToastItem key={t.id} id={t.id} kind={t.kind} message={t.message} />
          ))}
      </Status>
      <div role="alert" aria-live="assertive">
        {toasts
          .filter((t) => t.kind === 'error')
          .map((t) => (
            <ToastItem key={t.id} id={t.id} kind={t.kind} message={t.message} />
          ))}
      </div>
    </div>
  );
}

function ToastItem({ id, kind, message }: { id: number; kind: string; message: string }) {
  return (
    <div className={`toast toast-${kind}`}>
      <span>{message}</span>
      <button type="button" className="link" aria-label="Dismiss" onClick={() => dismissToast(id)}>
        ×
      </button>
    </div>
  );
}

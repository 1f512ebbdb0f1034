import type { ReactNode } from 'react';
import { Navigate, useLocation } from 'react-router';
import { Skeleton } from '#web/components/ui/skeleton';
import { useSession } from '#web/lib/session';

/** Waits for the silent refresh, then either shows the page or sends the visitor to log in and back. */
export function RequireAuth({ children, admin = false }: { children: ReactNode; admin?: boolean }) {
  const status = useSession((s) => s.status);
  const role = useSession((s) => s.user?.role);
  const location = useLocation();
  if (status === 'unknown') return <Skeleton lines={4} label="Checking your session" />;
  if (status === 'anonymous') {
    const next = encodeURIComponent(location.pathname + location.search);
    return <Navigate to={`/login?next=${next}`} replace />;
  }
  if (admin && role !== 'admin') {
    return (
      <section className="centered">
        <h1>Admins only</h1>
        <p>You need an administrator account to see this page.</p>
      </section>
    );
  }
  return children;
}

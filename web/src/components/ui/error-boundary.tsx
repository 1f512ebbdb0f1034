import { QueryErrorResetBoundary } from '@tanstack/react-query';
import { Component, type ErrorInfo, type ReactNode } from 'react';

/** What a boundary shows instead of what failed; `retry` clears the error (and failed queries). */
export type ErrorFallback = (props: { error: Error; retry: () => void }) => ReactNode;

interface Props {
  children: ReactNode;
  fallback?: ErrorFallback;
  /** When this changes (the visitor went elsewhere), a shown error is cleared. */
  resetKey?: string;
  onReset?: () => void;
}

class Boundary extends Component<Props, { error: Error | null }> {
  override state = { error: null as Error | null };

  static getDerivedStateFromError(error: Error) {
    return { error };
  }

  override componentDidCatch(error: Error, info: ErrorInfo) {
    console.error('render failed', error, info.componentStack);
  }

  override componentDidUpdate(previous: Props) {
    if (this.state.error && previous.resetKey !== this.props.resetKey) this.setState({ error: null });
  }

  reset = () => {
    this.props.onReset?.();
    this.setState({ error: null });
  };

  override render() {
    const { error } = this.state;
    if (!error) return this.props.children;
    const Fallback = this.props.fallback;
    if (Fallback) return <Fallback error={error} retry={this.reset} />;
    return (
      <section className="centered" role="alert">
        <h1>Something went wrong</h1>
        <p>This part of the page failed to show. Try again.</p>
        <button type="button" onClick={this.reset}>
          Try again
        </button>
      </section>
    );
  }
}

/** Catches render errors of a page; "Try again" also resets failed queries so they refetch. */
export function ErrorBoundary({
  children,
  resetKey,
  fallback,
}: {
  children: ReactNode;
  resetKey?: string;
  fallback?: ErrorFallback;
}) {
  return (
    <QueryErrorResetBoundary>
      {({ reset }) => (
        <Boundary onReset={reset} resetKey={resetKey} fallback={fallback}>
          {children}
        </Boundary>
      )}
    </QueryErrorResetBoundary>
  );
}

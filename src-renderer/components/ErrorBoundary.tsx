import { Component, type ReactNode } from 'react';

interface State {
  failed: boolean;
}

/** Shows a recoverable message instead of a blank window when a screen throws. */
export class ErrorBoundary extends Component<{ children: ReactNode }, State> {
  override state: State = { failed: false };

  static getDerivedStateFromError(): State {
    return { failed: true };
  }

  override render(): ReactNode {
    if (!this.state.failed) return this.props.children;
    return (
      <main className="screen screen--centered" role="alert">
        <h1>Something went wrong on this screen</h1>
        <p>Your vault is unchanged. Reload the window to continue.</p>
        <button type="button" className="button button--primary" onClick={() => window.location.reload()}>
          Reload
        </button>
      </main>
    );
  }
}

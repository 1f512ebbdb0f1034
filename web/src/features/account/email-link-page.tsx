import { type ReactNode, useState } from 'react';
import { Link, useSearchParams } from 'react-router';
import { Status } from '#web/components/ui/status';
import { isApiError } from '#web/lib/api-error';
import { useDocumentTitle } from '#web/lib/use-document-title';
import { accountApi } from './account-api';
import { LinkProblem } from './link-problem';

interface EmailLinkProps {
  title: string;
  explanation: ReactNode;
  action: string;
  done: ReactNode;
  send: (token: string) => Promise<void>;
}

/**
 * A page a mailed link opens. The token is sent only when the reader presses the button: mail
 * scanners that open links must not use them up.
 */
function EmailLinkPage({ title, explanation, action, done, send }: EmailLinkProps) {
  useDocumentTitle(title);
  const [params] = useSearchParams();
  const token = params.get('token') ?? '';
  const [state, setState] = useState<'ready' | 'busy' | 'done' | 'invalid' | 'failed'>(token ? 'ready' : 'invalid');

  const go = async () => {
    setState('busy');
    try {
      await send(token);
      setState('done');
    } catch (error) {
      setState(isApiError(error, 400) ? 'invalid' : 'failed');
    }
  };

  if (state === 'invalid') {
    return (
      <LinkProblem title="This link no longer works">
        It was already used, has expired, or was copied incompletely. <Link to="/settings">Go to your settings</Link> to
        ask for a new one.
      </LinkProblem>
    );
  }
  if (state === 'done') {
    return (
      <section className="auth-page">
        <h1>{title}</h1>
        <Status>{done}</Status>
      </section>
    );
  }
  return (
    <section className="auth-page">
      <h1>{title}</h1>
      <p>{explanation}</p>
      {state === 'failed' ? (
        <p className="form-error" role="alert">
          Could not reach the server. Check your connection and try again.
        </p>
      ) : null}
      <button type="button" className="button-primary" disabled={state === 'busy'} onClick={go}>
        {state === 'busy' ? 'Working…' : action}
      </button>
    </section>
  );
}

export const VerifyEmailPage = () => (
  <EmailLinkPage
    title="Confirm your email address"
    explanation="Confirm that this address is yours, so that notifications and digests can reach you."
    action="Confirm my address"
    done={
      <>
        Your address is confirmed. <Link to="/">Start reading</Link>
      </>
    }
    send={accountApi.verifyEmail}
  />
);

export const ConfirmEmailChangePage = () => (
  <EmailLinkPage
    title="Use your new email address"
    explanation="Confirm that your account should use this address from now on."
    action="Use this address"
    done={
      <>
        Your account now uses this address. <Link to="/settings">See your settings</Link>
      </>
    }
    send={accountApi.confirmEmailChange}
  />
);

export const UndoEmailChangePage = () => (
  <EmailLinkPage
    title="Undo the email change"
    explanation="Keep your account at its old address. Every session will be signed out; if you did not ask for the change, choose a new password afterwards."
    action="Undo the change"
    done={
      <>
        Your account is back at its old address and every session was signed out.{' '}
        <Link to="/forgot-password">Choose a new password</Link>
      </>
    }
    send={accountApi.undoEmailChange}
  />
);

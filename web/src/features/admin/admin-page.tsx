import { useMutation, useQuery } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { Link } from 'react-router';
import { Avatar } from '#web/components/ui/avatar';
import { Field } from '#web/components/ui/field';
import { QueryError } from '#web/components/ui/query-error';
import { Status } from '#web/components/ui/status';
import { rpc, unwrap } from '#web/lib/api-client';
import { isApiError } from '#web/lib/api-error';
import { displayNameOf } from '#web/lib/format';
import { toast } from '#web/lib/toasts';
import { useDocumentTitle } from '#web/lib/use-document-title';
import { RequireAuth } from '../auth';
import { userQuery } from '../users';

export function AdminPage() {
  useDocumentTitle('Moderation');
  return (
    <RequireAuth admin>
      <Moderation />
    </RequireAuth>
  );
}

function Moderation() {
  const [username, setUsername] = useState('');
  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    setUsername(String(new FormData(event.currentTarget).get('username')).trim().replace(/^@/, '').toLowerCase());
  };
  return (
    <section>
      <h1>Moderation</h1>
      <p className="muted">Posts and comments can be deleted where they are shown.</p>
      <form onSubmit={submit} className="row" aria-label="Find a user">
        <Field label="Username" name="username" autoComplete="off" />
        <button type="submit">Find</button>
      </form>
      {username ? <UserResult username={username} /> : null}
    </section>
  );
}

function UserResult({ username }: { username: string }) {
  const result = useQuery({ ...userQuery(username), retry: false });
  const action = useMutation({
    mutationFn: (verb: 'suspend' | 'unsuspend') =>
      unwrap(
        rpc().api.admin.users[':username'][verb].$post({ param: { username: encodeURIComponent(username) } }),
      ).then(() => verb),
    onSuccess: (verb) =>
      toast(`${username} is ${verb === 'suspend' ? 'suspended' : 'no longer suspended'}.`, 'success'),
    onError: (error) => toast(isApiError(error) ? error.message : 'The action failed.', 'error'),
  });
  if (result.isPending) return <Status>Looking up {username}…</Status>;
  if (result.isError) {
    if (isApiError(result.error, 404)) return <Status>No user is called {username}.</Status>;
    return <QueryError error={result.error} retry={() => result.refetch()} />;
  }
  const user = result.data;
  return (
    <div className="card row spread">
      <div className="byline">
        <Avatar user={user} />
        <Link to={`/@${user.username}`}>{displayNameOf(user)}</Link>
        <span className="muted">@{user.username}</span>
        {user.role === 'admin' ? <span className="badge">admin</span> : null}
        <AccountStateLine username={user.username} />
      </div>
      <div className="row">
        <button type="button" className="danger" disabled={action.isPending} onClick={() => action.mutate('suspend')}>
          Suspend
        </button>
        <button type="button" disabled={action.isPending} onClick={() => action.mutate('unsuspend')}>
          Unsuspend
        </button>
      </div>
    </div>
  );
}

/** The address and its state, which only administrators see. */
function AccountStateLine({ username }: { username: string }) {
  const state = useQuery({
    queryKey: ['admin', 'account', username],
    queryFn: () => unwrap(rpc().api.admin.users[':username'].$get({ param: { username } })),
  });
  if (!state.data) return null;
  const { account } = state.data;
  return (
    <span className="muted">
      {account.email} · {account.emailVerified ? 'address verified' : 'address not verified'}
      {account.emailSuppressed ? ' · mail stopped: bounced or complained' : ''}
      {account.suspended ? ' · suspended' : ''}
    </span>
  );
}

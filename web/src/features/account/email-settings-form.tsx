import { useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useId } from 'react';
import { QueryError } from '#web/components/ui/query-error';
import { Status } from '#web/components/ui/status';
import { useCurrentUser } from '#web/lib/session';
import { toast } from '#web/lib/toasts';
import { useFormErrors } from '#web/lib/use-form-errors';
import type { EmailPreferences } from '#worker/services/account/email-preferences';
import { api } from './account-api';

const hours = Array.from({ length: 24 }, (_, hour) => hour);
const preferencesKey = ['me', 'email-preferences'];
const frequencies = [
  ['instant', 'Right away'],
  ['daily', 'In a daily digest'],
  ['off', 'Never'],
] as const;

function zones(): string[] {
  const supported = (Intl as { supportedValuesOf?: (key: string) => string[] }).supportedValuesOf?.('timeZone');
  return supported && supported.length > 0 ? supported : ['UTC'];
}

function Choice(props: { name: 'replies' | 'comments'; legend: string; value: string }) {
  return (
    <fieldset className="choices">
      <legend>{props.legend}</legend>
      {frequencies.map(([value, label]) => (
        <label key={value}>
          <input type="radio" name={props.name} value={value} defaultChecked={props.value === value} /> {label}
        </label>
      ))}
    </fieldset>
  );
}

/** Notification emails: each kind right away, in a digest at a chosen hour and zone, or never. */
export function EmailSettingsForm() {
  const user = useCurrentUser();
  const queryClient = useQueryClient();
  const hourId = useId();
  const zoneId = useId();
  const { fieldErrors, formError, clear, fromError } = useFormErrors();
  const query = useQuery({
    queryKey: preferencesKey,
    queryFn: () => api.get<{ preferences: EmailPreferences }>('/api/users/me/email-preferences'),
  });
  if (query.isPending) return <Status>Loading your email settings…</Status>;
  if (query.isError) return <QueryError error={query.error} retry={() => query.refetch()} />;
  const prefs = query.data.preferences;

  const submit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    clear();
    try {
      const saved = await api.put<{ preferences: EmailPreferences }>('/api/users/me/email-preferences', {
        replies: String(form.get('replies')),
        comments: String(form.get('comments')),
        digestHour: Number(form.get('digestHour')),
        timeZone: String(form.get('timeZone')),
      });
      queryClient.setQueryData(preferencesKey, saved);
      toast('Email settings saved.', 'success');
    } catch (error) {
      fromError(error);
    }
  };

  return (
    <form onSubmit={submit} aria-labelledby="email-heading" noValidate>
      <h2 id="email-heading">Email notifications</h2>
      {user && !user.emailVerified ? <p className="muted">These start once your address is confirmed.</p> : null}
      {formError ? (
        <p className="form-error" role="alert">
          {formError}
        </p>
      ) : null}
      <Choice name="replies" legend="Replies to your comments" value={prefs.replies} />
      <Choice name="comments" legend="Comments on your posts" value={prefs.comments} />
      <div className="row">
        <div className="field">
          <label htmlFor={hourId}>Digest hour</label>
          <select id={hourId} name="digestHour" defaultValue={prefs.digestHour}>
            {hours.map((hour) => (
              <option key={hour} value={hour}>
                {String(hour).padStart(2, '0')}:00
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor={zoneId}>Time zone</label>
          <select
            id={zoneId}
            name="timeZone"
            defaultValue={prefs.timeZone}
            aria-invalid={fieldErrors.timeZone ? true : undefined}
          >
            {[...new Set([prefs.timeZone, ...zones()])].map((zone) => (
              <option key={zone} value={zone}>
                {zone}
              </option>
            ))}
          </select>
          {fieldErrors.timeZone ? <p className="field-error">{fieldErrors.timeZone.join(' ')}</p> : null}
        </div>
      </div>
      <button type="submit" className="button-primary">
        Save email settings
      </button>
    </form>
  );
}

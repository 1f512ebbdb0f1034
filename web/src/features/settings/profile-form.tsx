import { useId, useState } from 'react';
import { Avatar } from '#web/components/ui/avatar';
import { Field } from '#web/components/ui/field';
import { Form } from '#web/components/ui/form';
import { useFormSubmit } from '#web/components/ui/use-form-submit';
import { isApiError } from '#web/lib/api-error';
import { useCurrentUser } from '#web/lib/session';
import { toast } from '#web/lib/toasts';
import { uploadMedia } from '#web/lib/upload-media';
import { checkMe, useSaveMe } from './save-me';

export function ProfileForm() {
  const user = useCurrentUser();
  const bioId = useId();
  const avatarId = useId();
  const saveMe = useSaveMe();
  const { fieldErrors, formError, onSubmit } = useFormSubmit({
    read: (form) => ({ displayName: String(form.get('displayName')), bio: String(form.get('bio')) }),
    check: checkMe,
    async write(changes) {
      await saveMe(changes);
      toast('Profile saved.', 'success');
    },
  });
  const [progress, setProgress] = useState<number | null>(null);
  if (!user) return null;

  const uploadAvatar = async (file: File | undefined) => {
    if (!file) return;
    setProgress(0);
    try {
      const media = await uploadMedia(file, setProgress);
      await saveMe({ avatarUrl: media.url });
      toast('Avatar updated.', 'success');
    } catch (error) {
      toast(isApiError(error) ? error.message : 'The upload failed.', 'error');
    } finally {
      setProgress(null);
    }
  };

  return (
    <Form
      onSubmit={onSubmit}
      error={formError}
      heading={{ id: 'profile-heading', text: 'Profile' }}
      submit="Save profile"
    >
      <div className="row">
        <Avatar user={user} size={64} />
        <div className="field">
          <label htmlFor={avatarId}>Avatar image</label>
          <input id={avatarId} type="file" accept="image/*" onChange={(e) => uploadAvatar(e.target.files?.[0])} />
          {progress !== null ? <progress aria-label="Avatar upload progress" max={1} value={progress} /> : null}
        </div>
      </div>
      <Field
        label="Display name"
        name="displayName"
        defaultValue={user.displayName ?? ''}
        errors={fieldErrors.displayName}
      />
      <div className="field">
        <label htmlFor={bioId}>Bio</label>
        <textarea
          id={bioId}
          name="bio"
          rows={3}
          defaultValue={user.bio ?? ''}
          aria-invalid={fieldErrors.bio ? true : undefined}
        />
        {fieldErrors.bio ? <p className="field-error">{fieldErrors.bio.join(' ')}</p> : null}
      </div>
    </Form>
  );
}

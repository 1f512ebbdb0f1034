import type { Post } from '#web/lib/types';
import type { DraftValues } from './local-copy';

interface Props {
  theirs: Post;
  mine: DraftValues;
  onKeepMine: () => void;
  onTakeTheirs: () => void;
}

/** Shown when the post was saved elsewhere meanwhile: both versions side by side, nothing dropped. */
export function ConflictPanel({ theirs, mine, onKeepMine, onTakeTheirs }: Props) {
  return (
    <section className="notice conflict" role="alert" aria-label="Edit conflict">
      <p>
        This post was changed in another tab or on another device since you opened it. Your changes are not saved yet:
        choose which version to keep (copy anything you need from the other first).
      </p>
      <div className="conflict-versions">
        <div>
          <h2>Saved elsewhere</h2>
          <p className="conflict-title">{theirs.title}</p>
          <pre>{theirs.body}</pre>
        </div>
        <div>
          <h2>Yours</h2>
          <p className="conflict-title">{mine.title}</p>
          <pre>{mine.body}</pre>
        </div>
      </div>
      <div className="row">
        <button type="button" className="button-primary" onClick={onKeepMine}>
          Keep mine
        </button>
        <button type="button" onClick={onTakeTheirs}>
          Take the saved version
        </button>
      </div>
    </section>
  );
}

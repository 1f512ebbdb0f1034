/** The editor feature's front door: other code imports only this. Pages load lazily. */
export const editorPages = {
  editor: () => import('./editor-page').then((m) => m.EditorPage),
  drafts: () => import('./drafts-page').then((m) => m.DraftsPage),
};

import { useEffect } from 'react';
import { siteName } from './site-name';

export function useDocumentTitle(title: string | undefined): void {
  useEffect(() => {
    if (title) document.title = `${title} · ${siteName()}`;
  }, [title]);
}

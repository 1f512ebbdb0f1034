import { type FormEvent, useState } from 'react';
import { useNavigate, useSearchParams } from 'react-router';

export function SearchBox() {
  const [params] = useSearchParams();
  const [q, setQ] = useState(params.get('q') ?? '');
  const navigate = useNavigate();
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (q.trim()) navigate(`/search?q=${encodeURIComponent(q.trim())}`);
  };
  return (
    // biome-ignore lint/a11y/useSemanticElements: <search> is not yet exposed as a landmark by every screen reader
    <form role="search" className="search-box" onSubmit={submit}>
      <label htmlFor="site-search" className="visually-hidden">
        Search posts
      </label>
      <input id="site-search" type="search" placeholder="Search" value={q} onChange={(e) => setQ(e.target.value)} />
    </form>
  );
}

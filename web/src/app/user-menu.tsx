import { useQueryClient } from '@tanstack/react-query';
import { useEffect, useRef, useState } from 'react';
import { Link, useLocation, useNavigate } from 'react-router';
import { Avatar } from '../components/ui/avatar';
import { logout } from '../features/auth';
import { useCurrentUser } from '../lib/session';

/** A disclosure menu: Escape closes it and returns focus to its button. */
export function UserMenu() {
  const user = useCurrentUser();
  const [open, setOpen] = useState(false);
  const button = useRef<HTMLButtonElement>(null);
  const location = useLocation();
  const navigate = useNavigate();
  const queryClient = useQueryClient();

  // biome-ignore lint/correctness/useExhaustiveDependencies: close whenever the page changes
  useEffect(() => setOpen(false), [location.pathname]);

  if (!user) return null;
  const signOut = async () => {
    await logout();
    queryClient.clear();
    navigate('/');
  };
  return (
    // biome-ignore lint/a11y/noStaticElementInteractions: catches Escape bubbling up from the menu button and its links
    <div
      className="menu"
      onKeyDown={(e) => {
        if (e.key === 'Escape' && open) {
          setOpen(false);
          button.current?.focus();
        }
      }}
    >
      <button
        ref={button}
        type="button"
        className="menu-button"
        aria-expanded={open}
        aria-controls="user-menu"
        onClick={() => setOpen((o) => !o)}
      >
        <Avatar user={user} size={28} />
        <span className="visually-hidden">Account menu for {user.username}</span>
      </button>
      {open ? (
        <ul id="user-menu" className="menu-list">
          <li>
            <Link to={`/@${user.username}`}>Profile</Link>
          </li>
          <li>
            <Link to="/drafts">Drafts</Link>
          </li>
          <li>
            <Link to="/settings">Settings</Link>
          </li>
          {user.role === 'admin' ? (
            <li>
              <Link to="/admin">Admin</Link>
            </li>
          ) : null}
          <li>
            <button type="button" className="link" onClick={signOut}>
              Log out
            </button>
          </li>
        </ul>
      ) : null}
    </div>
  );
}

import { act, render } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import { me } from '../test/factories';
import { json, mockApi } from '../test/mock-api';
import { type Envelope, useRoom } from './realtime';
import { sessionStore } from './session';

interface FakeOptions {
  party: string;
  room: string;
  query: () => Promise<Record<string, string>>;
}

// Hoisted above the imports with vi.mock: a socket the test drives by hand.
const { FakeSocket, sockets } = vi.hoisted(() => {
  const sockets: InstanceType<typeof FakeSocket>[] = [];
  class FakeSocket extends EventTarget {
    readyState = 1;
    sent: unknown[] = [];
    closed = false;
    constructor(readonly options: FakeOptions) {
      super();
      sockets.push(this);
    }
    send(frame: string) {
      this.sent.push(JSON.parse(frame));
    }
    close() {
      this.closed = true;
    }
    open() {
      this.dispatchEvent(new Event('open'));
    }
    deliver(frame: object) {
      this.dispatchEvent(new MessageEvent('message', { data: JSON.stringify(frame) }));
    }
  }
  return { FakeSocket, sockets };
});
type FakeSocket = InstanceType<typeof FakeSocket>;

vi.mock('partysocket', () => ({ default: FakeSocket }));

function Room({ onMessage, onResync }: { onMessage: (m: Envelope) => void; onResync: () => void }) {
  useRoom('post', 'room-1', { onMessage, onResync }, null);
  return null;
}

function mount() {
  const onMessage = vi.fn();
  const onResync = vi.fn();
  const view = render(<Room onMessage={onMessage} onResync={onResync} />);
  const socket = sockets.at(-1) as FakeSocket;
  return { onMessage, onResync, socket, view };
}

describe('useRoom', () => {
  it('asks for a fresh ticket for the room on every connect when signed in', async () => {
    sessionStore.setState({ status: 'authenticated', user: me(), accessToken: 'token' });
    let issued = 0;
    const { calls } = mockApi({ 'POST /api/realtime/ticket': () => json({ ticket: `t${++issued}`, expiresAt: '' }) });
    const { socket } = mount();
    expect(socket.options).toMatchObject({ party: 'post', room: 'room-1' });
    await expect(socket.options.query()).resolves.toEqual({ ticket: 't1' });
    await expect(socket.options.query()).resolves.toEqual({ ticket: 't2' });
    expect(calls.map((c) => c.body)).toEqual([{ room: 'post/room-1' }, { room: 'post/room-1' }]);
  });

  it('connects without a ticket when signed out', async () => {
    const { calls } = mockApi({});
    const { socket } = mount();
    await expect(socket.options.query()).resolves.toEqual({});
    expect(calls).toHaveLength(0);
  });

  it('passes events on once each and resumes from the last seq after a reconnect', () => {
    const { socket, onMessage, onResync } = mount();
    act(() => {
      socket.open();
      socket.deliver({ v: 1, type: 'post.liked', seq: 4, data: { likesCount: 1 } });
      socket.deliver({ v: 1, type: 'post.liked', seq: 4, data: { likesCount: 1 } });
      socket.deliver({ v: 1, type: 'presence', data: { count: 2 } });
      socket.deliver({ v: 2, type: 'post.liked', data: {} });
      socket.deliver('not json' as unknown as object);
    });
    expect(onMessage.mock.calls.map(([m]) => m.type)).toEqual(['post.liked', 'presence']);
    act(() => socket.open());
    expect(socket.sent).toEqual([{ v: 1, type: 'sync', data: { since: 4 } }]);
    expect(onResync).not.toHaveBeenCalled();
  });

  it('refetches over REST when there is nothing to resume from or the log was trimmed', () => {
    const { socket, onResync } = mount();
    act(() => {
      socket.open();
      socket.open();
    });
    expect(onResync).toHaveBeenCalledTimes(1);
    expect(socket.sent).toEqual([]);
    act(() => socket.deliver({ v: 1, type: 'sync.done', data: { seq: 9, reset: true } }));
    expect(onResync).toHaveBeenCalledTimes(2);
  });

  it('closes the socket when the page goes away', () => {
    const { socket, view } = mount();
    view.unmount();
    expect(socket.closed).toBe(true);
  });
});

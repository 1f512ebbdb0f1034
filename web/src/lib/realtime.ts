import PartySocket from 'partysocket';
import { useEffect, useRef } from 'react';
import type { TypedServerMessage } from '#realtime/protocol';
import { rpc, unwrap } from './api-client';
import { sessionStore } from './session';
import type { Comment, Notification, Post } from './types';

/**
 * A server frame, typed by the shared protocol (type-only: the zod schemas stay out of the bundle;
 * frames come from our own rooms, and each handler reads only the fields its type guarantees).
 */
export type Envelope = TypedServerMessage<{ comment: Comment; post: Post; notification: Notification }>;

export type RoomParty = 'post' | 'user';

async function ticketFor(room: string): Promise<string | null> {
  if (!sessionStore.getState().accessToken) return null;
  try {
    const { ticket } = await unwrap(rpc().api.realtime.ticket.$post({ json: { room } }));
    return ticket;
  } catch {
    return null;
  }
}

function realtimeHost(): { host: string; protocol: 'ws' | 'wss' } {
  const configured = import.meta.env.VITE_REALTIME_URL as string | undefined;
  const url = new URL(configured || window.location.origin);
  return { host: url.host, protocol: url.protocol === 'https:' || url.protocol === 'wss:' ? 'wss' : 'ws' };
}

export function parseEnvelope(raw: unknown): Envelope | null {
  if (typeof raw !== 'string') return null;
  try {
    const value = JSON.parse(raw) as { v?: unknown; type?: unknown; data?: unknown } | null;
    const wellFormed = value && value.v === 1 && typeof value.type === 'string' && typeof value.data === 'object';
    return wellFormed ? (value as Envelope) : null;
  } catch {
    return null;
  }
}

interface RoomHandlers {
  onMessage: (message: Envelope) => void;
  /** A reconnect with no sequence to resume from: refetch from REST instead. */
  onResync?: () => void;
}

/**
 * Joins a room for as long as the component is mounted. Every (re)connect asks for a fresh
 * 60-second ticket, and after a drop it replays what it missed with `sync { since }`.
 */
export function useRoom(party: RoomParty, room: string | null, handlers: RoomHandlers, session: string | null) {
  const socketRef = useRef<PartySocket | null>(null);
  const handlersRef = useRef(handlers);
  handlersRef.current = handlers;

  // `session` is not read inside: a newly signed-in user must reconnect with their own ticket.
  // biome-ignore lint/correctness/useExhaustiveDependencies: see above
  useEffect(() => {
    if (!room) return;
    let lastSeq = 0;
    let connectedBefore = false;
    const socket = new PartySocket({
      ...realtimeHost(),
      party,
      room,
      query: async () => {
        const ticket = await ticketFor(`${party}/${room}`);
        return ticket ? { ticket } : {};
      },
    });
    socketRef.current = socket;
    const onOpen = () => {
      if (connectedBefore) {
        if (lastSeq > 0) socket.send(JSON.stringify({ v: 1, type: 'sync', data: { since: lastSeq } }));
        else handlersRef.current.onResync?.();
      }
      connectedBefore = true;
    };
    const onMessage = (event: MessageEvent) => {
      const message = parseEnvelope(event.data);
      if (!message) return;
      if (message.type === 'sync.done') {
        lastSeq = Math.max(lastSeq, message.data.seq);
        // The gap was larger than the room's log keeps: only a fresh REST read is complete.
        if (message.data.reset) handlersRef.current.onResync?.();
        return;
      }
      if (message.type === 'error' && message.data.code === 'sync_failed') {
        handlersRef.current.onResync?.();
        return;
      }
      if (typeof message.seq === 'number') {
        if (message.seq <= lastSeq) return;
        lastSeq = message.seq;
      }
      handlersRef.current.onMessage(message);
    };
    socket.addEventListener('open', onOpen);
    socket.addEventListener('message', onMessage);
    return () => {
      socket.removeEventListener('open', onOpen);
      socket.removeEventListener('message', onMessage);
      socket.close();
      socketRef.current = null;
    };
  }, [party, room, session]);

  return (type: string, data?: unknown) => {
    const socket = socketRef.current;
    if (socket && socket.readyState === WebSocket.OPEN) socket.send(JSON.stringify({ v: 1, type, data }));
  };
}

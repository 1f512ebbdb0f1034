import { WebSocket } from 'ws';
import type { RoomConnection, RoomLogger } from '../rooms/host';

// A broadcast sends one string to every socket in turn: encode it once, not once per socket.
let lastText = '';
let lastBytes = Buffer.alloc(0);

function utf8Of(text: string): Buffer {
  if (text !== lastText) {
    lastText = text;
    lastBytes = Buffer.from(text);
  }
  return lastBytes;
}

/**
 * A `ws` socket as a room connection. A reader whose send buffer passes `maxBufferedBytes` cannot
 * keep up: it is dropped rather than allowed to grow the process's memory or slow the room.
 */
export function socketConnection(
  socket: WebSocket,
  id: string,
  maxBufferedBytes: number,
  logger: RoomLogger,
): RoomConnection {
  return {
    id,
    send(message) {
      if (socket.readyState !== WebSocket.OPEN) return;
      if (socket.bufferedAmount > maxBufferedBytes) {
        logger.warn('realtime slow consumer dropped', { connection: id, buffered: socket.bufferedAmount });
        socket.terminate();
        return;
      }
      socket.send(utf8Of(message), { binary: false });
    },
    close(code, reason) {
      socket.close(code, reason);
    },
  };
}

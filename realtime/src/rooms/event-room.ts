import { encodeServerMessage, type Party, parseClientMessage, type RoomName, type SequencedEvent } from '../protocol';
import { type TicketHolder, verifyTicket } from '../tokens';
import { acceptPublish, realtimeSecretOf } from './admission';
import {
  closeCodes,
  defaultRoomLimits,
  type FanOutMessage,
  type RoomConnection,
  type RoomContext,
  type RoomLimits,
  type RoomServices,
} from './host';
import { TokenBucket } from './token-bucket';

interface Member {
  conn: RoomConnection;
  user: TicketHolder | undefined;
  /** False until the socket's first message (normally its `sync`) or the grace period: live events wait in `held`. */
  ready: boolean;
  held: string[];
  graceTimer: ReturnType<typeof setTimeout> | undefined;
  bucket: TokenBucket;
}

const encoder = new TextEncoder();

function stopGrace(member: Member): void {
  if (member.graceTimer !== undefined) clearTimeout(member.graceTimer);
  member.graceTimer = undefined;
}

/**
 * A room in PartyKit's Party.Server shape (onStart/onConnect/onMessage/onClose/onRequest) that
 * relays the API's sequenced events in order. Each host copy of the room remembers the last seq it
 * delivered: a duplicate is dropped, a gap (two publishes raced, or one was lost) is filled from the
 * log before the newer event goes out. Work that touches the sequence runs one task at a time.
 */
export abstract class EventRoom {
  abstract readonly party: Party;
  protected readonly tracksPresence: boolean = false;
  protected readonly members = new Map<string, Member>();
  protected readonly limits: RoomLimits;
  private readonly secret: string;
  private lastSeq: number | undefined;
  private presenceVersion = Number.NEGATIVE_INFINITY;
  private queue: Promise<void> = Promise.resolve();
  // A client may speak (its `sync`) before its admission finished; its messages wait for it.
  private readonly admitting = new Map<string, Promise<void>>();

  constructor(
    readonly room: RoomContext,
    protected readonly services: RoomServices,
  ) {
    this.limits = { ...defaultRoomLimits, ...services.limits };
    this.secret = realtimeSecretOf(room.env);
  }

  get roomName(): RoomName {
    return `${this.party}/${this.room.id}`;
  }

  /** Refuses a reader who passed the door but may not be here; returns the close reason. */
  protected abstract authorize(user: TicketHolder | undefined): Promise<string | undefined>;

  /** Called for every event this copy delivers, after its clients have it. */
  protected onEvent(_event: SequencedEvent): void {}

  async onStart(): Promise<void> {
    try {
      this.lastSeq = (await this.services.backend.eventsSince(this.roomName, 0, 0)).latestSeq;
    } catch (error) {
      // The first event to arrive becomes the baseline instead.
      this.services.logger.warn('realtime room could not read its log', { room: this.roomName, error: String(error) });
    }
  }

  async onConnect(conn: RoomConnection, ctx: { request: { url: string } }): Promise<void> {
    const admission = this.admit(conn, ctx.request);
    this.admitting.set(conn.id, admission);
    try {
      await admission;
    } finally {
      this.admitting.delete(conn.id);
    }
  }

  private async admit(conn: RoomConnection, request: { url: string }): Promise<void> {
    const ticket = new URL(request.url).searchParams.get('ticket');
    let user: TicketHolder | undefined;
    if (ticket) {
      const check = await verifyTicket(this.secret, ticket, this.roomName, this.now());
      if (!check.ok) return conn.close(closeCodes.policyViolation, 'Ticket refused');
      user = check.user;
    }
    let refusal: string | undefined;
    try {
      refusal = await this.authorize(user);
    } catch (error) {
      this.services.logger.error('realtime room could not authorize', { room: this.roomName, error: String(error) });
      return conn.close(1011, 'Room unavailable');
    }
    if (refusal) return conn.close(closeCodes.policyViolation, refusal);
    const member: Member = {
      conn,
      user,
      ready: false,
      held: [],
      graceTimer: undefined,
      bucket: new TokenBucket(this.limits.burst, this.limits.perSecond),
    };
    member.graceTimer = setTimeout(() => this.serially(() => this.markReady(member)), this.limits.syncGraceMs);
    this.members.set(conn.id, member);
    await this.membersChanged();
  }

  async onMessage(raw: string | ArrayBuffer | ArrayBufferView, conn: RoomConnection): Promise<void> {
    const admission = this.admitting.get(conn.id);
    if (admission) await admission;
    const member = this.members.get(conn.id);
    if (!member) return;
    if (typeof raw !== 'string') return conn.close(closeCodes.unsupportedData, 'Binary messages are not supported');
    if (raw.length > this.limits.maxMessageBytes || encoder.encode(raw).byteLength > this.limits.maxMessageBytes) {
      return conn.close(closeCodes.messageTooBig, `Messages are limited to ${this.limits.maxMessageBytes} bytes`);
    }
    if (!member.bucket.take()) return conn.close(closeCodes.policyViolation, 'Too many messages');
    const message = parseClientMessage(raw);
    if (!message) return conn.close(closeCodes.unsupportedData, 'Not a message of this protocol');
    switch (message.type) {
      case 'sync':
        return this.serially(() => this.replay(member, message.data.since));
      case 'ping':
        conn.send(encodeServerMessage('pong', {}));
        return this.serially(() => this.markReady(member));
      case 'typing':
        await this.relayTyping(member);
        return this.serially(() => this.markReady(member));
    }
  }

  async onClose(conn: RoomConnection): Promise<void> {
    const admission = this.admitting.get(conn.id);
    if (admission) await admission;
    const member = this.members.get(conn.id);
    if (!member) return;
    stopGrace(member);
    this.members.delete(conn.id);
    await this.membersChanged();
  }

  /** A socket that failed is gone all the same. */
  onError(conn: RoomConnection): Promise<void> {
    return this.onClose(conn);
  }

  /** The API's publish: verified here, then fanned out to every host of the room. */
  async onRequest(request: Request): Promise<Response> {
    const accepted = await acceptPublish(this.roomName, request, this.secret);
    if ('response' in accepted) return accepted.response;
    await this.services.transport.fanOut({ kind: 'event', event: accepted.event });
    return Response.json({ accepted: accepted.event.seq }, { status: 202 });
  }

  /** Takes a message fanned out by any host of this room and passes it to this copy's sockets. */
  receive(message: FanOutMessage): Promise<void> {
    switch (message.kind) {
      case 'event':
        return this.serially(() => this.deliver(message.event));
      case 'typing': {
        const frame = encodeServerMessage('typing', { user: message.user });
        for (const member of this.members.values()) if (member.conn.id !== message.from) member.conn.send(frame);
        return Promise.resolve();
      }
      case 'presence': {
        if (message.version <= this.presenceVersion) return Promise.resolve();
        this.presenceVersion = message.version;
        const frame = encodeServerMessage('presence', { count: message.count });
        for (const member of this.members.values()) member.conn.send(frame);
        return Promise.resolve();
      }
    }
  }

  protected now(): Date {
    return this.services.now?.() ?? new Date();
  }

  private serially(task: () => Promise<void> | void): Promise<void> {
    const run = this.queue.then(task).catch((error) => {
      this.services.logger.error('realtime room task failed', { room: this.roomName, error: String(error) });
    });
    this.queue = run;
    return run;
  }

  private async deliver(event: SequencedEvent): Promise<void> {
    if (this.lastSeq !== undefined && event.seq <= this.lastSeq) return;
    if (this.lastSeq !== undefined && event.seq > this.lastSeq + 1) await this.fillGap(this.lastSeq, event.seq);
    if (this.lastSeq === undefined || event.seq > this.lastSeq) this.broadcastEvent(event);
  }

  private async fillGap(after: number, before: number): Promise<void> {
    try {
      const page = await this.services.backend.eventsSince(this.roomName, after, before - after - 1);
      for (const event of page.events) if (event.seq < before) this.broadcastEvent(event);
    } catch (error) {
      this.services.logger.warn('realtime gap not filled', {
        room: this.roomName,
        after,
        before,
        error: String(error),
      });
    }
  }

  private broadcastEvent(event: SequencedEvent): void {
    this.lastSeq = event.seq;
    const frame = encodeServerMessage(event.type, event.data, event.seq);
    for (const member of this.members.values()) {
      if (member.ready) member.conn.send(frame);
      else member.held.push(frame);
    }
    this.onEvent(event);
  }

  private markReady(member: Member): void {
    if (member.ready) return;
    stopGrace(member);
    member.ready = true;
    for (const frame of member.held) member.conn.send(frame);
    member.held = [];
  }

  private async replay(member: Member, since: number): Promise<void> {
    let page: Awaited<ReturnType<RoomServices['backend']['eventsSince']>>;
    try {
      page = await this.services.backend.eventsSince(this.roomName, since, this.limits.maxReplay);
    } catch (error) {
      this.services.logger.warn('realtime sync failed', { room: this.roomName, error: String(error) });
      member.conn.send(encodeServerMessage('error', { code: 'sync_failed', message: 'Could not replay; try again' }));
      return this.markReady(member);
    }
    // Logged events this copy has not delivered (a publish still in flight, or lost) go to everyone first.
    if (this.lastSeq === undefined) this.lastSeq = page.latestSeq;
    for (const event of page.events) if (event.seq > (this.lastSeq ?? 0)) this.broadcastEvent(event);
    const lastReplayed = page.events.at(-1)?.seq ?? since;
    const reset = since > page.latestSeq || since + 1 < page.oldestSeq || lastReplayed < page.latestSeq;
    stopGrace(member);
    // Whatever was held for this socket is part of the replay.
    member.held = [];
    if (!reset)
      for (const event of page.events) member.conn.send(encodeServerMessage(event.type, event.data, event.seq));
    member.ready = true;
    member.conn.send(encodeServerMessage('sync.done', { seq: this.lastSeq ?? page.latestSeq, reset }));
  }

  private async relayTyping(member: Member): Promise<void> {
    if (this.party !== 'post') {
      return member.conn.send(
        encodeServerMessage('error', { code: 'unsupported', message: 'Typing is for post rooms' }),
      );
    }
    if (!member.user) {
      return member.conn.send(encodeServerMessage('error', { code: 'unauthenticated', message: 'Sign in to type' }));
    }
    const user = { id: member.user.userId, username: member.user.username };
    await this.services.transport.fanOut({ kind: 'typing', user, from: member.conn.id });
  }

  private async membersChanged(): Promise<void> {
    await this.sharePresence(true);
  }

  /**
   * Asks the transport for the room's count again and tells every copy if it moved. The Node host
   * calls it on a timer: the count of an instance that died without saying so drops out once its
   * heartbeat expires, and nobody joining or leaving would otherwise recount.
   */
  refreshPresence(): Promise<void> {
    return this.sharePresence(false);
  }

  // A recount never writes this host's own count: one racing a reader's departure would put it back.

  private lastSharedCount: number | undefined;

  private async sharePresence(always: boolean): Promise<void> {
    if (!this.tracksPresence) return;
    try {
      const presence = await this.services.transport.presence(always ? this.members.size : -1);
      if (!always && presence.count === this.lastSharedCount) return;
      this.lastSharedCount = presence.count;
      await this.services.transport.fanOut({ kind: 'presence', ...presence });
    } catch (error) {
      this.services.logger.warn('realtime presence not shared', { room: this.roomName, error: String(error) });
    }
  }
}

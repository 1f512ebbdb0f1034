import type { TicketHolder } from '../tokens';
import { admitConnection, type Lobby } from './admission';
import { EventRoom } from './event-room';

/** `user/<userId>`: that user's notifications and unread count, for that user only. */
export class UserRoom extends EventRoom {
  readonly party = 'user' as const;

  static onBeforeConnect(request: Request, lobby: Lobby): Promise<Request | Response> {
    return admitConnection('user', request, lobby);
  }

  protected override async authorize(user: TicketHolder | undefined): Promise<string | undefined> {
    return user?.userId === this.room.id ? undefined : 'Only the owner may join this room';
  }
}

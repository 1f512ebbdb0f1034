import type * as Party from 'partykit/server';
import { PostRoom } from '../rooms/post';
import { partykitServices, type RoomSlot } from './services';

/** PartyKit entry of the `post` party: the shared PostRoom with PartyKit's services. */
export default class PostParty extends PostRoom {
  constructor(room: Party.Room) {
    const slot: RoomSlot = {};
    super(room, partykitServices(room, slot));
    slot.receive = (message) => this.receive(message);
  }
}

PostParty satisfies Party.Worker;

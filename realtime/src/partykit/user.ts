import type * as Party from 'partykit/server';
import { UserRoom } from '../rooms/user';
import { partykitServices, type RoomSlot } from './services';

/** PartyKit entry of the `user` party: the shared UserRoom with PartyKit's services. */
export default class UserParty extends UserRoom {
  constructor(room: Party.Room) {
    const slot: RoomSlot = {};
    super(room, partykitServices(room, slot));
    slot.receive = (message) => this.receive(message);
  }
}

UserParty satisfies Party.Worker;

import type * as Party from 'partykit/server';

/** PartyKit requires a main party; Edgepress only uses `post` and `user`, so this one admits nobody. */
export default class MainParty {
  constructor(readonly room: Party.Room) {}

  static onBeforeConnect(): Response {
    return new Response('No such room', { status: 404 });
  }

  static onBeforeRequest(): Response {
    return new Response('No such room', { status: 404 });
  }
}

MainParty satisfies Party.Worker;

import type { SequencedEvent } from '../protocol';
import type { TicketHolder } from '../tokens';
import { admitConnection, type Lobby } from './admission';
import { EventRoom } from './event-room';

const publicStatusTtlMs = 30_000;

/** `post/<postId>`: live comments, likes and edits, readers present, typing from signed-in readers. */
export class PostRoom extends EventRoom {
  readonly party = 'post' as const;
  protected override readonly tracksPresence = true;
  private publicStatus: { value: boolean; at: number } | undefined;

  static onBeforeConnect(request: Request, lobby: Lobby): Promise<Request | Response> {
    return admitConnection('post', request, lobby);
  }

  /** A ticket means the API already checked the caller may see the post; without one it must be public. */
  protected override async authorize(user: TicketHolder | undefined): Promise<string | undefined> {
    if (user) return undefined;
    return (await this.isPublic()) ? undefined : 'This post is not published';
  }

  protected override onEvent(event: SequencedEvent): void {
    if (event.type !== 'post.updated') return;
    const post = event.data as { status?: string; publishedAt?: string | null };
    const visible =
      post.status === 'published' ||
      (post.status === 'scheduled' && !!post.publishedAt && Date.parse(post.publishedAt) <= this.now().getTime());
    this.publicStatus = { value: visible, at: this.now().getTime() };
  }

  // Cached briefly: a scheduled post turns public without any event reaching the room.
  private async isPublic(): Promise<boolean> {
    const now = this.now().getTime();
    if (this.publicStatus && now - this.publicStatus.at < publicStatusTtlMs) return this.publicStatus.value;
    const value = await this.services.backend.postIsPublic(this.room.id);
    this.publicStatus = { value, at: now };
    return value;
  }
}

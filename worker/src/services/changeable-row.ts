import { AppError, notFound } from '../errors';

/**
 * The one check behind every "change this row" write: the row the caller's select found (usually
 * `FOR UPDATE`, so the caller decides which rows are locked and in what order, ADR 0100) is a 404
 * named `what` when it is missing or `see` hides it from the viewer, and a 403 with `refusal` when
 * the viewer may see but not change it.
 */
export async function changeableRow<Row, Seen>(
  rows: PromiseLike<Row[]>,
  what: string,
  see: (row: Row) => Seen | undefined | Promise<Seen | undefined>,
  mayChange: (seen: Seen) => boolean,
  refusal: string,
): Promise<Seen> {
  const [row] = await rows;
  const seen = row === undefined ? undefined : await see(row);
  if (seen === undefined) throw notFound(what);
  if (!mayChange(seen)) throw new AppError('forbidden', refusal);
  return seen;
}

import { describe, expect, it } from 'vitest';
import { tagSlug as serverTagSlug } from '../../../worker/src/schemas/posts';
import { tagSlug } from './tag-slug';

describe('tagSlug', () => {
  it('links tags exactly where the API files them', () => {
    for (const name of [
      'gardening',
      'Winter Birds',
      'C++ & Rust',
      'Ｆｕｌｌ width',
      'été',
      '  --edge--  ',
      '#hash.tag',
    ]) {
      expect(tagSlug(name)).toBe(serverTagSlug(name));
    }
  });
});

import { describe, expect, it } from 'vitest';
import {
  hasPlaceholder,
  imagesWithoutAlt,
  insertAt,
  replacePlaceholder,
  setAltText,
  uploadPlaceholder,
} from './markdown-images';

describe('image markdown in the editor', () => {
  it('inserts at the cursor as its own paragraph and puts the cursor after it', () => {
    const { text, cursor } = insertAt('one two', 3, 3, '![](x)');
    expect(text).toBe('one\n\n![](x)\n\n two');
    expect(text.slice(0, cursor)).toBe('one\n\n![](x)');
    expect(insertAt('', 0, 0, '![](x)').text).toBe('![](x)');
    expect(insertAt('a\n\nb', 3, 3, '![](x)').text).toBe('a\n\n![](x)\n\nb');
  });

  it('moves a placeholder from progress to the uploaded image, wherever typing moved it', () => {
    const start = insertAt('intro', 5, 5, uploadPlaceholder('u1', 'cat [1].png', 0)).text;
    expect(start).toBe('intro\n\n![Uploading cat 1.png… 0%](uploading:u1)');
    const typedBefore = `Title line\n${replacePlaceholder(start, 'u1', uploadPlaceholder('u1', 'cat.png', 0.5))}`;
    expect(typedBefore).toContain('![Uploading cat.png… 50%](uploading:u1)');
    const done = replacePlaceholder(typedBefore, 'u1', '![](/media/a.png)');
    expect(done).toBe('Title line\nintro\n\n![](/media/a.png)');
    expect(hasPlaceholder(done, 'u1')).toBe(false);
  });

  it('leaves nothing behind when an upload fails', () => {
    const text = insertAt('before after', 6, 7, uploadPlaceholder('u2', 'x.png', 0.3)).text;
    expect(replacePlaceholder(text, 'u2', '')).toBe('before\n\nafter');
    const atEnd = insertAt('only text', 9, 9, uploadPlaceholder('u3', 'x.png', 0)).text;
    expect(replacePlaceholder(atEnd, 'u3', '')).toBe('only text');
  });

  it('finds images without alt text and fills it in', () => {
    const text = '![](/media/a.png) ![Described](/media/b.png)\n\n![ ](/media/c.png) ![](uploading:u9)';
    expect(imagesWithoutAlt(text)).toEqual(['/media/a.png', '/media/c.png']);
    const described = setAltText(text, '/media/c.png', 'A cat [asleep]');
    expect(described).toContain('![A cat asleep](/media/c.png)');
    expect(imagesWithoutAlt(described)).toEqual(['/media/a.png']);
  });
});

import { describe, expect, it } from 'vitest';
import { safeNext } from './safe-next';

const origin = 'https://blog.example';

describe('safeNext', () => {
  it('keeps a same-origin path with its query and hash', () => {
    expect(safeNext('/p/hello?x=1#comment-2', origin)).toBe('/p/hello?x=1#comment-2');
  });

  it.each([
    ['the probe: a tab that browsers drop', '/\t/evil.example/'],
    ['a newline', '/\n/evil.example/'],
    ['a carriage return', '/\r/evil.example'],
    ['a NUL', '/\u0000/evil.example'],
    ['a DEL', '/\u007f/evil.example'],
    ['a backslash', '/\\evil.example'],
    ['a protocol-relative URL', '//evil.example/'],
    ['an absolute URL', 'https://evil.example/'],
    ['a javascript: URL', 'javascript:alert(1)'],
    ['a relative path', 'settings'],
    ['nothing', null],
  ])('sends %s home', (_name, next) => {
    expect(safeNext(next, origin)).toBe('/');
  });

  it('decodes nothing itself: a percent-encoded tab stays text in the path', () => {
    expect(safeNext('/%09/evil.example/', origin)).toBe('/%09/evil.example/');
  });
});

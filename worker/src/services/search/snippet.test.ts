import { describe, expect, it } from 'vitest';
import { snippetHtml, highlightStart as start, highlightStop as stop } from './snippet';

describe('snippetHtml', () => {
  it('turns the markers into <mark> and escapes everything else', () => {
    expect(snippetHtml(`a <b> & "c" 'd' ${start}hit${stop} <script>x</script>`)).toBe(
      'a &lt;b&gt; &amp; &quot;c&quot; &#39;d&#39; <mark>hit</mark> &lt;script&gt;x&lt;/script&gt;',
    );
  });

  it('never leaves a <mark> open or closes one that is not open', () => {
    expect(snippetHtml(`${stop}a${start}b${start}c`)).toBe('a<mark>bc</mark>');
  });

  it('keeps a literal "<mark>" in the text inert', () => {
    expect(snippetHtml('<mark onclick=x>')).toBe('&lt;mark onclick=x&gt;');
  });
});

import { defaultSchema, type Options as SanitizeSchema } from 'rehype-sanitize';

/**
 * GitHub's sanitation schema, tightened: links only to http(s) and mailto, images and quotes only
 * from http(s) (relative image paths are checked separately), no `longDesc`. Raw HTML never gets
 * this far: remark-rehype drops it because `allowDangerousHtml` is off, so users cannot write ids.
 */
export const markdownSchema: SanitizeSchema = {
  ...defaultSchema,
  attributes: {
    ...defaultSchema.attributes,
    img: ['alt', 'src', 'title', 'width', 'height'],
  },
  // remark-rehype already prefixes the only ids markdown can produce (footnotes) with `user-content-`;
  // prefixing again here would break footnote links.
  clobberPrefix: '',
  protocols: {
    href: ['http', 'https', 'mailto'],
    cite: ['http', 'https'],
    src: ['http', 'https'],
  },
};

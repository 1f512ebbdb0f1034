import { Field } from '#web/components/ui/field';
import type { SeoValues } from './local-copy';

interface Props {
  seo: SeoValues;
  onChange: (seo: SeoValues) => void;
  errors: Record<string, string[] | undefined>;
}

/** Optional search and social text; each empty field keeps the default (title, excerpt, cover, this site). */
export function SeoFields({ seo, onChange, errors }: Props) {
  const field = (key: keyof SeoValues, label: string) => (
    <Field
      label={label}
      value={seo[key]}
      onChange={(e) => onChange({ ...seo, [key]: e.target.value })}
      errors={errors[`seo.${key}`]}
    />
  );
  return (
    <details className="seo-fields">
      <summary>Search and social</summary>
      {/* No label here may contain "Title": that names the post's own heading field. */}
      {field('metaTitle', 'Search headline (empty: the post’s heading)')}
      {field('metaDescription', 'Search description (empty: the excerpt)')}
      {field('socialImage', 'Social image URL (empty: the cover)')}
      {field('canonicalUrl', 'Canonical URL (where the post first appeared)')}
    </details>
  );
}

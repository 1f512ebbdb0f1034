import type { Element, Root, RootContent } from 'hast';
import { responsiveImage, type StoredImage } from '../media/responsive-image';

function visit(children: RootContent[], images: Map<string, StoredImage>): void {
  for (const child of children) {
    if (child.type !== 'element') continue;
    if (child.tagName === 'img') upgrade(child, images);
    visit(child.children, images);
  }
}

function upgrade(img: Element, images: Map<string, StoredImage>): void {
  const src = img.properties.src;
  const responsive = typeof src === 'string' ? responsiveImage(src, images) : undefined;
  if (!responsive) return;
  img.properties.src = responsive.src;
  if (responsive.srcSet) img.properties.srcSet = responsive.srcSet;
  if (responsive.sizes) img.properties.sizes = responsive.sizes;
  img.properties.width = responsive.width;
  img.properties.height = responsive.height;
  img.properties.decoding = 'async';
}

/**
 * Runs after sanitizing, on attributes this code writes itself: uploaded images get their upright
 * variants in `srcset` and their size, so a phone fetches about what it shows (ADR 0082).
 */
export function makeImagesResponsive(tree: Root, images: Map<string, StoredImage>): void {
  if (images.size > 0) visit(tree.children, images);
}

import type { Product } from './portal';

/**
 * Finding products: by service tag (exact or prefix) and by model prefix, both case-insensitive, and the orders
 * a product list may come in. Service tags are case-insensitive (vendors print them in capitals; people type
 * them either way): Portico keeps them upper case, from the import on, so a tag search is a key range.
 */

/** `supportEndDate` is soonest first, `-supportEndDate` latest first. */
export const PRODUCT_ORDERS = ['serviceTag', 'supportEndDate', '-supportEndDate'] as const;
export type ProductOrder = (typeof PRODUCT_ORDERS)[number];

export interface ProductSearch {
  /** Upper case (normalizeServiceTag). */
  readonly serviceTag?: { readonly value: string; readonly exact: boolean } | undefined;
  /** A model prefix in its key form (modelKey). */
  readonly model?: string | undefined;
}

/** The one spelling of a service tag Portico stores and looks up. */
export function normalizeServiceTag(serviceTag: string): string {
  return serviceTag.toUpperCase();
}

/** How a model is compared and searched: Unicode-normalized, lower case. */
export function modelKey(model: string): string {
  return model.normalize('NFKC').toLowerCase();
}

export function matchesSearch(
  product: Pick<Product, 'serviceTag' | 'model'>,
  search: ProductSearch,
): boolean {
  const { serviceTag, model } = search;
  const tag = normalizeServiceTag(product.serviceTag);
  if (serviceTag && !(serviceTag.exact ? tag === serviceTag.value : tag.startsWith(serviceTag.value))) {
    return false;
  }
  return model === undefined || modelKey(product.model).startsWith(model);
}

function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** The order a list comes in: by `order`, else as a search lists (model search: by model), ties by tag. */
export function compareProducts(
  order: ProductOrder | undefined,
  search: ProductSearch,
): (a: Product, b: Product) => number {
  const byTag = (a: Product, b: Product) => compareText(a.serviceTag, b.serviceTag);
  switch (order) {
    case 'supportEndDate':
      return (a, b) => compareText(a.supportEndDate, b.supportEndDate) || byTag(a, b);
    case '-supportEndDate':
      return (a, b) => compareText(b.supportEndDate, a.supportEndDate) || byTag(b, a);
    case 'serviceTag':
      return byTag;
    case undefined:
      return search.model !== undefined && search.serviceTag === undefined
        ? (a, b) => compareText(modelKey(a.model), modelKey(b.model)) || byTag(a, b)
        : byTag;
  }
}

/**
 * Why a search and an order cannot go together, if they cannot: a search reads a key range of its own (tags, or
 * models), in its own order; sorting its results otherwise would mean reading all of them first.
 */
export function orderConflict(order: ProductOrder | undefined, search: ProductSearch): string | undefined {
  if (order === undefined) return undefined;
  if (search.serviceTag !== undefined && order !== 'serviceTag') {
    return 'a service tag search lists in service tag order';
  }
  if (search.serviceTag === undefined && search.model !== undefined) {
    return 'a model search lists in model order';
  }
  return undefined;
}

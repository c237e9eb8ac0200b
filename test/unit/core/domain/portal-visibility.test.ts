import { describe, expect, it } from 'vitest';
import {
  DEFAULT_VISIBILITY,
  EVERYTHING,
  inScope,
  intersectScopes,
  isEmptyScope,
  viewerScope,
} from '../../../../functions/core/domain/portal-visibility';

const MUNICH_SERVER = { siteId: 'MUC-1', family: 'PowerEdge' };
const LYON_LAPTOP = { siteId: 'LYO-1', family: 'Latitude' };

describe('viewerScope', () => {
  it('lets an administrator see everything, whatever the rules say', () => {
    const scope = viewerScope('ADMINISTRATOR', { sites: [], families: [], revision: 3 });

    expect(scope).toBe(EVERYTHING);
    expect(inScope(scope, MUNICH_SERVER)).toBe(true);
  });

  it('lets a member see everything under the default rules', () => {
    const scope = viewerScope('MEMBER', DEFAULT_VISIBILITY);

    expect(inScope(scope, MUNICH_SERVER)).toBe(true);
    expect(inScope(scope, LYON_LAPTOP)).toBe(true);
  });

  it('lets a member see a product only when both its site and its family are allowed', () => {
    const scope = viewerScope('MEMBER', { sites: ['MUC-1', 'LYO-1'], families: ['PowerEdge'], revision: 2 });

    expect(inScope(scope, MUNICH_SERVER)).toBe(true);
    expect(inScope(scope, LYON_LAPTOP)).toBe(false);
    expect(inScope(scope, { siteId: 'BER-1', family: 'PowerEdge' })).toBe(false);
  });

  it('hides everything from a member when an allow list is empty', () => {
    const scope = viewerScope('MEMBER', { sites: [], families: 'ALL', revision: 2 });

    expect(isEmptyScope(scope)).toBe(true);
    expect(inScope(scope, MUNICH_SERVER)).toBe(false);
  });
});

describe('intersectScopes', () => {
  it('keeps what both scopes allow', () => {
    const scope = intersectScopes(
      { sites: new Set(['MUC-1', 'BER-1']), families: 'ALL' },
      { sites: new Set(['BER-1', 'LYO-1']), families: new Set(['PowerEdge']) },
    );

    expect(scope).toEqual({ sites: new Set(['BER-1']), families: new Set(['PowerEdge']) });
  });
});

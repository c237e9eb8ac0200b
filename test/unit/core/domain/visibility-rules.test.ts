import { describe, expect, it } from 'vitest';
import { DEFAULT_VISIBILITY } from '../../../../functions/core/domain/portal-visibility';
import {
  changedRules,
  NOT_A_FAMILY,
  NOT_A_SITE,
  rulesProblems,
} from '../../../../functions/core/domain/visibility-rules';
import { counts, siteCounters } from '../../portal.fixtures';

const SITES = [
  siteCounters({ siteId: 'MUC-1' }, { PowerEdge: counts(2) }),
  siteCounters({ siteId: 'LYO-1' }, { Precision: counts(1) }),
];

describe('rulesProblems', () => {
  it('accepts ALL, empty lists, and lists of existing sites and known families', () => {
    expect(rulesProblems({ sites: 'ALL', families: 'ALL' }, [])).toEqual([]);
    expect(rulesProblems({ sites: [], families: [] }, [])).toEqual([]);
    expect(rulesProblems({ sites: ['LYO-1'], families: ['PowerEdge'] }, SITES)).toEqual([]);
  });

  it('names every site that does not exist and every family no site has', () => {
    const problems = rulesProblems(
      { sites: ['MUC-1', 'NH-HQ'], families: ['Rugged Tablet', 'Precision'] },
      SITES,
    );

    expect(problems).toEqual([
      { pointer: '/sites/1', detail: NOT_A_SITE },
      { pointer: '/families/0', detail: NOT_A_FAMILY },
    ]);
  });
});

describe('changedRules', () => {
  it('records who changed the rules and when, one revision on', () => {
    const now = new Date('2025-03-03T09:00:00.000Z');

    const next = changedRules(DEFAULT_VISIBILITY, { sites: ['MUC-1'], families: 'ALL' }, 'user-ada', now);

    expect(next).toEqual({
      sites: ['MUC-1'],
      families: 'ALL',
      updatedAt: '2025-03-03T09:00:00.000Z',
      updatedBy: 'user-ada',
      revision: 1,
    });
  });
});

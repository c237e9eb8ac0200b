import { describe, expect, it } from 'vitest';
import type { ExportJob } from '../../../../../functions/core/domain/export-job';
import type { ExportJobRef, ExportJobStore } from '../../../../../functions/core/ports';
import { runExport, startExport } from '../../../../../functions/core/use-cases/portal/export-jobs';
import { anOrganization } from '../../../fixtures';
import { acmeWorld, ADMIN } from './acme';

/** Jobs kept in memory, and the workflows started. */
function exportsOf() {
  const jobs = new Map<string, ExportJob>();
  const started: ExportJobRef[] = [];
  const store: ExportJobStore = {
    create: async (job) => void jobs.set(job.exportId, job),
    get: async (_organizationId, _ownerId, exportId) => jobs.get(exportId),
    update: async (job) => void jobs.set(job.exportId, job),
  };
  return { jobs, started, store, workflow: { start: async (job: ExportJobRef) => void started.push(job) } };
}

describe('startExport', () => {
  it('stores the job and starts it after one read of the overview, which carries the organization’s status', async () => {
    const world = acmeWorld();
    const exports = exportsOf();

    const job = await startExport(
      { ...world.portal, exports: exports.store, workflow: exports.workflow },
      world.admin,
      { format: 'csv', selection: { site: 'MUC-1' } },
    );

    expect(job).toMatchObject({ state: 'QUEUED', format: 'csv', site: 'MUC-1' });
    expect(exports.started).toEqual([expect.objectContaining({ exportId: job.exportId })]);
    expect(world.inventory.calls).toEqual(['overview']);
  });

  it('answers 403 organization-deactivated, storing no job, for an organization operators deactivated', async () => {
    const world = acmeWorld();
    world.organizations.add(anOrganization({ status: 'SUSPENDED' }));
    const exports = exportsOf();

    await expect(
      startExport({ ...world.portal, exports: exports.store, workflow: exports.workflow }, world.admin, {
        format: 'csv',
        selection: { group: 'grp-unknown-000001' },
      }),
    ).rejects.toMatchObject({ status: 403, type: 'organization-deactivated' });
    expect(exports.jobs.size).toBe(0);
    expect(exports.started).toEqual([]);
  });
});

describe('runExport', () => {
  it('fails the job with the reason when the organization was deactivated after it started', async () => {
    const world = acmeWorld();
    world.accounts.seedAccount(ADMIN);
    const exports = exportsOf();
    const deps = { ...world.portal, exports: exports.store, workflow: exports.workflow };
    const job = await startExport(deps, world.admin, { format: 'csv', selection: {} });
    world.organizations.add(anOrganization({ status: 'SUSPENDED' }));
    const written: string[] = [];

    const state = await runExport(
      {
        ...deps,
        files: {
          write: async (key) => {
            written.push(key);
            return { bytes: 0 };
          },
        },
      },
      { organizationId: 'org-acme', ownerId: ADMIN.userId, exportId: job.exportId },
    );

    expect(state).toBe('FAILED');
    expect(exports.jobs.get(job.exportId)?.failure).toMatch(/deactivated/);
    expect(written).toEqual([]);
  });
});

import { csvHeader, csvLine, exportFileName } from '../core/domain/product-export';
import { earlyExportReads, exportProducts } from '../core/use-cases/portal/export-products';
import { requirePortalMemberReading } from '../core/use-cases/portal-access';
import {
  portalAccess,
  portalInventory,
  portalOverview,
  portalSettings,
  recentPortalReads,
  systemClock,
} from '../core/wiring';
import { apiHandler } from '../http/api-handler';
import { exportProductsRoute } from './export-products.route';

export const handler = apiHandler(exportProductsRoute, async ({ caller, query }) => {
  const deps = {
    inventory: portalInventory(),
    settings: portalSettings(),
    overview: portalOverview(),
    recent: recentPortalReads(),
    clock: systemClock,
  };
  // The organization's status comes with the overview exportProducts reads (prepareExport checks it).
  const { member, early } = await requirePortalMemberReading(
    portalAccess(),
    caller,
    earlyExportReads(deps, caller.userId, query),
  );
  const { asOf, rows } = await exportProducts(deps, member, query, early);
  const disposition = `attachment; filename="${exportFileName(query.format, asOf)}"`;
  if (query.format === 'json') {
    const headers: Record<string, string> = { 'Content-Disposition': disposition };
    return { status: 200, body: { asOf, count: rows.length, items: rows }, headers };
  }
  return {
    status: 200,
    text: csvHeader() + rows.map(csvLine).join(''),
    headers: { 'Content-Type': 'text/csv; charset=utf-8', 'Content-Disposition': disposition },
  };
});

import { exportMyData } from '../core/use-cases/account/export-data';
import { accountStore, personalDataReader, systemClock } from '../core/wiring';
import { apiHandler } from '../http/api-handler';
import { exportDataRoute } from './export-data.route';

export const handler = apiHandler(exportDataRoute, async ({ caller }) => ({
  status: 200,
  headers: { 'Content-Disposition': 'attachment; filename="portico-export.json"' },
  body: await exportMyData(
    { accounts: accountStore(), personalData: personalDataReader(), clock: systemClock },
    caller,
  ),
}));

import { listSuppressedAddresses } from '../core/use-cases/operator/suppressed-addresses';
import { suppressionList } from '../core/wiring';
import { apiHandler } from '../http/api-handler';
import { listSuppressedAddressesRoute } from './list-suppressed-addresses.route';

export const handler = apiHandler(listSuppressedAddressesRoute, async ({ query }) => ({
  status: 200,
  body: await listSuppressedAddresses({ suppressions: suppressionList() }, query),
}));

import * as z from 'zod/mini';
import { en } from 'zod/locales';

/**
 * zod/mini loads no locale: without one, every issue's message is just "Invalid input". Importing this module
 * gives zod's English messages (about 3 KB of bundle), which the field problems of a 400 show and the logs
 * carry. Every entry point that validates imports it: functions/http/request.ts for the API functions, the
 * review and jobs handlers. Import `en` itself: `z.locales.en()` would bundle every locale (270 KB).
 */
z.config(en());

import { createRequire } from 'node:module';
import { join } from 'node:path';
import type { Context } from 'cognito-local/lib/services/context';
import { parityRouter, withCaseInsensitiveSignIn, withStandardClaims } from './cognito-parity';
import { UnreadableDataFileError } from '../durable-file';
import { DurableJsonDataStoreFactory, removeLeftoverTemporaryFiles } from './cognito-data-store';

/**
 * The cognito-local server as its own `createDefaultServer` builds it (same services, same router), with two
 * changes: its data lives in DurableJsonDataStore (crash-safe writes; an unreadable file stops the start), and
 * where it behaves differently from Cognito in ways Portico depends on, cognito-parity.ts corrects it (letter
 * case at sign-in, disabled users, ListUsers pages).
 * Run in its own process (local/emulators/cognito-local.ts), in the folder that holds `.cognito/`; PORT and
 * HOST as for cognito-local. Exits with status 3 and the reason on stderr when a data file is unreadable.
 */

const require = createRequire(import.meta.url);
const AWS = require('aws-sdk') as { Lambda: new (config: unknown) => unknown };
const services = require('cognito-local/lib/services');
const { CognitoServiceFactoryImpl } = require('cognito-local/lib/services/cognitoService');
const { CryptoService } = require('cognito-local/lib/services/crypto');
const { ConsoleMessageSender } = require('cognito-local/lib/services/messageDelivery/consoleMessageSender');
const { MessageDeliveryService } = require('cognito-local/lib/services/messageDelivery/messageDelivery');
const { otp } = require('cognito-local/lib/services/otp');
const { JwtTokenGenerator } = require('cognito-local/lib/services/tokenGenerator');
const { UserPoolServiceFactoryImpl } = require('cognito-local/lib/services/userPoolService');
const { loadConfig } = require('cognito-local/lib/server/config');
const { Router } = require('cognito-local/lib/server/Router');
const { createServer } = require('cognito-local/lib/server/server');
const pino = require('pino') as (options: object) => Context['logger'];

async function start(): Promise<void> {
  const configDirectory = '.cognito';
  const dataDirectory = join(configDirectory, 'db');
  removeLeftoverTemporaryFiles(configDirectory);
  removeLeftoverTemporaryFiles(dataDirectory);
  const logger = pino({ level: process.env.DEBUG ? 'debug' : 'warn' });
  const ctx = { logger };
  const config = await loadConfig(ctx, new DurableJsonDataStoreFactory(configDirectory));
  const clock = new services.DateClock();
  const dataStoreFactory = new DurableJsonDataStoreFactory(dataDirectory);
  const poolFactory = new UserPoolServiceFactoryImpl(clock, dataStoreFactory);
  const caseAwarePools = {
    create: async (...args: unknown[]) => withCaseInsensitiveSignIn(await poolFactory.create(...args)),
  };
  const cognitoClient = await new CognitoServiceFactoryImpl(
    dataDirectory,
    dataStoreFactory,
    caseAwarePools,
  ).create(ctx, config.UserPoolDefaults);
  const triggers = new services.TriggersService(
    clock,
    cognitoClient,
    new services.LambdaService(config.TriggerFunctions, new AWS.Lambda(config.LambdaClient)),
    new CryptoService(config.KMSConfig),
  );
  const serverServices = {
    clock,
    cognito: cognitoClient,
    config,
    messages: new services.MessagesService(triggers, new MessageDeliveryService(new ConsoleMessageSender())),
    otp,
    tokenGenerator: new JwtTokenGenerator(clock, withStandardClaims(triggers), config.TokenConfig),
    triggers,
  };
  await createServer(
    parityRouter(Router(serverServices), serverServices),
    logger,
    config.ServerConfig,
    serverServices,
  ).start();
}

try {
  await start();
} catch (error) {
  if (error instanceof UnreadableDataFileError) {
    process.stderr.write(
      `UNREADABLE_DATA_FILE ${JSON.stringify({ file: error.file, reason: error.reason })}\n`,
    );
    process.exit(3);
  }
  throw error;
}

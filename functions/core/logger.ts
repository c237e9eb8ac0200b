import { Logger } from '@aws-lambda-powertools/logger';

/** The structured logger every module shares. Never log codes, passwords or tokens. */
export const logger = new Logger({ serviceName: 'portico' });

import { describe, expect, it } from 'vitest';
import {
  canObtainCompanyAccess,
  classifyEmailDomain,
} from '../../../../functions/core/domain/email-domain-policy';

describe('classifyEmailDomain', () => {
  it.each([
    'gmail.com',
    'hotmail.com',
    'outlook.com',
    'yahoo.com',
    'icloud.com',
    'proton.me',
    'gmx.de',
    'yandex.ru',
    'mail.ru',
    'qq.com',
    '163.com',
  ])('classifies the webmail provider %s as PERSONAL', (domain) => {
    expect(classifyEmailDomain(domain)).toBe('PERSONAL');
  });

  it.each(['mailinator.com', 'guerrillamail.com', '10minutemail.com'])(
    'classifies the throwaway service %s as DISPOSABLE',
    (domain) => {
      expect(classifyEmailDomain(domain)).toBe('DISPOSABLE');
    },
  );

  it('classifies a subdomain of a disposable service as DISPOSABLE', () => {
    expect(classifyEmailDomain('eu.mailinator.com')).toBe('DISPOSABLE');
    expect(classifyEmailDomain('a.b.mailinator.com')).toBe('DISPOSABLE');
  });

  it('classifies a subdomain of a webmail provider as PERSONAL', () => {
    expect(classifyEmailDomain('mx.gmail.com')).toBe('PERSONAL');
  });

  it.each(['acme.example', 'engineering.acme.example', 'globex-industries.de', 'siemens.com'])(
    'classifies the corporate domain %s as WORK',
    (domain) => {
      expect(classifyEmailDomain(domain)).toBe('WORK');
    },
  );

  it('ignores letter case', () => {
    expect(classifyEmailDomain('GMail.COM')).toBe('PERSONAL');
    expect(classifyEmailDomain('MAILINATOR.com')).toBe('DISPOSABLE');
    expect(classifyEmailDomain('Acme.Example')).toBe('WORK');
  });

  it('never treats a bare top-level domain as a listed provider', () => {
    // "com" alone is not on any list; a corporate .com domain must not inherit anything from it.
    expect(classifyEmailDomain('acme-widgets.com')).toBe('WORK');
  });
});

describe('canObtainCompanyAccess', () => {
  it('grants company access to WORK domains only', () => {
    expect(canObtainCompanyAccess('WORK')).toBe(true);
    expect(canObtainCompanyAccess('PERSONAL')).toBe(false);
    expect(canObtainCompanyAccess('DISPOSABLE')).toBe(false);
  });
});

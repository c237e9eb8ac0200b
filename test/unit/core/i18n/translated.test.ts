import { beforeAll, describe, expect, it } from 'vitest';
import * as emailTemplates from '../../../../functions/core/email/templates';
import { negotiateLocale } from '../../../../functions/core/i18n/locale';
import type { ForbiddenError } from '../../../../functions/core/errors';
import {
  InvalidCodeError,
  NotFoundError,
  ServiceUnavailableError,
  ValidationError,
} from '../../../../functions/core/errors';
import { assertOrderFits } from '../../../../functions/core/use-cases/portal/products';
import { assertMayChangeEmail } from '../../../../functions/core/domain/email-change';
import type { Account } from '../../../../functions/core/domain/account';
import { problemFor } from '../../../../functions/http/problem';
import * as problemDetails from '../../../../functions/core/i18n/details/compiled/index';
import { nextStepOf, nextStepWordsOf } from '../../../../functions/core/domain/onboarding';
import { requirePortalMember } from '../../../../functions/core/use-cases/portal-access';
import type { OnboardingState } from '../../../../functions/core/domain/account';
import { readyLocale } from '../../../../functions/core/i18n/catalogs';
import * as z from 'zod/mini';
import { en as zodEnglish } from 'zod/locales';
import { zodErrorsIn } from '../../../../functions/core/zod-locale';

// French, German and Japanese are loaded at run time (functions/core/i18n/catalogs.ts): loaded here first,
// as the API handler and the mailer do before they format.
beforeAll(async () => {
  await Promise.all(['fr', 'de', 'ja'].map((locale) => readyLocale(locale)));
});

function problemIn(locale: 'en' | 'fr' | 'de' | 'ja', error: unknown): Record<string, unknown> {
  return JSON.parse(problemFor(error, { instance: '/v1/signup/verify', locale }).body) as Record<
    string,
    unknown
  >;
}

describe('negotiateLocale', () => {
  it.each([
    [undefined, 'en'],
    ['', 'en'],
    ['fr-FR,fr;q=0.9,en;q=0.8', 'fr'],
    ['de-CH', 'de'],
    ['ja', 'ja'],
    ['es-ES, de;q=0.5', 'de'],
    ['en;q=0.2, ja;q=0.9', 'ja'],
    ['fr;q=0, de;q=0.1', 'de'],
    ['es, it', 'en'],
    ['*', 'en'],
  ])('%s → %s', (header, locale) => {
    expect(negotiateLocale(header)).toBe(locale);
  });
});

describe('emails in French and Japanese', () => {
  it('sends the verification code in French, formal register, with the plural from ICU', () => {
    const message = emailTemplates.verificationCode({
      to: 'ada@acme.example',
      locale: 'fr',
      firstName: 'Ada',
      code: '482913',
      validMinutes: 1,
    });
    expect(message.subject).toBe('Votre code de vérification Portico : 482913');
    expect(message.text).toContain('Bonjour Ada,');
    expect(message.text).toContain('Il est valable 1 minute.');
    expect(message.text).toContain('— L’équipe Portico');
    expect(message.html).toContain('<html lang="fr">');
    expect(
      emailTemplates.verificationCode({
        to: 'a@b.example',
        locale: 'fr',
        firstName: 'A',
        code: '1',
        validMinutes: 15,
      }).text,
    ).toContain('Il est valable 15 minutes.');
  });

  it('sends the verification code in Japanese (です・ます)', () => {
    const message = emailTemplates.verificationCode({
      to: 'hanako@acme.example',
      locale: 'ja',
      firstName: '花子',
      code: '482913',
      validMinutes: 15,
    });
    expect(message.subject).toBe('Portico 確認コード: 482913');
    expect(message.text).toContain('花子 様');
    expect(message.text).toContain('確認コードは 482913 です。有効期限は15分です。');
  });

  it('keeps English exactly as it was when no locale is given', () => {
    const message = emailTemplates.verificationCode({
      to: 'ada@acme.example',
      firstName: 'Ada',
      code: '482913',
      validMinutes: 15,
    });
    expect(message.subject).toBe('Your Portico verification code: 482913');
    expect(message.text).toBe(
      'Hello Ada,\n\nYour verification code is 482913. It is valid for 15 minutes.\n\n' +
        'If you did not sign up for Portico, ignore this email: no account is activated without the code.\n\n' +
        '— The Portico team\n',
    );
  });

  it('escapes the values in the HTML part whatever the language', () => {
    const message = emailTemplates.organizationRejected({
      to: 'ada@acme.example',
      locale: 'de',
      firstName: '<b>Ada</b>',
      legalName: 'A & B "GmbH"',
      reason: 'x',
      portalUrl: 'https://portal.example',
    });
    expect(message.html).toContain('Guten Tag &#60;b&#62;Ada&#60;/b&#62;,');
    expect(message.html).toContain('A &#38; B &#34;GmbH&#34;');
    expect(message.text).toContain('Guten Tag <b>Ada</b>,');
  });

  it('names the country and writes the deadline in the reader’s language', () => {
    const notice = emailTemplates.reviewerNotice({
      to: 'reviewers@portico.example',
      locale: 'fr',
      requestId: 'r-1',
      legalName: 'Acme SARL',
      domain: 'acme.example',
      country: 'DE',
      website: 'https://acme.example',
      requestedBy: 'Ada Weber',
      decideBy: '2025-03-05T09:00:00.000Z',
    });
    expect(notice.text).toContain('(Allemagne, https://acme.example)');
    expect(notice.text).toContain('avant le 5 mars 2025 à 09:00 UTC');
    const ja = emailTemplates.reviewerNotice({
      to: 'reviewers@portico.example',
      locale: 'ja',
      requestId: 'r-1',
      legalName: 'Acme',
      domain: 'acme.example',
      country: 'DE',
      website: 'https://acme.example',
      requestedBy: 'Ada Weber',
      decideBy: '2025-03-05T09:00:00.000Z',
    });
    expect(ja.text).toContain('Acme（ドイツ、https://acme.example）');
  });

  it('leaves the administrator paragraph out for a member, in every language', () => {
    const input = {
      to: 'ada@acme.example',
      firstName: 'Ada',
      organizationName: 'Acme',
      portalUrl: 'https://portal.example',
    };
    const member = emailTemplates.organizationApproved({ ...input, locale: 'ja', administrator: false });
    const admin = emailTemplates.organizationApproved({ ...input, locale: 'ja', administrator: true });
    expect(member.text).not.toContain('管理者');
    expect(admin.text).toContain('お客様はこの組織の管理者です。');
    expect(member.text).not.toMatch(/\n\n\n/);
  });

  it('says the next step of a reminder in the reader’s language', () => {
    const reminder = emailTemplates.onboardingReminder({
      to: 'ada@acme.example',
      locale: 'fr',
      firstName: 'Ada',
      step: 'REGISTER_BUSINESS',
      portalUrl: 'https://portal.example',
    });
    expect(reminder.text).toContain(
      'Prochaine étape : soumettez les informations de votre inscription professionnelle.',
    );
  });

  it('tells administrators of a join request in their language, the job title only when there is one', () => {
    const input = {
      to: 'admin@acme.example',
      firstName: 'Ada',
      organizationName: 'Acme',
      requester: { firstName: 'Max', lastName: 'Roe', email: 'max@acme.example', jobTitle: 'Buyer' },
      portalUrl: 'https://portal.example/',
    };
    const english = emailTemplates.joinRequestReceived(input);
    expect(english.subject).toBe('Max Roe asks to join Acme');
    expect(english.text).toBe(
      'Hello Ada,\n\nMax Roe (max@acme.example, Buyer) asks to join Acme on Portico.\n\n' +
        "Approve or decline the request in the portal's Members area: https://portal.example/portal/members\n\n" +
        '— The Portico team\n',
    );
    const german = emailTemplates.joinRequestReceived({
      ...input,
      locale: 'de',
      requester: { ...input.requester, jobTitle: '' },
    });
    expect(german.subject).toBe('Max Roe möchte Acme beitreten');
    expect(german.text).toContain('Max Roe (max@acme.example) möchte Acme auf Portico beitreten.');
    expect(german.html).toContain('<html lang="de">');
    const japanese = emailTemplates.joinRequestReceived({ ...input, locale: 'ja' });
    expect(japanese.text).toContain(
      'Roe Max 様（max@acme.example、Buyer）から、Portico の Acme への参加申請がありました。',
    );
  });

  describe('the support digest', () => {
    const digest = {
      to: 'ada@acme.example',
      firstName: 'Ada',
      organizationName: 'A & B',
      week: { id: '2026-W50', from: '2026-12-07', to: '2026-12-13' },
      sections: [
        {
          siteId: 'BER-1',
          siteName: 'Berlin <HQ>',
          lines: [
            {
              product: { serviceTag: 'EXP1', model: 'R740', supportEndDate: '2027-03-08' },
              change: 'EXPIRING' as const,
              on: '2026-12-08',
            },
            {
              product: { serviceTag: 'G&1', model: 'M', supportEndDate: '2026-12-10' },
              change: 'EXPIRED' as const,
              on: '2026-12-11',
            },
          ],
        },
      ],
      total: 3,
      omitted: 1,
      portalUrl: 'https://portal.example',
      unsubscribeUrl: 'https://portal.example/unsubscribe?token=a.b',
    };

    it('keeps the English wording, with the days written out and ICU plurals', () => {
      const message = emailTemplates.supportDigest(digest);
      expect(message.subject).toBe('Portico: 3 products entering expiring or expired support this week');
      expect(message.text).toContain(
        '3 products of A & B that you can see enter EXPIRING or EXPIRED support this week ' +
          '(2026-W50, December 7, 2026 to December 13, 2026).',
      );
      expect(message.text).toContain(
        'Berlin <HQ> (https://portal.example/portal/products?site=BER-1)\n' +
          '  - EXP1 R740: support ends March 8, 2027 (expiring from December 8, 2026) ' +
          'https://portal.example/portal/product?serviceTag=EXP1\n' +
          '  - G&1 M: support ended December 10, 2026 (expired December 11, 2026) ' +
          'https://portal.example/portal/product?serviceTag=G%261',
      );
      expect(message.text).toContain(
        '1 more is not listed here: see it at https://portal.example/portal/products?sort=supportEndDate.',
      );
      expect(message.text).toMatch(/Stop it with one click, no sign-in needed: \S+\n\n— The Portico team\n$/);
      expect(emailTemplates.supportDigest({ ...digest, total: 1, omitted: 0 }).subject).toBe(
        'Portico: 1 product entering expiring or expired support this week',
      );
      expect(emailTemplates.supportDigest({ ...digest, omitted: 0 }).text).not.toContain('not listed');
    });

    it('escapes the HTML part and links each service tag and site', () => {
      const { html } = emailTemplates.supportDigest({ ...digest, locale: 'fr' });
      expect(html).toContain('<html lang="fr">');
      expect(html).toContain(
        '<h3><a href="https://portal.example/portal/products?site=BER-1">Berlin &#60;HQ&#62;</a></h3>',
      );
      expect(html).toContain(
        '<li><a href="https://portal.example/portal/product?serviceTag=G%261">G&#38;1</a> M : ' +
          'fin du support le 10 décembre 2026 (statut EXPIRED à partir du 11 décembre 2026)</li>',
      );
      expect(html).toContain('pour 3 produits de A &#38; B auxquels vous avez accès.');
      expect(html).toContain(
        '<a href="https://portal.example/unsubscribe?token=a.b">Se désabonner de ce récapitulatif</a>',
      );
      expect(html).not.toMatch(/[\uE000\uE001]/);
    });

    it('speaks Japanese and German, the EXPIRING/EXPIRED choice and the counts through ICU', () => {
      const japanese = emailTemplates.supportDigest({ ...digest, locale: 'ja' });
      expect(japanese.subject).toBe(
        'Portico: 今週 3件の製品のサポート状況が EXPIRING または EXPIRED になります',
      );
      expect(japanese.text).toContain('EXP1 R740: サポート終了日 2027年3月8日（2026年12月8日から EXPIRING）');
      expect(japanese.text).toContain('ほかに 1件の製品はここに記載していません。');
      const german = emailTemplates.supportDigest({ ...digest, locale: 'de', total: 1, omitted: 0 });
      expect(german.subject).toBe(
        'Portico: 1 Produkt erreicht diese Woche den Supportstatus EXPIRING oder EXPIRED',
      );
      expect(german.text).toContain(
        'G&1 M: Supportende am 10. Dezember 2026 (Status EXPIRED ab dem 11. Dezember 2026)',
      );
      expect(german.text).not.toContain('nicht aufgeführt');
    });
  });
});

function catching(run: () => unknown): unknown {
  try {
    run();
  } catch (error) {
    return error;
  }
  throw new Error('expected a problem');
}

describe('problems in French and Japanese', () => {
  it('translates the title and a keyed detail, plural included; type and extensions stay', () => {
    const error = new InvalidCodeError('invalid-code', 'The code is not correct. 2 tries left.', {
      attemptsRemaining: 2,
    }).keyed('invalidCode', { attemptsRemaining: 2 });
    expect(problemIn('fr', error)).toMatchObject({
      type: '/problems/invalid-code',
      title: 'Le code ne peut pas être accepté',
      detail: 'Le code est incorrect. Il vous reste 2 essais.',
      attemptsRemaining: 2,
    });
    expect(problemIn('ja', error)).toMatchObject({
      type: '/problems/invalid-code',
      title: 'コードを受け付けられません',
      detail: 'コードが正しくありません。残り2回入力できます。',
    });
    expect(problemIn('en', error)).toMatchObject({
      title: 'The code cannot be accepted',
      detail: 'The code is not correct. 2 tries left.',
    });
  });

  it('translates the title of a detail that has no translation yet, and keeps the English detail', () => {
    const problem = problemIn('de', new NotFoundError('There is no organization org-1.'));
    expect(problem).toMatchObject({ title: 'Nicht gefunden', detail: 'There is no organization org-1.' });
  });

  it('translates the details of use-case problems, with their values', () => {
    const refusal = catching(() =>
      assertMayChangeEmail(
        {
          email: 'old@acme.example',
          state: 'AWAITING_APPROVAL',
          joinRequest: { organizationId: 'org-1', organizationName: 'Acme GmbH', requestedAt: '2026-01-01' },
        } as unknown as Account,
        'new@acme.example',
      ),
    );
    expect(problemIn('de', refusal)).toMatchObject({
      type: '/problems/join-request-pending',
      detail:
        'Ihre Anfrage zum Beitritt zu Acme GmbH wartet auf die Entscheidung der Administratoren. Ändern Sie Ihre Adresse, sobald diese entschieden haben.',
    });
    expect(problemIn('en', refusal)).toMatchObject({
      detail:
        'Your request to join Acme GmbH waits for its administrators. Change your address once they decide.',
    });
  });

  it('translates the field problems a use case raises: fixed ones by their text, others by their key', () => {
    const sort = catching(() => assertOrderFits({ model: 'power', sort: 'serviceTag' }));
    expect(problemIn('ja', sort)).toMatchObject({
      detail: 'この検索はその順序で並べ替えられません。',
      errors: [
        {
          pointer: 'query:/sort',
          detail: 'は省略するか、検索に合わせてください: モデル検索の結果はモデル順に並びます',
        },
      ],
    });
    // The key stays inside: the document has pointer and detail only, English as the use case wrote it.
    expect(problemIn('en', sort)).toMatchObject({
      errors: [
        {
          pointer: 'query:/sort',
          detail: 'must be left out or fit the search: a model search lists in model order',
        },
      ],
    });
    expect(JSON.stringify(problemIn('en', sort))).not.toContain('detailKey');

    const cursor = new ValidationError('The cursor is not valid for this list.', [
      { pointer: 'query:/cursor', detail: 'is not a cursor this list issued' },
    ]).keyed(problemDetails.cursorInvalid);
    expect(problemIn('fr', cursor)).toMatchObject({
      detail: 'Le curseur n’est pas valide pour cette liste.',
      errors: [{ pointer: 'query:/cursor', detail: 'n’est pas un curseur émis pour cette liste' }],
    });
    const password = new ValidationError('The current password is not correct.', [
      {
        pointer: '/currentPassword',
        detail: 'is not your current password (1 try before a wait)',
        detailKey: 'currentPasswordTries',
        detailValues: { left: 1 },
      },
    ]).keyed(problemDetails.wrongCurrentPassword);
    expect(problemIn('de', password)).toMatchObject({
      detail: 'Das aktuelle Passwort ist nicht korrekt.',
      errors: [
        {
          pointer: '/currentPassword',
          detail: 'ist nicht Ihr aktuelles Passwort (noch 1 Versuch bis zu einer Wartezeit)',
        },
      ],
    });
  });

  it('translates the problems Portico makes itself (503, 500)', () => {
    expect(problemIn('ja', new ServiceUnavailableError('x'))).toMatchObject({
      title: 'サービスを利用できません',
    });
    expect(problemIn('fr', new Error('bug'))).toMatchObject({
      type: '/problems/internal-error',
      title: 'Erreur interne du serveur',
      detail: 'Une erreur s’est produite de notre côté. Indiquez le requestId si vous contactez le support.',
    });
  });

  it('says the next step a problem carries in the reader’s language; step, method and path stay', () => {
    const unverified = catching(() =>
      assertMayChangeEmail(
        { email: 'old@acme.example', state: 'VERIFY_EMAIL' } as Account,
        'new@acme.example',
      ),
    );
    expect(problemIn('fr', unverified)).toMatchObject({
      type: '/problems/email-not-verified',
      detail: 'Vérifiez d’abord votre adresse e-mail.',
      nextStep: {
        step: 'VERIFY_EMAIL',
        method: 'POST',
        path: '/v1/signup/verify',
        description:
          'Saisissez le code à 6 chiffres que nous vous avons envoyé par e-mail (POST /v1/signup/resend en envoie un nouveau).',
      },
    });
    expect(problemIn('ja', unverified)).toMatchObject({
      nextStep: {
        step: 'VERIFY_EMAIL',
        description:
          'メールでお送りした6桁のコードを入力してください（POST /v1/signup/resend で新しいコードを送信できます）。',
      },
    });
    expect(problemIn('en', unverified)).toMatchObject({ nextStep: nextStepOf('VERIFY_EMAIL') });
    // The error keeps its English extensions (the logs, the replays of an idempotency key in English).
    expect((unverified as ForbiddenError).extensions.nextStep).toEqual(nextStepOf('VERIFY_EMAIL'));
  });

  it('says a next step known only at run time (the portal refusing a limited account) in German', async () => {
    const accounts = {
      getAccount: () => Promise.resolve({ userId: 'u-1', state: 'CHOOSE_ORGANIZATION' } as Account),
    };
    const refusal = await requirePortalMember({ accounts } as never, 'u-1').catch((error: unknown) => error);
    expect(problemIn('de', refusal)).toMatchObject({
      type: '/problems/business-account-required',
      state: 'CHOOSE_ORGANIZATION',
      nextStep: {
        step: 'CHOOSE_ORGANIZATION',
        path: '/v1/me/organization',
        description:
          'Mehrere Organisationen verwenden Ihre E-Mail-Domain: Wählen Sie den Geschäftsbereich, zu dem Sie gehören.',
      },
    });
  });

  it.each([
    'VERIFY_EMAIL',
    'CHOOSE_ACCESS_TYPE',
    'REGISTER_BUSINESS',
    'PARTNER_REFERRED',
    'CHOOSE_ORGANIZATION',
    'ORGANIZATION_REQUIRED',
    'PENDING_ORGANIZATION',
    'AWAITING_APPROVAL',
    'INVITATION_REQUIRED',
    'ACTIVE',
  ] satisfies OnboardingState[])(
    'names the message of the next step from %s (its English is the domain’s)',
    (state) => {
      const english = nextStepOf(state).description.replaceAll("'", '’');
      expect(nextStepWordsOf(state)('en')).toBe(english);
      for (const locale of ['fr', 'de', 'ja']) expect(nextStepWordsOf(state)(locale)).not.toBe(english);
    },
  );
});

describe('zod’s issues in Portico’s own words (functions/core/zod-locale.ts)', () => {
  const schemas = {
    tooLong: [z.string().check(z.maxLength(3)), 'abcd'],
    tooShort: [z.string().check(z.minLength(2)), 'a'],
    exactLength: [z.string().check(z.length(2)), 'abc'],
    tooManyItems: [z.array(z.string()).check(z.maxLength(1)), ['a', 'b']],
    tooBigNumber: [z.int().check(z.lte(10)), 11],
    tooSmallNumber: [z.number().check(z.gte(1)), 0],
    wrongType: [z.string(), 5],
    notAnOption: [z.enum(['a', 'b']), 'c'],
    notTheLiteral: [z.literal('x'), 'y'],
    pattern: [z.string().check(z.regex(/^[a-z]+$/)), 'A'],
    email: [z.email(), 'not-an-email'],
    uuid: [z.uuid(), 'nope'],
    datetime: [z.iso.datetime(), 'yesterday'],
    unknownKey: [z.strictObject({ a: z.string() }), { a: 'x', b: 1 }],
    discriminator: [
      z.discriminatedUnion('kind', [z.object({ kind: z.literal('a') }), z.object({ kind: z.literal('b') })]),
      { kind: 'c' },
    ],
  } as const;

  function messageIn(locale: 'en' | 'fr' | 'de' | 'ja', [schema, input]: readonly [z.ZodMiniType, unknown]) {
    const parsed = z.safeParse(schema, input, { error: zodErrorsIn(locale) });
    return parsed.error?.issues[0]?.message;
  }

  it('keeps zod’s own English, so the logs and English answers read as before', () => {
    for (const [name, [schema, input]] of Object.entries(schemas)) {
      const zods = z.safeParse(schema, input, { error: zodEnglish().localeError }).error?.issues[0]?.message;
      expect(messageIn('en', [schema, input]), name).toBe(zods);
    }
  });

  it('says each issue in French, German and Japanese, counts through ICU plurals', () => {
    expect(messageIn('fr', schemas.tooLong)).toBe('Trop grand : doit compter au plus 3 caractères (texte)');
    expect(messageIn('fr', schemas.tooShort)).toBe('Trop petit : doit compter au moins 2 caractères (texte)');
    expect(messageIn('de', schemas.tooManyItems)).toBe('Zu groß: erlaubt sind höchstens 1 Element (Liste)');
    expect(messageIn('de', schemas.tooBigNumber)).toBe('Zu groß: muss kleiner oder gleich 10 sein (Zahl)');
    expect(messageIn('ja', schemas.tooLong)).toBe('大きすぎます: 3 文字以下にしてください（文字列）');
    expect(messageIn('ja', schemas.notAnOption)).toBe(
      '選択肢が無効です（"a"|"b" のいずれかを指定してください）',
    );
    expect(messageIn('fr', schemas.email)).toBe('Format invalide (attendu : adresse e-mail)');
    expect(messageIn('de', schemas.wrongType)).toBe('Ungültige Eingabe (erwartet: string, erhalten: number)');
    for (const locale of ['fr', 'de', 'ja'] as const) {
      for (const [name, entry] of Object.entries(schemas)) {
        const message = messageIn(locale, entry);
        expect(message, `${locale} ${name}`).toBeTruthy();
        expect(message, `${locale} ${name}`).not.toBe(messageIn('en', entry));
      }
    }
  });
});

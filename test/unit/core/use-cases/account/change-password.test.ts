import { beforeEach, describe, expect, it } from 'vitest';
import { changePassword } from '../../../../../functions/core/use-cases/account/change-password';
import { signOutEverywhere } from '../../../../../functions/core/use-cases/account/sign-out-everywhere';
import { fakeWorld, type FakeWorld } from '../../../fakes';

const EMAIL = 'ada@acme.example';
const CURRENT = 'Correct-Horse-42';
const NEW_PASSWORD = 'Another-Horse-43!';

let world: FakeWorld;
let caller: { userId: string; email: string };

beforeEach(() => {
  world = fakeWorld();
  const user = world.identity.addUser({
    email: EMAIL,
    emailVerified: true,
    password: CURRENT,
    firstName: 'Ada',
    lastName: 'Lovelace',
  });
  caller = { userId: user.userId, email: EMAIL };
});

async function outcomeOf(run: () => Promise<unknown>): Promise<unknown> {
  try {
    await run();
    return 'changed';
  } catch (error) {
    const { status, type, headers } = error as {
      status?: number;
      type?: string;
      headers?: Record<string, string>;
    };
    return { status, type, retryAfter: headers?.['Retry-After'] };
  }
}

const wrongTry = () =>
  outcomeOf(() =>
    changePassword(world.deps, caller, { currentPassword: 'Wrong-Horse-00!', newPassword: NEW_PASSWORD }),
  );

describe('changePassword', () => {
  it('sets the new password, signs every session out and emails a notice', async () => {
    const answer = await changePassword(world.deps, caller, {
      currentPassword: CURRENT,
      newPassword: NEW_PASSWORD,
    });

    expect(answer.status).toBe('PASSWORD_CHANGED');
    expect(world.identity.user(EMAIL)?.password).toBe(NEW_PASSWORD);
    expect(world.identity.signedOut).toEqual([caller.userId]);
    expect(world.mailer.lastSentTo(EMAIL).subject).toBe('Your Portico password was changed');
    expect(world.accounts.storedPasswordAttempts(caller.userId)).toBeUndefined();
  });

  it('refuses a wrong current password with a field problem, changing nothing', async () => {
    await expect(
      changePassword(world.deps, caller, { currentPassword: 'Wrong-Horse-00!', newPassword: NEW_PASSWORD }),
    ).rejects.toMatchObject({
      status: 400,
      extensions: { errors: [{ pointer: '/currentPassword', detail: expect.stringContaining('4 tries') }] },
    });
    expect(world.identity.user(EMAIL)?.password).toBe(CURRENT);
    expect(world.identity.signedOut).toEqual([]);
  });

  it('counts wrong passwords towards a lock-out, which even the right password must wait out', async () => {
    for (let i = 0; i < 5; i += 1) expect(await wrongTry()).toMatchObject({ status: 400 });

    expect(
      await outcomeOf(() =>
        changePassword(world.deps, caller, { currentPassword: CURRENT, newPassword: NEW_PASSWORD }),
      ),
    ).toEqual({ status: 429, type: 'too-many-requests', retryAfter: '1' });

    world.clock.advanceSeconds(1);
    expect(
      await outcomeOf(() =>
        changePassword(world.deps, caller, { currentPassword: CURRENT, newPassword: NEW_PASSWORD }),
      ),
    ).toBe('changed');
    expect(world.accounts.storedPasswordAttempts(caller.userId)).toBeUndefined();
  });

  it("answers 429 when Cognito's own lock-out refuses the check", async () => {
    world.identity.lockedOut = true;

    expect(
      await outcomeOf(() =>
        changePassword(world.deps, caller, { currentPassword: CURRENT, newPassword: NEW_PASSWORD }),
      ),
    ).toMatchObject({ status: 429 });
  });

  it('refuses the current password as the new one', async () => {
    await expect(
      changePassword(world.deps, caller, { currentPassword: CURRENT, newPassword: CURRENT }),
    ).rejects.toMatchObject({ status: 400, extensions: { errors: [{ pointer: '/newPassword' }] } });
  });

  it('with Cognito down answers 503 and does not count the try', async () => {
    world.identity.makeUnavailable('checkPassword');

    expect(
      await outcomeOf(() =>
        changePassword(world.deps, caller, { currentPassword: CURRENT, newPassword: NEW_PASSWORD }),
      ),
    ).toMatchObject({ status: 503 });
    expect(world.accounts.storedPasswordAttempts(caller.userId)).toMatchObject({ failures: 0 });
  });
});

describe('signOutEverywhere', () => {
  it("ends every session of the caller's user", async () => {
    const answer = await signOutEverywhere(world.deps, caller);

    expect(answer.status).toBe('SIGNED_OUT');
    expect(world.identity.signedOut).toEqual([caller.userId]);
  });

  it('with Cognito down answers 503', async () => {
    world.identity.makeUnavailable('signOutEverywhere');

    expect(await outcomeOf(() => signOutEverywhere(world.deps, caller))).toMatchObject({ status: 503 });
  });
});

import { EdgecaseError } from '@edgecase/cdn';

/**
 * The error a mocked client gives for a command it does not model, naming that command: read from
 * the sinon stub behind aws-sdk-client-mock's `send`, whose last call is the one being answered.
 */
export function unsupportedCommand(send: unknown, who: string, modelled: readonly string[]): EdgecaseError {
  const command = (send as { lastCall?: { args: readonly unknown[] } } | undefined)?.lastCall?.args[0];
  const name = (command as object | undefined)?.constructor?.name ?? 'an unknown command';
  return new EdgecaseError(
    'UnsupportedCommand',
    `${who}: expected a command it models (${modelled.join(', ')}), got ${name}.`,
    {
      value: name,
      hint: `Stub it on the returned mock: mock.on(${name === 'an unknown command' ? 'SomeCommand' : name}).resolves({...}).`,
    },
  );
}

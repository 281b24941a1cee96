import { describeAppleCheck, type KeyAppleCheck } from '../../src-shared/apple-check/apple-check';

/** The key's health from its last check with Apple; nothing until it has been checked. */
export function KeyHealth({ check }: { check: KeyAppleCheck | undefined }) {
  if (!check) return null;
  const description = describeAppleCheck(check);
  return (
    <span className={`badge badge--health-${check.works ? 'ok' : 'failed'}`} title={description}>
      {check.works ? 'Works with Apple' : 'Apple check failed'}
      <span className="visually-hidden">. {description}</span>
    </span>
  );
}

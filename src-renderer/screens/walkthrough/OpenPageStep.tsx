import type { KeyKindGuide } from '../../walkthrough/guide';
import { OpenPageButton } from './OpenPageButton';

/** Step 3: open the exact page in the browser, with the clicks that follow. */
export function OpenPageStep({ guide }: { guide: KeyKindGuide }) {
  return (
    <>
      <p className="walkthrough__lead">
        In App Store Connect: <strong>{guide.open.location}</strong>
      </p>
      <OpenPageButton link={guide.open.link} primary />
      <h4 className="walkthrough__subheading">Then, in App Store Connect</h4>
      <ol className="clicks">
        {guide.open.clicks.map((click) => (
          <li key={click}>{click}</li>
        ))}
      </ol>
      <p className="muted small">Do not download the key yet: the next step watches for it.</p>
    </>
  );
}

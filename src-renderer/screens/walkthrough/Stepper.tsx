import { WALKTHROUGH_STEPS, type WalkthroughStepId } from '../../walkthrough/steps';

/** Where the user is; finished steps are buttons that go back to them. */
export function Stepper({ current, allDone, onGoBack }: { current: WalkthroughStepId; allDone: boolean; onGoBack: ((step: WalkthroughStepId) => void) | null }) {
  const currentIndex = WALKTHROUGH_STEPS.findIndex((step) => step.id === current);
  return (
    <nav aria-label="Guided setup steps">
      <ol className="stepper">
        {WALKTHROUGH_STEPS.map((step, index) => {
          const state = allDone || index < currentIndex ? 'done' : index === currentIndex ? 'current' : 'upcoming';
          const content = (
            <>
              <span className="stepper__number" aria-hidden="true">
                {state === 'done' ? '✓' : index + 1}
              </span>
              <span className="stepper__label">{step.label}</span>
              <span className="visually-hidden">{state === 'done' ? ', done' : state === 'current' ? ', current step' : ''}</span>
            </>
          );
          return (
            <li key={step.id} className={`stepper__item stepper__item--${state}`} aria-current={state === 'current' ? 'step' : undefined}>
              {state === 'done' && onGoBack ? (
                <button type="button" className="stepper__step" onClick={() => onGoBack(step.id)}>
                  {content}
                </button>
              ) : (
                <span className="stepper__step">{content}</span>
              )}
            </li>
          );
        })}
      </ol>
    </nav>
  );
}

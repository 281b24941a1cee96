interface StepperProps<Id extends string> {
  /** Names the steps for assistive technology, e.g. "Guided setup steps". */
  label: string;
  steps: ReadonlyArray<{ id: Id; label: string }>;
  current: Id;
  allDone: boolean;
  /** Finished steps become buttons that go back to them; null keeps them plain. */
  onGoBack: ((step: Id) => void) | null;
}

/** Where the user is in a run of steps (guided setup, a key's replacement). */
export function Stepper<Id extends string>({ label, steps, current, allDone, onGoBack }: StepperProps<Id>) {
  const currentIndex = steps.findIndex((step) => step.id === current);
  return (
    <nav aria-label={label}>
      <ol className="stepper">
        {steps.map((step, index) => {
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

import { useEffect, useState } from 'react';

/** The current time, refreshed every second while the component is shown (for expiry countdowns). */
export function useNow(): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(timer);
  }, []);
  return now;
}

export function formatCountdown(untilIso: string, now: number): string {
  const seconds = Math.round((Date.parse(untilIso) - now) / 1000);
  if (seconds <= 0) return 'expired';
  const days = Math.floor(seconds / 86_400);
  const clock = new Date(seconds * 1000).toISOString().slice(11, 19);
  return days > 0 ? `expires in ${days} d ${clock}` : `expires in ${clock}`;
}

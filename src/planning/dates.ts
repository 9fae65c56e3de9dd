/** Calendar arithmetic on business days ('YYYY-MM-DD', UTC): the shared helpers, under planning's old import path. */
export { addDays, daysBetween, utcDay } from '../shared/days.ts';

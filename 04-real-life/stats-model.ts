// The stats projection: greetings ordered per language and per customer. The consume loop
// applies each offset once (lib/consume.ts), so a restart counts nothing twice.
import type { GreetingOrdered } from './orders';

export interface Stats {
  greetings: number;
  byLang: Record<string, number>;
  byCustomer: Record<string, number>;
}

export const emptyStats = (): Stats => ({ greetings: 0, byLang: {}, byCustomer: {} });

export function count(stats: Stats, event: GreetingOrdered): void {
  stats.greetings += 1;
  stats.byLang[event.data.lang] = (stats.byLang[event.data.lang] ?? 0) + 1;
  stats.byCustomer[event.aggregateId] = (stats.byCustomer[event.aggregateId] ?? 0) + 1;
}

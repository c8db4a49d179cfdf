// The projection: visitors and how often they were greeted, in which languages.
// Pure and idempotent: the consume loop applies each offset once, and an event id seen
// before (a producer retry) changes nothing either.
import type { GreetingEvent } from './events';

export interface Visitor {
  greetings: number;
  languages: Record<string, number>;
  lastEventId: string;
}

export interface ReadModel {
  visitors: Record<string, Visitor>;
}

export const emptyReadModel = (): ReadModel => ({ visitors: {} });

/** Applies the event; false when it was applied before. */
export function project(model: ReadModel, event: GreetingEvent): boolean {
  const visitor = (model.visitors[event.aggregateId] ??= { greetings: 0, languages: {}, lastEventId: '' });
  if (visitor.lastEventId === event.eventId) return false;
  visitor.greetings += 1;
  visitor.languages[event.data.lang] = (visitor.languages[event.data.lang] ?? 0) + 1;
  visitor.lastEventId = event.eventId;
  return true;
}

export const totalGreetings = (model: ReadModel) => Object.values(model.visitors).reduce((sum, v) => sum + v.greetings, 0);

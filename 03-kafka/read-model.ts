// The projection: visitors and how often they were greeted, in which languages.
// Pure and idempotent: the consume loop applies each offset once, and an event id seen
// before (a producer retry after a lost acknowledgement, even after other events of the
// same visitor) changes nothing: the last REMEMBERED_EVENTS event ids are kept with the model.
import type { GreetingEvent } from './events';

/** Bounded: about 40 bytes an id, so the state file stays under half a megabyte. */
export const REMEMBERED_EVENTS = 10_000;

export interface Visitor {
  greetings: number;
  languages: Record<string, number>;
}

export interface ReadModel {
  visitors: Record<string, Visitor>;
  /** The ids of the last events applied, oldest first. */
  recentEventIds: string[];
}

export const emptyReadModel = (): ReadModel => ({ visitors: {}, recentEventIds: [] });

// A Set over recentEventIds per model, built once (models come back from the state file).
const seen = new WeakMap<ReadModel, Set<string>>();
const seenIn = (model: ReadModel) => {
  model.recentEventIds ??= []; // a state file from before this field
  let ids = seen.get(model);
  if (!ids) seen.set(model, (ids = new Set(model.recentEventIds)));
  return ids;
};

/** Applies the event; false when it was applied before. */
export function project(model: ReadModel, event: GreetingEvent): boolean {
  const ids = seenIn(model);
  if (ids.has(event.eventId)) return false;
  const visitor = (model.visitors[event.aggregateId] ??= { greetings: 0, languages: {} });
  visitor.greetings += 1;
  visitor.languages[event.data.lang] = (visitor.languages[event.data.lang] ?? 0) + 1;
  ids.add(event.eventId);
  model.recentEventIds.push(event.eventId);
  if (model.recentEventIds.length > REMEMBERED_EVENTS) ids.delete(model.recentEventIds.shift()!);
  return true;
}

export const totalGreetings = (model: ReadModel) => Object.values(model.visitors).reduce((sum, v) => sum + v.greetings, 0);

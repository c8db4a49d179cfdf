// The waterfall's order: each span under the span it references, siblings by start time.
// A span whose reference points outside the trace (its parent not reported yet, or lost)
// goes to the top level, marked, rather than disappearing from the picture.
import type { ApiSpan } from './jaeger-api';

export interface Row {
  span: ApiSpan;
  depth: number;
  /** How the span hangs under its parent; undefined for a root. */
  refType?: 'CHILD_OF' | 'FOLLOWS_FROM';
  /** The referenced span id, when that span is not in the trace. */
  missing?: string;
}

export function waterfall(spans: ApiSpan[], service: (span: ApiSpan) => string): Row[] {
  const byId = new Map(spans.map((s) => [s.spanID, s]));
  const children = new Map<string, { span: ApiSpan; refType: Row['refType'] }[]>();
  const tops: Omit<Row, 'depth'>[] = [];
  for (const span of spans) {
    const refs = (span.references ?? []).filter((r) => r.spanID !== span.spanID);
    // The parent: the CHILD_OF reference, else the first reference found in the trace.
    const ref = refs.find((r) => r.refType === 'CHILD_OF' && byId.has(r.spanID)) ?? refs.find((r) => byId.has(r.spanID));
    if (ref) children.set(ref.spanID, [...(children.get(ref.spanID) ?? []), { span, refType: ref.refType }]);
    else tops.push({ span, refType: refs[0]?.refType, missing: refs[0]?.spanID });
  }
  const byStart = (a: { span: ApiSpan }, b: { span: ApiSpan }) =>
    a.span.startTime - b.span.startTime || service(a.span).localeCompare(service(b.span)) || a.span.spanID.localeCompare(b.span.spanID);

  const rows: Row[] = [];
  const seen = new Set<string>();
  const walk = (row: Row) => {
    if (seen.has(row.span.spanID)) return;
    seen.add(row.span.spanID);
    rows.push(row);
    for (const child of (children.get(row.span.spanID) ?? []).sort(byStart)) walk({ ...child, depth: row.depth + 1 });
  };
  for (const top of tops.sort(byStart)) walk({ ...top, depth: 0 });
  // Spans referencing each other in a circle have no way in from the top: show them anyway.
  for (const span of [...spans].sort((a, b) => byStart({ span: a }, { span: b }))) {
    if (!seen.has(span.spanID)) walk({ span, depth: 0, refType: span.references?.[0]?.refType });
  }
  return rows;
}

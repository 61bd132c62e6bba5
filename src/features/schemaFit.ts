// One verdict per logged row: does its payload fit the model's schema, and if not, why (for the
// "does not fit the model's schema" filter and the reason in the detail pane).
import type { FeatureTable } from './types';

export interface RowFit {
  fits: boolean;
  /** Empty when it fits; otherwise the reasons, "instance 3: …" when the payload had several instances. */
  reasons: string[];
}

const MAX_ROW_REASONS = 10;

export function fitOf(table: FeatureTable): RowFit {
  if (table.problem) return { fits: false, reasons: [table.problem] };
  const reasons: string[] = [];
  let more = 0;
  const many = table.rows.length > 1;
  table.rows.forEach((r, i) => {
    for (const reason of r.misfit ?? []) {
      if (reasons.length < MAX_ROW_REASONS) reasons.push(many ? `instance ${i + 1}: ${reason}` : reason);
      else more++;
    }
  });
  if (more > 0) reasons.push(`and ${more} more`);
  return { fits: reasons.length === 0, reasons };
}

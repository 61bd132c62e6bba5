// What a user gets to see of a message that could not be decoded: where it sits, how big it is, its first
// bytes and why it failed. Enough to tell a wrong schema from garbage without keeping the whole value.

export const HEX_PREVIEW_BYTES = 64;

export function hexPreview(value: Buffer | null | undefined, maxBytes = HEX_PREVIEW_BYTES): string {
  if (!value || value.length === 0) return '';
  const shown = value.subarray(0, maxBytes).toString('hex');
  return value.length > maxBytes ? `${shown}…` : shown;
}

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { BACKOFF_BASE_MS, BACKOFF_CAP_MS, backoffDelay } from '../../src/hopsworks/backoff';

void describe('backoffDelay', () => {
  void it('doubles per retry, jitters within [half, full], and never exceeds the cap', () => {
    assert.equal(
      backoffDelay(1, () => 0),
      BACKOFF_BASE_MS / 2,
    );
    assert.equal(
      backoffDelay(1, () => 0.999999),
      BACKOFF_BASE_MS,
    );
    assert.equal(
      backoffDelay(2, () => 0.999999),
      BACKOFF_BASE_MS * 2,
    );
    assert.equal(
      backoffDelay(3, () => 0),
      BACKOFF_BASE_MS * 2,
    );
    assert.equal(
      backoffDelay(30, () => 0.999999),
      BACKOFF_CAP_MS,
    );
    assert.equal(
      backoffDelay(30, () => 0),
      BACKOFF_CAP_MS / 2,
    );
  });
});

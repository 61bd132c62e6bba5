// Awaits a call that must fail with a HopsworksError and hands back the error, so that a test can check what
// a person would read; anything else (success, or another error type) fails the test.
import assert from 'node:assert/strict';
import { HopsworksError } from '../../src/hopsworks/index';

export async function rejection(p: Promise<unknown>): Promise<HopsworksError> {
  try {
    await p;
  } catch (e) {
    assert.ok(e instanceof HopsworksError, `expected HopsworksError, got ${String(e)}`);
    return e;
  }
  assert.fail('expected the call to fail');
}

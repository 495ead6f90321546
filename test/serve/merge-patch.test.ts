import { describe, expect, it } from 'vitest';
import { applyMergePatch } from '../../src/serve/merge-patch.js';

describe('JSON merge patch (RFC 7396)', () => {
  it('removes members set to null and keeps the ones not mentioned', () => {
    expect(applyMergePatch({ a: 1, b: 2, c: 3 }, { b: null, c: 4 })).toEqual({ a: 1, c: 4 });
  });

  it('merges nested objects member by member', () => {
    expect(
      applyMergePatch({ contact: { name: '王', phone: '1' } }, { contact: { phone: null, email: 'x@y' } }),
    ).toEqual({ contact: { name: '王', email: 'x@y' } });
  });

  it('replaces arrays whole', () => {
    expect(applyMergePatch({ keywords: ['a', 'b'] }, { keywords: ['c'] })).toEqual({ keywords: ['c'] });
  });

  it('does not change the target it was given', () => {
    const target = { a: { b: 1 } };
    applyMergePatch(target, { a: { b: 2 } });
    expect(target).toEqual({ a: { b: 1 } });
  });

  it('follows the RFC examples', () => {
    const target = {
      title: 'Goodbye!',
      author: { givenName: 'John', familyName: 'Doe' },
      tags: ['example', 'sample'],
      content: 'This will be unchanged',
    };
    const patch = { title: 'Hello!', phoneNumber: '+01-123-456-7890', author: { familyName: null }, tags: ['example'] };
    expect(applyMergePatch(target, patch)).toEqual({
      title: 'Hello!',
      author: { givenName: 'John' },
      tags: ['example'],
      content: 'This will be unchanged',
      phoneNumber: '+01-123-456-7890',
    });
  });
});

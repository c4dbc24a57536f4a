import { describe, expect, it } from 'vitest';
import { beginDraft, deepFreeze, finishDraft, own } from './cow.ts';
import { ModelDriver } from './test-driver.ts';

/**
 * Copy-on-write (model/cow.ts): a step changes only its own copies, every state it returns is
 * frozen, and an unchanged state comes back as itself (ERR-2: an error changes nothing, and the
 * runner's caches rely on identity). The law against immer is properties/model-step-law.test.ts.
 */
describe('copy-on-write drafts', () => {
  const base = () => {
    const state = { counter: 1, list: [{ n: 1 }, { n: 2 }], record: { a: { n: 1 } } };
    deepFreeze(state);
    return state;
  };

  it('own copies a shared object once, splices the copy in, and leaves the previous state alone', () => {
    const state = base();
    const draft = beginDraft(state);
    const list = own(draft, 'list');
    expect(list).not.toBe(state.list);
    expect(own(draft, 'list')).toBe(list); // owned already: no second copy
    own(list, 1).n = 3;
    list.push({ n: 4 });
    const next = finishDraft(state, draft);
    expect(next.list.map((x) => x.n)).toEqual([1, 3, 4]);
    expect(state.list.map((x) => x.n)).toEqual([1, 2]);
    expect(next.list[0]).toBe(state.list[0]); // unchanged parts are shared
    expect(next.record).toBe(state.record);
    expect(Object.isFrozen(next) && Object.isFrozen(next.list) && Object.isFrozen(next.list[2])).toBe(true);
  });

  it('a write to an object the step did not own throws instead of changing an earlier state', () => {
    const state = base();
    const draft = beginDraft(state);
    expect(() => {
      draft.record.a.n = 2;
    }).toThrow(TypeError);
    expect(() => own(draft.record, 'a')).toThrow(TypeError); // the path from the root must be owned first
    expect(state.record.a.n).toBe(1);
  });

  it('a step that owns nothing returns the very same state', () => {
    const state = base();
    const draft = beginDraft(state);
    draft.counter = state.counter;
    expect(finishDraft(state, draft)).toBe(state);
  });

  it('model steps return frozen states and keep the previous ones (MAP-1, POOL-1, ERR-2)', () => {
    const d = new ModelDriver();
    const before = d.state;
    d.system();
    const pool = d.pool();
    expect(before.system).toBeNull();
    expect(Object.isFrozen(d.state) && Object.isFrozen(d.state.pools[0].targets)).toBe(true);
    const afterCreate = d.state;
    expect(d.code({ type: 'pool.create', owner: { user: 'alice@', groups: ['lab@'] }, label: 'bad label!' })).toBe('INVAL');
    expect(d.state).toBe(afterCreate); // ERR-2: the same object, not a copy
    expect(d.state.pools.map((p) => p.id)).toEqual([pool]);
  });
});

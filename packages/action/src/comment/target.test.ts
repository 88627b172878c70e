import { describe, expect, it } from 'vitest';
import * as events from '../../test/events.js';
import { findTarget } from './target.js';

const target = (event: events.GitHubEvent, prNumber: number | null = null) =>
  findTarget({ eventName: event.name, payload: event.payload }, prNumber);

describe('findTarget (webhooks-examples payloads)', () => {
  it('pull_request and pull_request_target: the PR of the event', () => {
    expect(target(events.pullRequestOpened())).toEqual({
      kind: 'pulls',
      numbers: [2],
      fork: false,
      from: 'the pull_request event',
    });
    expect(target(events.pullRequestOpened('pull_request_target'))).toMatchObject({ numbers: [2] });
  });

  it('knows a fork PR (the token is read-only there)', () => {
    expect(target(events.pullRequestFromFork())).toMatchObject({ kind: 'pulls', numbers: [2], fork: true });
  });

  it('issue_comment: only on a pull request', () => {
    expect(target(events.issueCommentOnPullRequest())).toMatchObject({ kind: 'pulls', numbers: [1] });
    const none = target(events.issueComment());
    expect(none.kind).toBe('none');
    expect(none.kind === 'none' && none.reason).toMatch(/on an issue, not a pull request.*pr-number/);
  });

  it('push: the commit whose open PRs to look up; a deleted ref has none', () => {
    expect(target(events.push())).toEqual({
      kind: 'commit',
      sha: '6113728f27ae82c7b1a177c8d03f9e96e0adf246',
    });
    expect(target(events.pushDeleted()).kind).toBe('none');
  });

  it('workflow_dispatch (and unknown events): none, saying to use pr-number', () => {
    const none = target(events.workflowDispatch());
    expect(none).toEqual({
      kind: 'none',
      reason: expect.stringMatching(/workflow_dispatch event carries no pull request.*pr-number/) as unknown,
    });
    expect(findTarget({ eventName: 'schedule', payload: null }, null).kind).toBe('none');
  });

  it('pr-number wins over any event', () => {
    expect(target(events.workflowDispatch(), 7)).toMatchObject({ kind: 'pulls', numbers: [7] });
    expect(target(events.pullRequestOpened(), 9)).toMatchObject({ kind: 'pulls', numbers: [9] });
  });

  it('ignores payloads that are not what they claim', () => {
    expect(
      findTarget({ eventName: 'pull_request', payload: { pull_request: { number: '2' } } }, null).kind,
    ).toBe('none');
    expect(findTarget({ eventName: 'push', payload: { after: 'main' } }, null).kind).toBe('none');
  });
});

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { KieApiError, KieParseError } from './errors.js';
import { parseTaskResponse } from './record.js';

function onlyKieErrors(body: unknown, httpStatus?: number): void {
  try {
    const record = parseTaskResponse(body, httpStatus === undefined ? {} : { httpStatus });
    expect(Array.isArray(record.resultUrls)).toBe(true);
    expect(['pending', 'success', 'failed']).toContain(record.status);
  } catch (error) {
    if (!(error instanceof KieParseError) && !(error instanceof KieApiError)) throw error;
  }
}

// Records that look almost right reach deeper into the parser than random JSON does.
const nearlyRecord = fc.record(
  {
    code: fc.oneof(fc.constantFrom(200, 401, 404, 422, 429, 455, 500, 501, 505, '200'), fc.jsonValue()),
    msg: fc.oneof(fc.string(), fc.jsonValue()),
    data: fc.oneof(
      fc.jsonValue(),
      fc.record(
        {
          taskId: fc.oneof(fc.string(), fc.jsonValue()),
          state: fc.oneof(
            fc.constantFrom('waiting', 'queuing', 'generating', 'success', 'fail'),
            fc.jsonValue(),
          ),
          param: fc.oneof(fc.json(), fc.jsonValue()),
          resultJson: fc.oneof(fc.json(), fc.jsonValue(), fc.constant('{"resultUrls":[1,"x",null]}')),
          failCode: fc.jsonValue(),
          failMsg: fc.jsonValue(),
          createTime: fc.oneof(fc.integer(), fc.string(), fc.jsonValue()),
          completeTime: fc.oneof(
            fc.double(),
            fc.date().map((d) => (Number.isNaN(d.getTime()) ? 'x' : d.toISOString())),
          ),
          costTime: fc.jsonValue(),
        },
        { requiredKeys: [] },
      ),
    ),
  },
  { requiredKeys: [] },
);

describe('parseTaskResponse never throws anything but KieParseError or KieApiError', () => {
  it('for arbitrary JSON values', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => onlyKieErrors(value)),
      { numRuns: 2000 },
    );
  });

  it('for arbitrary strings and HTTP statuses', () => {
    fc.assert(
      fc.property(
        fc.string(),
        fc.option(fc.integer({ min: 100, max: 599 }), { nil: undefined }),
        (text, status) => onlyKieErrors(text, status),
      ),
      { numRuns: 2000 },
    );
  });

  it('for nearly-valid records, as text and as objects', () => {
    fc.assert(
      fc.property(nearlyRecord, (body) => {
        onlyKieErrors(body);
        onlyKieErrors(JSON.stringify(body));
      }),
      { numRuns: 3000 },
    );
  });

  it('for odd JavaScript values', () => {
    for (const value of [undefined, null, 0, NaN, true, Symbol('x'), () => 1, new Date(), [], new Map()]) {
      onlyKieErrors(value);
    }
  });
});

import { describe, expect, it } from 'vitest';
import { fakeClock, queryAt, recordAt, useFake } from '../test/helpers.js';
import { familyTable } from './families.js';

const start = useFake();

const SQL = /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/;
const ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/;
const TIME = { sql: SQL, iso: ISO } as const;

/** What one family's records must look like over a pending → success / pending → failure lifecycle. */
interface Case {
  family: string;
  path: string;
  /** Raw timeline states: pending, success, failure. */
  states: [string, string, string];
  /** Fields carrying the state, with their exact values (type included) when pending, succeeded, failed. */
  flags: Record<string, [unknown, unknown, unknown]>;
  /** Every field of the record. */
  keys: string[];
  /** Field holding the results (null unless succeeded). */
  results: string;
  /** The default results, given `<url>/files/<taskId>` and the task id. */
  expected: (files: string, taskId: string) => unknown;
  /** Names of the failure code and message fields. */
  errors: [string, string];
  /** Timestamp fields and their format ('ms' = epoch ms number); completeTime is null until terminal. */
  times: Record<string, 'sql' | 'iso' | 'ms'>;
}

const ERR: [string, string] = ['errorCode', 'errorMessage'];
const TOOL_KEYS = [
  'taskId',
  'musicId',
  'callbackUrl',
  'completeTime',
  'response',
  'successFlag',
  'createTime',
  ...ERR,
];

const CASES: Case[] = [
  {
    family: 'veo',
    path: '/api/v1/veo/record-info',
    states: ['0', '1', '3'],
    flags: { successFlag: [0, 1, 3] },
    keys: [
      'taskId',
      'paramJson',
      'completeTime',
      'response',
      'successFlag',
      ...ERR,
      'createTime',
      'fallbackFlag',
    ],
    results: 'response',
    expected: (f, id) => ({
      taskId: id,
      resultUrls: [`${f}-0.mp4`],
      originUrls: [`${f}-origin-0.mp4`],
      resolution: '1080p',
    }),
    errors: ERR,
    times: { createTime: 'sql', completeTime: 'sql' },
  },
  {
    family: '4o-image',
    path: '/api/v1/gpt4o-image/record-info',
    states: ['GENERATING', 'SUCCESS', 'GENERATE_FAILED'],
    flags: { status: ['GENERATING', 'SUCCESS', 'GENERATE_FAILED'], successFlag: [0, 1, 2] },
    keys: [
      'taskId',
      'paramJson',
      'completeTime',
      'response',
      'successFlag',
      'status',
      ...ERR,
      'createTime',
      'progress',
    ],
    results: 'response',
    expected: (f) => ({ resultUrls: [`${f}-0.png`] }),
    errors: ERR,
    times: { createTime: 'iso', completeTime: 'iso' },
  },
  {
    family: 'flux-kontext',
    path: '/api/v1/flux/kontext/record-info',
    states: ['0', '1', '2'],
    flags: { successFlag: [0, 1, 2] },
    keys: ['taskId', 'paramJson', 'completeTime', 'response', 'successFlag', ...ERR, 'createTime'],
    results: 'response',
    expected: (f) => ({ originImageUrl: `${f}-origin-0.png`, resultImageUrl: `${f}-0.png` }),
    errors: ERR,
    times: { createTime: 'iso', completeTime: 'iso' },
  },
  {
    family: 'runway',
    path: '/api/v1/runway/record-detail',
    states: ['queueing', 'success', 'fail'],
    flags: { state: ['queueing', 'success', 'fail'], expireFlag: [0, 0, 0] },
    keys: [
      'taskId',
      'parentTaskId',
      'generateParam',
      'state',
      'generateTime',
      'videoInfo',
      'failCode',
      'failMsg',
      'expireFlag',
    ],
    results: 'videoInfo',
    expected: (f, id) => ({
      videoId: `${id}-video`,
      taskId: id,
      videoUrl: `${f}-0.mp4`,
      imageUrl: `${f}-0.png`,
    }),
    errors: ['failCode', 'failMsg'],
    times: { generateTime: 'sql' },
  },
  {
    family: 'aleph',
    path: '/api/v1/aleph/record-info',
    states: ['0', '1', 'failed'],
    flags: { successFlag: [0, 1, 0] },
    keys: ['taskId', 'paramJson', 'response', 'completeTime', 'createTime', 'successFlag', ...ERR],
    results: 'response',
    expected: (f, id) => ({ taskId: id, resultVideoUrl: `${f}-0.mp4`, resultImageUrl: `${f}-0.png` }),
    errors: ERR,
    times: { createTime: 'iso', completeTime: 'iso' },
  },
  {
    family: 'suno',
    path: '/api/v1/generate/record-info',
    states: ['PENDING', 'SUCCESS', 'GENERATE_AUDIO_FAILED'],
    flags: {
      status: ['PENDING', 'SUCCESS', 'GENERATE_AUDIO_FAILED'],
      operationType: ['generate', 'generate', 'generate'],
    },
    keys: ['taskId', 'parentMusicId', 'param', 'response', 'status', 'type', 'operationType', ...ERR],
    results: 'response',
    expected: (f, id) => ({
      taskId: id,
      sunoData: [0, 1].map((i) => ({
        id: `${id}-track-${i}`,
        audioUrl: `${f}-${i}.mp3`,
        streamAudioUrl: `${f}-${i}-stream.mp3`,
        imageUrl: `${f}-${i}.png`,
        prompt: expect.any(String) as unknown,
        modelName: 'chirp-v4',
        title: `Test Song ${i + 1}`,
        tags: 'test, fake',
        createTime: expect.stringMatching(SQL) as unknown,
        duration: 120.5,
      })),
    }),
    errors: ERR,
    times: {},
  },
  {
    family: 'suno-lyrics',
    path: '/api/v1/lyrics/record-info',
    states: ['PENDING', 'SUCCESS', 'GENERATE_LYRICS_FAILED'],
    flags: { status: ['PENDING', 'SUCCESS', 'GENERATE_LYRICS_FAILED'] },
    keys: ['taskId', 'param', 'response', 'status', 'type', ...ERR],
    results: 'response',
    expected: (_f, id) => ({
      taskId: id,
      lyricsData: [1, 2].map((n) => ({
        text: expect.stringContaining('[Verse]') as unknown,
        title: `Test Lyrics ${n}`,
        status: 'complete',
        errorMessage: '',
      })),
    }),
    errors: ERR,
    times: {},
  },
  {
    family: 'suno-wav',
    path: '/api/v1/wav/record-info',
    states: ['PENDING', 'SUCCESS', 'GENERATE_WAV_FAILED'],
    flags: { successFlag: ['PENDING', 'SUCCESS', 'GENERATE_WAV_FAILED'] },
    keys: TOOL_KEYS,
    results: 'response',
    expected: (f) => ({ audioWavUrl: `${f}-0.wav` }),
    errors: ERR,
    times: { createTime: 'ms', completeTime: 'ms' },
  },
  {
    family: 'suno-vocal-removal',
    path: '/api/v1/vocal-removal/record-info',
    states: ['PENDING', 'SUCCESS', 'GENERATE_AUDIO_FAILED'],
    flags: { successFlag: ['PENDING', 'SUCCESS', 'GENERATE_AUDIO_FAILED'] },
    keys: TOOL_KEYS,
    results: 'response',
    expected: (f) => ({
      originUrl: `${f}-origin.mp3`,
      instrumentalUrl: `${f}-instrumental.mp3`,
      vocalUrl: `${f}-vocal.mp3`,
      backingVocalsUrl: null,
      drumsUrl: null,
      bassUrl: null,
      guitarUrl: null,
      keyboardUrl: null,
      percussionUrl: null,
      stringsUrl: null,
      synthUrl: null,
      fxUrl: null,
      brassUrl: null,
      woodwindsUrl: null,
    }),
    errors: ERR,
    times: { createTime: 'ms', completeTime: 'ms' },
  },
  {
    family: 'suno-mp4',
    path: '/api/v1/mp4/record-info',
    states: ['PENDING', 'SUCCESS', 'GENERATE_MP4_FAILED'],
    flags: { successFlag: ['PENDING', 'SUCCESS', 'GENERATE_MP4_FAILED'] },
    keys: TOOL_KEYS,
    results: 'response',
    expected: (f) => ({ videoUrl: `${f}-0.mp4` }),
    errors: ERR,
    times: { createTime: 'ms', completeTime: 'ms' },
  },
  {
    family: 'suno-midi',
    path: '/api/v1/midi/record-info',
    states: ['0', '1', '3'],
    flags: { successFlag: [0, 1, 3], recordTaskId: [-1, -1, -1] },
    keys: [
      'taskId',
      'recordTaskId',
      'audioId',
      'callbackUrl',
      'completeTime',
      'midiData',
      'successFlag',
      'createTime',
      ...ERR,
    ],
    results: 'midiData',
    expected: () => ({
      state: 'complete',
      instruments: [
        {
          name: 'Drums',
          notes: expect.arrayContaining([
            { pitch: 73, start: 0.036458333333333336, end: 0.18229166666666666, velocity: 1 },
          ]) as unknown,
        },
        {
          name: 'Electric Bass (finger)',
          notes: [{ pitch: 44, start: 7.6875, end: 7.911458333333333, velocity: 1 }],
        },
      ],
    }),
    errors: ERR,
    times: { createTime: 'ms', completeTime: 'ms' },
  },
  {
    family: 'suno-cover',
    path: '/api/v1/suno/cover/record-info',
    states: ['0', '1', '2'],
    flags: { successFlag: [0, 1, 2] },
    keys: [
      'taskId',
      'parentTaskId',
      'callbackUrl',
      'completeTime',
      'response',
      'successFlag',
      'createTime',
      ...ERR,
    ],
    results: 'response',
    expected: (f) => ({ images: [`${f}-0.png`, `${f}-1.png`] }),
    errors: ERR,
    times: { createTime: 'ms', completeTime: 'ms' },
  },
  {
    family: 'midjourney',
    path: '/api/v1/mj/record-info',
    states: ['0', '1', '2'],
    flags: { successFlag: [0, 1, 2], taskType: ['mj_txt2img', 'mj_txt2img', 'mj_txt2img'] },
    keys: [
      'taskId',
      'taskType',
      'paramJson',
      'completeTime',
      'resultInfoJson',
      'successFlag',
      ...ERR,
      'createTime',
    ],
    results: 'resultInfoJson',
    expected: (f) => ({ resultUrls: [0, 1, 2, 3].map((n) => ({ resultUrl: `${f}-${n}.png` })) }),
    errors: ERR,
    times: { createTime: 'iso', completeTime: 'iso' },
  },
  {
    family: 'luma',
    path: '/api/v1/modify/record-info',
    states: ['0', '1', '3'],
    flags: { successFlag: [0, 1, 3] },
    keys: ['taskId', 'paramJson', 'completeTime', 'response', 'successFlag', ...ERR, 'createTime'],
    results: 'response',
    expected: (f, id) => ({ taskId: id, resultUrls: [`${f}-0.mp4`], originUrls: [`${f}-origin-0.mp4`] }),
    errors: ERR,
    times: { createTime: 'iso', completeTime: 'iso' },
  },
];

/** Every string in `value` that looks like one of the fake's file URLs. */
function urlsIn(value: unknown, base: string): string[] {
  if (typeof value === 'string') return value.startsWith(`${base}/files/`) ? [value] : [];
  if (Array.isArray(value)) return value.flatMap((v) => urlsIn(v, base));
  if (typeof value === 'object' && value !== null)
    return Object.values(value).flatMap((v) => urlsIn(v, base));
  return [];
}

function expectTime(value: unknown, format: 'sql' | 'iso' | 'ms'): void {
  if (format === 'ms') expect(typeof value).toBe('number');
  else expect(value).toMatch(TIME[format]);
}

describe('family registry', () => {
  it('serves market and every dedicated family, each on its own status path', () => {
    const table = familyTable();
    expect(table.map((f) => f.family)).toEqual(['market', ...CASES.map((c) => c.family)]);
    expect(table.slice(1).map((f) => f.statusPath)).toEqual(CASES.map((c) => c.path));
    expect(new Set(table.map((f) => f.statusPath)).size).toBe(table.length);
  });
});

describe.each(CASES)('$family at $path', (c) => {
  const [pendingState, successState, failState] = c.states;
  const lifecycle = (taskId: string, last: string) => ({
    taskId,
    family: c.family,
    timeline: [{ state: pendingState }, { state: last, afterPolls: 1 }],
    failCode: '451',
    failMsg: 'Failed to fetch the image',
  });

  it('goes from pending to success with the documented fields and JSON types', async () => {
    const fake = await start({ tasks: [lifecycle('ok', successState)] });
    const pending = await recordAt(fake, c.path, 'ok');
    expect(Object.keys(pending).sort()).toEqual([...c.keys].sort());
    expect(pending['taskId']).toBe('ok');
    for (const [field, values] of Object.entries(c.flags)) expect(pending[field]).toStrictEqual(values[0]);
    expect(pending[c.results]).toBeNull();
    if (c.family === 'aleph') {
      expect([pending['errorCode'], pending['errorMessage']]).toEqual([0, '']);
    } else {
      expect([pending[c.errors[0]], pending[c.errors[1]]]).toEqual([null, null]);
    }
    if ('completeTime' in pending) expect(pending['completeTime']).toBeNull();

    const done = await recordAt(fake, c.path, 'ok');
    expect(Object.keys(done).sort()).toEqual([...c.keys].sort());
    for (const [field, values] of Object.entries(c.flags)) expect(done[field]).toStrictEqual(values[1]);
    expect(done[c.results]).toEqual(c.expected(`${fake.url}/files/ok`, 'ok'));
    for (const [field, format] of Object.entries(c.times)) expectTime(done[field], format);
    if (c.family !== 'aleph') expect(done[c.errors[0]]).toBeNull();
    const urls = urlsIn(done[c.results], fake.url);
    expect(urls.length > 0).toBe(!['suno-lyrics', 'suno-midi'].includes(c.family));
    for (const url of urls) expect((await fetch(url)).status).toBe(200);
  });

  it('goes from pending to failure with the failure code as a number and no results', async () => {
    const fake = await start({ tasks: [lifecycle('bad', failState)] });
    await recordAt(fake, c.path, 'bad');
    const failed = await recordAt(fake, c.path, 'bad');
    expect(Object.keys(failed).sort()).toEqual([...c.keys].sort());
    for (const [field, values] of Object.entries(c.flags)) expect(failed[field]).toStrictEqual(values[2]);
    expect(failed[c.results]).toBeNull();
    expect(failed[c.errors[0]]).toBe(451);
    expect(failed[c.errors[1]]).toBe('Failed to fetch the image');
    for (const [field, format] of Object.entries(c.times)) expectTime(failed[field], format);
  });

  it('defaults to an immediate success and a JSON-string param', async () => {
    const fake = await start({ tasks: [{ taskId: 'd', family: c.family }] });
    const record = await recordAt(fake, c.path, 'd');
    for (const [field, values] of Object.entries(c.flags)) expect(record[field]).toStrictEqual(values[1]);
    // The documented field (from the case, not from the record): a renderer that dropped it fails here.
    const paramField = c.keys.find((key) => key === 'paramJson' || key === 'param');
    if (paramField) expect(JSON.parse(record[paramField] as string)).toEqual({ prompt: 'test prompt' });
    else expect(Object.keys(record).filter((key) => /^param/i.test(key))).toEqual([]);
  });

  it('is visible only on its own path; other families answer like an unknown task', async () => {
    const fake = await start({ tasks: [{ taskId: 'mine', family: c.family }] });
    expect((await queryAt(fake, c.path, 'mine')).body.code).toBe(200);
    for (const other of familyTable().filter((f) => f.family !== c.family)) {
      const { status, body } = await queryAt(fake, other.statusPath, 'mine');
      expect(status).toBe(200);
      expect(body).toEqual({ code: 422, msg: 'recordInfo is null', data: null });
    }
    expect(fake.requestsFor('mine').filter((r) => r.poll !== null)).toHaveLength(1);
  });

  it('sends a given response verbatim once success-like, with {{url}} replaced; null stays null', async () => {
    const fake = await start({
      tasks: [
        { taskId: 'own', family: c.family, response: { custom: ['{{url}}/files/own.bin'], n: 1 } },
        { taskId: 'nil', family: c.family, response: null },
      ],
    });
    expect((await recordAt(fake, c.path, 'own'))[c.results]).toEqual({
      custom: [`${fake.url}/files/own.bin`],
      n: 1,
    });
    expect((await recordAt(fake, c.path, 'nil'))[c.results]).toBeNull();
  });
});

describe('family details', () => {
  it('unknownTask not-found-404 also applies to a task queried on another family', async () => {
    const fake = await start({ unknownTask: 'not-found-404', tasks: [{ taskId: 'v', family: 'veo' }] });
    expect((await queryAt(fake, '/api/v1/jobs/recordInfo', 'v')).body).toEqual({
      code: 404,
      msg: 'Task not found',
      data: null,
    });
  });

  it('integer flags: integer states are numbers, other states strings; unknown states are pending', async () => {
    const fake = await start({
      tasks: [
        { taskId: 'seven', family: 'veo', timeline: [{ state: '7' }] },
        { taskId: 'paused', family: 'flux-kontext', timeline: [{ state: 'paused' }] },
      ],
    });
    const seven = await recordAt(fake, '/api/v1/veo/record-info', 'seven');
    expect(seven).toMatchObject({ successFlag: 7, response: null, completeTime: null, errorCode: null });
    const paused = await recordAt(fake, '/api/v1/flux/kontext/record-info', 'paused');
    expect(paused).toMatchObject({ successFlag: 'paused', response: null, completeTime: null });
  });

  it('4o-image: result_urls on request, progress rising per query, "1.00" once done', async () => {
    const fake = await start({
      tasks: [
        { taskId: 'snake', family: '4o-image', resultUrlsKey: 'result_urls' },
        {
          taskId: 'slow',
          family: '4o-image',
          timeline: [{ state: 'GENERATING' }, { state: 'SUCCESS', afterPolls: 3 }],
        },
      ],
    });
    const path = '/api/v1/gpt4o-image/record-info';
    expect((await recordAt(fake, path, 'snake'))['response']).toEqual({
      result_urls: [`${fake.url}/files/snake-0.png`],
    });
    const progress = [];
    for (let i = 0; i < 4; i++) progress.push((await recordAt(fake, path, 'slow'))['progress']);
    expect(progress).toEqual(['0.00', '0.10', '0.20', '1.00']);
  });

  it('aleph: "failed" renders successFlag 0 with the error fields, telling it apart from pending', async () => {
    const fake = await start({
      tasks: [
        { taskId: 'a', family: 'aleph', timeline: [{ state: 'failed' }], failMsg: 'Your prompt was caught' },
      ],
    });
    const record = await recordAt(fake, '/api/v1/aleph/record-info', 'a');
    expect(record).toMatchObject({
      successFlag: 0,
      errorCode: 500,
      errorMessage: 'Your prompt was caught',
      response: null,
    });
    expect(record['completeTime']).toMatch(ISO);
  });

  it('suno: TEXT_SUCCESS has tracks without URLs, FIRST_SUCCESS streams the first track only', async () => {
    const fake = await start({
      tasks: [
        {
          taskId: 's',
          family: 'suno',
          timeline: [
            { state: 'PENDING' },
            { state: 'TEXT_SUCCESS', afterPolls: 1 },
            { state: 'FIRST_SUCCESS', afterPolls: 2 },
            { state: 'SUCCESS', afterPolls: 3 },
          ],
        },
      ],
    });
    const path = '/api/v1/generate/record-info';
    type Track = Record<string, unknown>;
    const tracks = async (): Promise<Track[] | null> => {
      const response = (await recordAt(fake, path, 's'))['response'] as { sunoData: Track[] } | null;
      return response?.sunoData ?? null;
    };
    expect(await tracks()).toBeNull();
    const text = await tracks();
    expect(text?.map((t) => [t['audioUrl'], t['streamAudioUrl'], t['duration']])).toEqual([
      ['', '', null],
      ['', '', null],
    ]);
    const first = await tracks();
    expect(first?.map((t) => [t['audioUrl'], t['streamAudioUrl']])).toEqual([
      ['', `${fake.url}/files/s-0-stream.mp3`],
      ['', ''],
    ]);
    const all = await tracks();
    expect(all?.every((t) => typeof t['audioUrl'] === 'string' && t['audioUrl'] !== '')).toBe(true);
  });

  it('suno CALLBACK_EXCEPTION and luma 4 show results AND error fields', async () => {
    const fake = await start({
      tasks: [
        { taskId: 'cb', family: 'suno', timeline: [{ state: 'CALLBACK_EXCEPTION' }] },
        { taskId: 'l4', family: 'luma', timeline: [{ state: '4' }], failMsg: 'callback url unreachable' },
      ],
    });
    const cb = await recordAt(fake, '/api/v1/generate/record-info', 'cb');
    expect(cb).toMatchObject({
      status: 'CALLBACK_EXCEPTION',
      errorCode: 500,
      errorMessage: 'Callback failed',
    });
    expect((cb['response'] as { sunoData: unknown[] }).sunoData).toHaveLength(2);
    const l4 = await recordAt(fake, '/api/v1/modify/record-info', 'l4');
    expect(l4).toMatchObject({ successFlag: 4, errorCode: 500, errorMessage: 'callback url unreachable' });
    expect((l4['response'] as { resultUrls: string[] }).resultUrls).toEqual([`${fake.url}/files/l4-0.mp4`]);
    expect(l4['completeTime']).toMatch(ISO);
  });

  it('timeFormat overrides the family format; nullsWhilePending false sends "" for blank fields', async () => {
    const fake = await start({
      tasks: [
        { taskId: 'ms', family: 'veo', timeFormat: 'epoch-ms' },
        { taskId: 'sql', timeFormat: 'sql' },
        { taskId: 'blank', family: 'flux-kontext', timeline: [{ state: '0' }], nullsWhilePending: false },
      ],
    });
    const ms = await recordAt(fake, '/api/v1/veo/record-info', 'ms');
    expect(typeof ms['createTime']).toBe('number');
    expect(ms['completeTime']).toBe(ms['createTime']);
    const market = await recordAt(fake, '/api/v1/jobs/recordInfo', 'sql');
    expect(market['createTime']).toMatch(SQL);
    expect(typeof market['costTime']).toBe('number');
    const blank = await recordAt(fake, '/api/v1/flux/kontext/record-info', 'blank');
    expect(blank).toMatchObject({ completeTime: '', errorCode: '', errorMessage: '', response: null });
  });

  it('runway: generateParam is an object built from param; failCode stays a string when not numeric', async () => {
    const fake = await start({
      tasks: [
        {
          taskId: 'r',
          family: 'runway',
          param: { prompt: 'a cat', imageUrl: 'https://x/y.png', expandPrompt: true, extra: 1 },
          timeline: [{ state: 'fail' }],
          failCode: 'E_POLICY',
        },
      ],
    });
    const record = await recordAt(fake, '/api/v1/runway/record-detail', 'r');
    expect(record).toMatchObject({
      generateParam: { prompt: 'a cat', imageUrl: 'https://x/y.png', expandPrompt: true },
      failCode: 'E_POLICY',
      failMsg: 'Generation failed',
      videoInfo: null,
    });
  });
});

describe('perTaskRateLimit', () => {
  const PATH = '/api/v1/generate/record-info';

  it('is off by default', async () => {
    const fake = await start({ tasks: [{ taskId: 's', family: 'suno' }] });
    const codes = [];
    for (let i = 0; i < 6; i++) codes.push((await queryAt(fake, PATH, 's')).body.code);
    expect(codes).toEqual([200, 200, 200, 200, 200, 200]);
  });

  it('true allows 3 queries per second per task; excess gets HTTP 200, envelope 429, and is no poll', async () => {
    const advance = fakeClock();
    const fake = await start({
      tasks: [
        {
          taskId: 's',
          family: 'suno',
          perTaskRateLimit: true,
          timeline: [{ state: 'PENDING' }, { state: 'SUCCESS', afterPolls: 3 }],
        },
        { taskId: 'other', family: 'suno', perTaskRateLimit: true },
      ],
    });
    const answers = [];
    for (let i = 0; i < 5; i++) answers.push(await queryAt(fake, PATH, 's'));
    expect(answers.map((a) => [a.status, a.body.code])).toEqual([
      [200, 200],
      [200, 200],
      [200, 200],
      [200, 429],
      [200, 429],
    ]);
    expect(answers[3]?.body.data).toBeNull();
    // Another task has its own budget.
    expect((await queryAt(fake, PATH, 'other')).body.code).toBe(200);
    expect(fake.requestsFor('s').map((r) => r.poll)).toEqual([1, 2, 3, null, null]);
    advance(1050);
    // Refused queries did not count: the 4th poll now sees SUCCESS (afterPolls 3).
    expect((await recordAt(fake, PATH, 's'))['status']).toBe('SUCCESS');
  });

  it('a server-wide window applies to every task; a scenario can opt out', async () => {
    const fake = await start({
      perTaskRateLimit: { maxRequests: 1, windowMs: 60_000 },
      tasks: [{ taskId: 'a' }, { taskId: 'free', perTaskRateLimit: false }],
    });
    const market = '/api/v1/jobs/recordInfo';
    expect((await queryAt(fake, market, 'a')).body.code).toBe(200);
    expect((await queryAt(fake, market, 'a')).body).toMatchObject({ code: 429, data: null });
    for (let i = 0; i < 3; i++) expect((await queryAt(fake, market, 'free')).body.code).toBe(200);
  });
});

describe('Veo fullResultUrls and the older Runway shape', () => {
  it('adds response.fullResultUrls (default or given) beside resultUrls', async () => {
    const fake = await start({
      tasks: [
        { taskId: 'ext', family: 'veo', fullResultUrls: true },
        { taskId: 'given', family: 'veo', fullResultUrls: ['{{url}}/files/stitched.mp4'] },
        { taskId: 'plain', family: 'veo' },
      ],
    });
    const path = '/api/v1/veo/record-info';
    const ext = (await recordAt(fake, path, 'ext'))['response'] as Record<string, unknown>;
    expect(ext['resultUrls']).toEqual([`${fake.url}/files/ext-0.mp4`]);
    expect(ext['fullResultUrls']).toEqual([`${fake.url}/files/ext-full-0.mp4`]);
    const given = (await recordAt(fake, path, 'given'))['response'] as Record<string, unknown>;
    expect(given['fullResultUrls']).toEqual([`${fake.url}/files/stitched.mp4`]);
    const plain = (await recordAt(fake, path, 'plain'))['response'] as Record<string, unknown>;
    expect(plain).not.toHaveProperty('fullResultUrls');
  });

  it('leaves out data.taskId for Runway with omitTaskId (videoInfo.taskId stays)', async () => {
    const fake = await start({
      tasks: [
        { taskId: 'old', family: 'runway', omitTaskId: true },
        { taskId: 'oldp', family: 'runway', omitTaskId: true, timeline: [{ state: 'wait' }] },
      ],
    });
    const path = '/api/v1/runway/record-detail';
    const old = await recordAt(fake, path, 'old');
    expect(old).not.toHaveProperty('taskId');
    expect((old['videoInfo'] as Record<string, unknown>)['taskId']).toBe('old');
    const pending = await recordAt(fake, path, 'oldp');
    expect(pending).not.toHaveProperty('taskId');
    expect(pending['videoInfo']).toBeNull();
  });
});

// Downloading MMS media with the account's credentials (carriers.md §1.1 "Media access").
import { startSandbox, type Sandbox } from '@smsbridge/sandbox';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { InboundMedia } from '../carrier-adapter.ts';
import { createTwilioAdapter } from './index.ts';
import {
  ACCOUNT_SID,
  AUTH_TOKEN,
  BUSINESS,
  CUSTOMER,
  startFakeTwilio,
  type FakeTwilio,
} from './test-support.ts';

async function sandboxWith(mediaRequiresAuth: boolean): Promise<Sandbox> {
  return startSandbox({
    twilio: {
      accountSid: ACCOUNT_SID,
      authToken: AUTH_TOKEN,
      numbers: [{ number: BUSINESS, smsUrl: 'http://127.0.0.1:9/unused' }],
      mediaRequiresAuth,
    },
    zendesk: { subdomain: 'acme', email: 'api@acme.test', apiToken: 'zendesk-token' },
  });
}

/** Media as the inbound webhook lists it: the stand-in's MediaUrl{i}/MediaContentType{i}. */
function mediaOf(sandbox: Sandbox, items: { contentType: string; data: Buffer }[]): InboundMedia[] {
  const fields = new Map(
    sandbox.twilio.prepareInbound({ from: CUSTOMER, to: BUSINESS, body: '', media: items }).fields,
  );
  return items.map((_, i) => ({
    url: fields.get(`MediaUrl${i}`) ?? '',
    contentType: fields.get(`MediaContentType${i}`) ?? '',
  }));
}

describe('fetchMedia', () => {
  let sandbox: Sandbox;
  beforeAll(async () => {
    sandbox = await sandboxWith(true);
  });
  afterAll(async () => {
    await sandbox.close();
  });

  const adapter = (authToken = AUTH_TOKEN) =>
    createTwilioAdapter(
      { accountSid: ACCOUNT_SID, authToken, apiBaseUrl: sandbox.twilioApiBaseUrl },
      { fetch },
    );

  it('downloads the bytes with their content type and names the file after the MediaSid', async () => {
    const jpeg = Buffer.from([0xff, 0xd8, 0xff, 0xe0, 1, 2, 3]);
    const [item] = mediaOf(sandbox, [{ contentType: 'image/jpeg', data: jpeg }]);
    const fetched = await adapter().fetchMedia(item as InboundMedia);
    expect(fetched.data.equals(jpeg)).toBe(true);
    expect(fetched.contentType).toBe('image/jpeg');
    expect(fetched.filename).toMatch(/^ME[0-9a-f]{32}\.jpg$/);
    expect(item?.url.endsWith(fetched.filename.replace('.jpg', ''))).toBe(true);
  });

  it.each([
    ['image/png', 'png'],
    ['video/mp4', 'mp4'],
    ['text/vcard', 'vcf'],
    ['application/pdf', 'pdf'],
    ['application/x-unknown', 'bin'],
  ])('gives %s the extension .%s', async (contentType, extension) => {
    const [item] = mediaOf(sandbox, [{ contentType, data: Buffer.from('x') }]);
    const fetched = await adapter().fetchMedia(item as InboundMedia);
    expect(fetched.contentType).toBe(contentType);
    expect(fetched.filename.endsWith(`.${extension}`)).toBe(true);
  });

  it('rejects with a clear message when Twilio refuses the credentials', async () => {
    const [item] = mediaOf(sandbox, [{ contentType: 'image/png', data: Buffer.from('x') }]);
    await expect(adapter('wrong').fetchMedia(item as InboundMedia)).rejects.toThrow(
      /^fetchMedia: Twilio answered HTTP 401 for ME[0-9a-f]{32}$/,
    );
  });

  it('rejects when the media is gone', async () => {
    const [item] = mediaOf(sandbox, [{ contentType: 'image/png', data: Buffer.from('x') }]);
    sandbox.twilio.reset();
    await expect(adapter().fetchMedia(item as InboundMedia)).rejects.toThrow(/HTTP 404/);
  });

  it('never sends the credentials to another host', async () => {
    const requests: string[] = [];
    const spying = createTwilioAdapter(
      { accountSid: ACCOUNT_SID, authToken: AUTH_TOKEN },
      {
        fetch: (input) => {
          requests.push(input instanceof Request ? input.url : input.toString());
          return Promise.resolve(new Response('x'));
        },
      },
    );
    for (const url of [
      'https://evil.example/ME1',
      'http://api.twilio.com/x',
      'https://api.twilio.com.evil.example/x',
    ]) {
      await expect(spying.fetchMedia({ url, contentType: 'image/png' })).rejects.toThrow(
        /refusing to send Twilio credentials/,
      );
    }
    expect(requests).toEqual([]);
  });

  it('rejects media that is not an object with a URL', async () => {
    await expect(adapter().fetchMedia(null as never)).rejects.toThrow(TypeError);
    await expect(
      adapter().fetchMedia({ url: 'not a url', contentType: 'image/png' }),
    ).rejects.toThrow(/absolute URL/);
  });
});

describe('fetchMedia without media auth, and odd answers', () => {
  let fake: FakeTwilio | undefined;
  afterEach(async () => {
    await fake?.close();
    fake = undefined;
  });

  it('works when the account does not protect media', async () => {
    const open = await sandboxWith(false);
    try {
      const [item] = mediaOf(open, [{ contentType: 'image/gif', data: Buffer.from('GIF89a') }]);
      const adapter = createTwilioAdapter(
        { accountSid: ACCOUNT_SID, authToken: AUTH_TOKEN, apiBaseUrl: open.twilioApiBaseUrl },
        { fetch },
      );
      expect((await adapter.fetchMedia(item as InboundMedia)).data.toString()).toBe('GIF89a');
    } finally {
      await open.close();
    }
  });

  it('falls back to the webhook content type, then to octet-stream, when the response has none', async () => {
    fake = await startFakeTwilio((_req, res) => {
      res.removeHeader('content-type');
      res.writeHead(200).end('bytes');
    });
    const adapter = createTwilioAdapter(
      { accountSid: ACCOUNT_SID, authToken: AUTH_TOKEN, apiBaseUrl: fake.url },
      { fetch },
    );
    const url = `${fake.url}/2010-04-01/Accounts/${ACCOUNT_SID}/Messages/MM1/Media/ME${'1'.repeat(32)}`;
    expect(await adapter.fetchMedia({ url, contentType: 'image/png' })).toMatchObject({
      contentType: 'image/png',
    });
    const unknown = await adapter.fetchMedia({ url, contentType: 'garbage' });
    expect(unknown.contentType).toBe('application/octet-stream');
    expect(unknown.filename).toBe(`ME${'1'.repeat(32)}.bin`);
  });
});
